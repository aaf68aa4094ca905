/**
 * A randomized companion to scheduler-cache.e2e.test.ts: seeded sequences of what step code can do
 * to a cluster (pods of a handful of shapes, nodes relabelled, tainted, cordoned and resized, pods
 * deleted, a plugin added and removed, a built-in's weight changed in place) run with the
 * equivalence cache (trace off, freeze guard off as in the page, and on) and without it (trace on).
 * Every placement and FailedScheduling message must be the same in all three.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Event, Pod, Toleration } from '../api/types';
import { createCluster, SUCCESS, unresolvable, type Cluster, type FilterPlugin } from '../index';
import { NodeResourcesBalancedAllocation } from '../scheduler/plugins/node-resources-balanced-allocation';
import { setFreezeGuard } from '../sim/freeze';

const BALANCED_WEIGHT = NodeResourcesBalancedAllocation.weight;
afterEach(() => {
  setFreezeGuard(true);
  NodeResourcesBalancedAllocation.weight = BALANCED_WEIGHT;
});

/** lcg is a small seeded generator (test data only): the same seed, the same sequence. */
function lcg(seed: number): (n: number) => number {
  let state = seed >>> 0;
  return (n) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return Math.floor((state / 2 ** 32) * n);
  };
}

const NODES = ['n-a', 'n-b', 'n-c', 'n-d'];
const CPUS = ['250m', '500m', '1'];

interface Shape {
  cpu: string;
  ssd: boolean;
  tolerates: boolean;
  port: boolean;
  prefersZone: boolean;
}

function podOf(name: string, shape: Shape): Pod {
  const tolerations: Toleration[] = shape.tolerates ? [{ key: 'dedicated', operator: 'Exists' }] : [];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: {
      ...(shape.ssd ? { nodeSelector: { disk: 'ssd' } } : {}),
      ...(tolerations.length ? { tolerations } : {}),
      ...(shape.prefersZone
        ? { affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['z1'] }] } }] } } }
        : {}),
      containers: [{ name: 'c', image: 'nginx:1.27', resources: { requests: { cpu: shape.cpu } }, ...(shape.port ? { ports: [{ containerPort: 80, hostPort: 8080 }] } : {}) }],
    },
  };
}

/** play runs the seed's operations and returns what a reader would see after each. */
async function play(cluster: Cluster, seed: number): Promise<string[]> {
  const next = lcg(seed);
  const shapes: Shape[] = Array.from({ length: 4 }, () => ({ cpu: CPUS[next(3)], ssd: next(3) === 0, tolerates: next(2) === 0, port: next(5) === 0, prefersZone: next(3) === 0 }));
  const client = cluster.client();
  const transcript: string[] = [];
  let podNumber = 0;
  const NotNode: FilterPlugin = { name: 'NotNode', filter: (_pod, nodeInfo) => (nodeInfo.name === 'n-b' ? unresolvable('not n-b') : SUCCESS) };
  for (let step = 0; step < 30; step++) {
    const node = NODES[next(NODES.length)];
    const op = next(10);
    let what: string;
    if (op <= 3) {
      const shape = next(shapes.length);
      const count = 1 + next(3);
      for (let i = 0; i < count; i++) await client.create({ resource: 'pods', namespace: 'default' }, podOf(`p-${++podNumber}`, shapes[shape]));
      what = `create ${count} of shape ${shape}`;
    } else if (op === 4) {
      const labels = next(2) === 0 ? { disk: next(2) === 0 ? 'ssd' : null } : { zone: next(2) === 0 ? 'z1' : 'z2' };
      await client.patch({ resource: 'nodes', name: node }, { metadata: { labels } }, 'merge');
      what = `label ${node} ${JSON.stringify(labels)}`;
    } else if (op === 5) {
      const choice = next(3);
      const taints = choice === 0 ? null : [{ key: 'dedicated', value: 'x', effect: choice === 1 ? 'NoSchedule' : 'PreferNoSchedule' }];
      await client.patch({ resource: 'nodes', name: node }, { spec: { taints } }, 'merge');
      what = `taint ${node} ${JSON.stringify(taints)}`;
    } else if (op === 6) {
      const cordon = next(2) === 0;
      await cluster.kubectl(`${cordon ? 'cordon' : 'uncordon'} ${node}`);
      what = `${cordon ? 'cordon' : 'uncordon'} ${node}`;
    } else if (op === 7) {
      const cpu = ['1', '2', '3'][next(3)];
      await client.patch({ resource: 'nodes', name: node, subresource: 'status' }, { status: { allocatable: { cpu } } }, 'merge');
      what = `resize ${node} cpu=${cpu}`;
    } else if (op === 8) {
      const pods = (await client.list<Pod>({ resource: 'pods', namespace: 'default' })).items;
      const victim = pods.length ? pods[next(pods.length)].metadata.name! : undefined;
      if (victim) await client.delete({ resource: 'pods', namespace: 'default', name: victim }, { gracePeriodSeconds: 0 });
      what = `delete ${victim ?? 'nothing'}`;
    } else {
      const choice = next(3);
      const framework = cluster.scheduler.framework;
      if (choice === 0 && !framework.pluginNames().filter.includes('NotNode')) framework.addFilter(NotNode);
      else if (choice === 1) framework.removePlugin('NotNode');
      else NodeResourcesBalancedAllocation.weight = next(3);
      what = `plugins ${JSON.stringify(framework.pluginNames().filter)} balanced weight ${NodeResourcesBalancedAllocation.weight}`;
    }
    await cluster.run();
    const pods = (await client.list<Pod>({ resource: 'pods', namespace: 'default' })).items;
    transcript.push(`${what} → ${pods.map((pod) => `${pod.metadata.name}@${pod.spec.nodeName ?? '-'}`).join(' ')}`);
  }
  const events = (await client.list<Event>({ resource: 'events', namespace: 'default' })).items;
  transcript.push(...events.filter((e) => e.reason === 'FailedScheduling').map((e) => `${e.involvedObject.name}: ${e.message} (x${e.count ?? 1})`));
  return transcript;
}

const MODES = [
  { trace: true, guard: true },
  { trace: false, guard: false },
  { trace: false, guard: true },
];

describe('scheduler equivalence cache, randomized through the API', () => {
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`seed ${seed}: the same placements and failures with the cache as without`, async () => {
      const transcripts: string[][] = [];
      for (const mode of MODES) {
        setFreezeGuard(mode.guard);
        NodeResourcesBalancedAllocation.weight = BALANCED_WEIGHT;
        try {
          const cluster = createCluster({ nodes: NODES.map((name) => ({ name, cpu: '2' })), trace: mode.trace });
          transcripts.push(await play(cluster, seed));
          if (!mode.trace) expect(cluster.scheduler.equivalence!.stats.cached).toBeGreaterThan(0);
        } finally {
          setFreezeGuard(true);
          NodeResourcesBalancedAllocation.weight = BALANCED_WEIGHT;
        }
      }
      expect(transcripts[1]).toEqual(transcripts[0]);
      expect(transcripts[2]).toEqual(transcripts[0]);
    });
  }
});
