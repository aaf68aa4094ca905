// Control-plane throughput: creating pods through kube-apiserver (authn, admission, validation,
// etcd) and running the simulation until kube-scheduler has bound every one of them, with the
// real kubelets, controllers and watches in place. Host CPU time is counted (process.cpuUsage),
// not wall time, so a busy machine skews the figure less.
//
// The workload is varied on purpose: pods differ in requests, 10% of nodes carry a taint that
// only 10% of pods tolerate, 20% of pods require a zone and 10% prefer SSD nodes.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

/** nodeSpecs describes `count` worker nodes in three zones; every tenth is a tainted GPU node. */
export function nodeSpecs(count) {
  return Array.from({ length: count }, (_, i) => ({
    name: `node-${i + 1}`,
    cpu: '16',
    memory: '64Gi',
    pods: 110,
    labels: { 'topology.kubernetes.io/zone': `zone-${'abc'[i % 3]}`, disk: i % 2 === 0 ? 'ssd' : 'hdd' },
    taints: i % 10 === 9 ? [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] : [],
  }));
}

/** podManifest is pod number `i` of the workload. */
export function podManifest(i) {
  const spec = {
    containers: [
      {
        name: 'app',
        image: `registry.example/app:${1 + (i % 7)}`,
        resources: { requests: { cpu: `${100 + (i % 5) * 100}m`, memory: `${128 * (1 + (i % 4))}Mi` } },
      },
    ],
  };
  if (i % 10 === 3) spec.tolerations = [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }];
  if (i % 5 === 1) {
    spec.affinity = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: [`zone-${'abc'[i % 3]}`] }] }],
        },
      },
    };
  } else if (i % 10 === 2) {
    spec.affinity = {
      nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, preference: { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] } }] },
    };
  }
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: `bench-${i}`, namespace: 'default' }, spec };
}

/** scheduleScenario creates `pods` pods on `nodes` nodes and runs until all are bound. */
export async function scheduleScenario(kube, nodes, pods) {
  globalThis.gc?.();
  const setupStarted = process.cpuUsage();
  const cluster = kube.createCluster({ nodes: nodeSpecs(nodes), trace: false, seed: 7 });
  const setupCpuMs = cpuMs(process.cpuUsage(setupStarted));
  const client = cluster.client().callbacks;
  const boundNames = new Set();
  let failures = 0;
  let peakHeap = process.memoryUsage().heapUsed;
  let checks = 0;
  const started = process.cpuUsage();
  client.watch({ resource: 'pods', namespace: 'default' }, {}, (event) => {
    if (event.object?.spec?.nodeName) boundNames.add(event.object.metadata.name);
  });
  for (let i = 0; i < pods; i++) {
    client.create({ resource: 'pods', namespace: 'default' }, podManifest(i), (result) => {
      if (!result.ok) failures++;
    });
  }
  await cluster.run({
    until: () => {
      if (++checks % 2000 === 0) peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
      return boundNames.size + failures >= pods;
    },
    timeout: '1h',
  });
  const elapsedCpuMs = cpuMs(process.cpuUsage(started));
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  if (failures > 0 || boundNames.size !== pods) {
    throw new Error(`${nodes} nodes / ${pods} pods: ${boundNames.size} bound, ${failures} creates failed`);
  }
  return { podsPerS: Math.round((pods / elapsedCpuMs) * 1000), cpuMs: elapsedCpuMs, setupCpuMs, heapMb: peakHeap / 2 ** 20 };
}

function cpuMs(usage) {
  return (usage.user + usage.system) / 1000;
}

/** loadControlPlane bundles playground/cluster for Node once and imports it. */
export async function loadControlPlane(rootDir) {
  const outDir = join(rootDir, 'bench', 'out');
  await mkdir(outDir, { recursive: true });
  const outfile = join(outDir, 'kube-node.mjs');
  await build({
    entryPoints: [join(rootDir, 'playground', 'cluster', 'index.ts')],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    outfile,
    logLevel: 'error',
  });
  return import(`${pathToFileURL(outfile).href}?v=${process.hrtime.bigint()}`);
}

export async function run(context) {
  const kube = await loadControlPlane(context.rootDir);
  context.log('100 nodes / 1,000 pods');
  const small = await scheduleScenario(kube, 100, 1_000);
  context.log(`  ${small.podsPerS} pods/s, ${small.heapMb.toFixed(0)} MB heap`);
  context.log('1,000 nodes / 10,000 pods');
  const large = await scheduleScenario(kube, 1_000, 10_000);
  context.log(`  ${large.podsPerS} pods/s, ${large.heapMb.toFixed(0)} MB heap`);
  const costGrowth = large.cpuMs / 10_000 / (small.cpuMs / 1_000);
  return {
    'cluster.schedule_100_nodes_1k_pods.node_pods_per_s': small.podsPerS,
    'cluster.schedule_100_nodes_1k_pods.heap_mb': Math.round(small.heapMb),
    'cluster.schedule_1k_nodes_10k_pods.node_pods_per_s': large.podsPerS,
    'cluster.schedule_1k_nodes_10k_pods.heap_mb': Math.round(large.heapMb),
    'cluster.schedule_1k_nodes_10k_pods.setup_cpu_ms': Math.round(large.setupCpuMs),
    'cluster.cost_per_pod_growth_10x_nodes': Number(costGrowth.toFixed(2)),
    notes: [
      `cluster: CPU time per pod grew ${costGrowth.toFixed(2)}x from 100 to 1,000 nodes (nodes grew 10x); target >= 5,000 pods/s and < 500 MB at 1,000 nodes`,
    ],
  };
}
