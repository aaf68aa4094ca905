// The local API endpoint (`npm run cluster`) under a real client:
//   server.create_pod_p50_ms   median latency of one pod create (client-node, sequential, HTTPS)
//   server.create_pod_per_s    pods created per second over those 1,000 creates
//   server.idle_rss_mb         resident memory of the `npm run cluster` process once its nodes are Ready and it is idle
// The server runs as its own process, exactly as the CLI starts it, so the client's work is not counted in its memory.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const PODS = 1000;

function startCluster(rootDir, kubeconfig) {
  const child = spawn(process.execPath, [join(rootDir, 'server', 'cluster.mjs'), '--port', '0', '--kubeconfig', kubeconfig], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`npm run cluster did not start within 60 s:\n${output}`)), 60_000);
    const onData = (chunk) => {
      output += chunk.toString();
      const match = /serving at (https:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1] });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`npm run cluster exited with ${code}:\n${output}`)));
  });
}

const rssMb = (pid) => {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
  return Math.round((kb / 1024) * 10) / 10;
};

export async function run(context) {
  const { CoreV1Api, KubeConfig } = await import('@kubernetes/client-node');
  const dir = mkdtempSync(join(tmpdir(), 'bench-server-'));
  const kubeconfig = join(dir, 'kubeconfig');
  const { child } = await startCluster(context.rootDir, kubeconfig);
  try {
    await sleep(2000); // let start-up garbage be collected and the node heartbeats settle
    const idleRss = rssMb(child.pid);
    const kc = new KubeConfig();
    kc.loadFromFile(kubeconfig);
    const core = kc.makeApiClient(CoreV1Api);
    await core.createNamespace({ body: { metadata: { name: 'bench' } } });
    const latencies = [];
    context.log(`creating ${PODS} pods`);
    const started = performance.now();
    for (let i = 0; i < PODS; i++) {
      const t = performance.now();
      await core.createNamespacedPod({ namespace: 'bench', body: { metadata: { name: `pod-${i}` }, spec: { containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.10' }] } } });
      latencies.push(performance.now() - t);
    }
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    return {
      'server.create_pod_p50_ms': Math.round(latencies[Math.floor(latencies.length / 2)] * 100) / 100,
      'server.create_pod_per_s': Math.round(PODS / seconds),
      'server.idle_rss_mb': idleRss,
      notes: [`${PODS} sequential creates over HTTPS against 2 simulated nodes (pods beyond their capacity stay Pending); p99 ${latencies[Math.floor(latencies.length * 0.99)].toFixed(1)} ms`],
    };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    rmSync(dir, { recursive: true, force: true });
  }
}
