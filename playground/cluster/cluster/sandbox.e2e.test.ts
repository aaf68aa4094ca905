import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createNodeRunner } from '../../sandbox/node-runner';
import { compareWithSandbox } from '../../sandbox/node-equivalence';
import * as kube from '../../sandbox/kube-entry';

// The same steps must print the same lines, trace and keys in Node and inside QuickJS.
const runner = createNodeRunner({ entry: fileURLToPath(new URL('../../sandbox/kube-entry.ts', import.meta.url)) });

describe('the control plane in the sandbox', () => {
  it('runs a pod, a reader watch with awaits, and a manifest edit identically in Node and QuickJS', async () => {
    const steps = [
      'import { createCluster } from "kube";\nconst cluster = createCluster();\nconsole.log(await cluster.kubectl("get nodes"));',
      [
        'const client = cluster.client("kubernetes-admin", { participant: "labeller" });',
        'client.watch({ resource: "pods", namespace: "default" }, {}, async (event) => {',
        '  if (event.type !== "ADDED") return;',
        '  const name = event.object.metadata.name;',
        '  await client.patch({ resource: "pods", name }, { metadata: { labels: { seen: "yes" } } });',
        '  console.log("labelled", name, "at", cluster.now());',
        '});',
        'console.log(await cluster.kubectl("run nginx --image=nginx:1.27"));',
        'console.log((await cluster.run()).summary);',
        'console.log(await cluster.kubectl("get pods -o wide"));',
      ].join('\n'),
      [
        'await cluster.host.sh("sed -i s/--authorization-mode=Node,RBAC/--authorization-mode=AlwaysAllow/ /etc/kubernetes/manifests/kube-apiserver.yaml");',
        'await cluster.run({ for: "1500ms" });',
        'console.log(await cluster.kubectl("get pods"));',
        'await cluster.run();',
        'console.log(await cluster.host.sh("ps aux | grep -v grep | grep -o -e --authorization-mode=[A-Za-z,]*"));',
      ].join('\n'),
    ];
    const report = await compareWithSandbox(runner, steps, kube);
    expect(report.differences).toEqual([]);
    expect(report.sandbox.ok).toBe(true);
    const text = report.sandbox.consoleLines.map((l) => l.text).join('\n');
    expect(text).toContain('The connection to the server 10.0.0.10:6443 was refused');
    expect(text).toContain('--authorization-mode=AlwaysAllow');
    // The whole run's trace (pod creation, the labeller, the restart) matched entry for entry.
    expect(report.sandbox.trace.length).toBeGreaterThan(100);
  }, 60_000);
});
