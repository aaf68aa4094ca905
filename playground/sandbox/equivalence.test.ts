import { describe, expect, it } from 'vitest';
import { FIXTURE_KUBE_ENTRY } from './bundle';
import * as fixtureKube from './fixtures/mini-kube-entry';
import { createNodeRunner } from './node-runner';
import { compareWithSandbox } from './node-equivalence';

// The same steps must print the same lines and record the same trace in Node and in QuickJS.
// The fixture stands in for the control plane until the chapters' own steps are checked this way.
const runner = createNodeRunner({ entry: FIXTURE_KUBE_ENTRY });

const scenarios: [string, string[]][] = [
  [
    'create and read back pods over several steps',
    [
      'import { createCluster } from "kube";\nconst cluster = createCluster({ nodes: 3 });\nconsole.log("made a cluster");',
      'for (const name of ["a", "b", "c", "d"]) await cluster.create({ kind: "Pod", metadata: { name } });',
      'const pod = await cluster.get("Pod", "c");\nconsole.log(pod.spec, pod.metadata);\nconsole.table(cluster.etcdKeys().map((k) => ({ key: k.key, rev: k.modRevision })));',
    ],
  ],
  [
    'concurrent calls and an expected conflict',
    [
      'import { createCluster } from "kube";\nconst c = createCluster();\nconst made = await Promise.all([c.create({ kind: "Pod", metadata: { name: "x" } }), c.create({ kind: "Pod", metadata: { name: "y" } })]);\nconsole.log(made.map((p) => p.metadata.resourceVersion));\ntry {\n  await c.create({ kind: "Pod", metadata: { name: "x" } });\n} catch (e) {\n  console.log(String(e));\n}',
    ],
  ],
  [
    'reader code interleaving with the simulation',
    [
      'import * as kube from "kube";\nconst c = kube.createCluster();\nconst log: string[] = [];\nconst slow = (async () => { for (let i = 0; i < 3; i++) { await __kubeYield(); log.push("tick " + i); } })();\nawait c.create({ kind: "Pod", metadata: { name: "p" } });\nlog.push("created");\nawait slow;\nconsole.log(log, kube.VERSION);',
    ].map((s) => `declare const __kubeYield: () => Promise<void>;\n${s}`),
  ],
];

describe('Node and the sandbox agree', () => {
  it.each(scenarios)('%s', async (_label, steps) => {
    const report = await compareWithSandbox(runner, steps, fixtureKube);
    expect(report.differences).toEqual([]);
    expect(report.sandbox.ok).toBe(true);
    expect(report.sandbox.consoleLines.length).toBeGreaterThan(0);
  });

  it('notices when they do not agree', async () => {
    // Math.random differs between the two runs: the helper must say so.
    const report = await compareWithSandbox(runner, ['console.log(Math.random())'], fixtureKube);
    expect(report.differences.join('\n')).toContain('console lines differ');
  });
});
