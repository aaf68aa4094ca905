/**
 * The scheduler's equivalence cache (scheduler/equivalence-cache.ts) seen from step code: nodes
 * relabelled, tainted, cordoned and resized through the API, pods deleted, plugins added, removed
 * and replaced in place, the trace switched on and off. Each scenario runs with the trace off (the
 * cache on, checked by its stats) and on (the cache off), with the freeze guard on and off (the
 * page runs with it off): every placement and FailedScheduling message must be the same, and the
 * ones the scenario is about are asserted outright.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Event, Node, Pod } from '../api/types';
import { createCluster, SUCCESS, unresolvable, type Cluster, type FilterPlugin } from '../index';
import { NodeResourcesFit } from '../scheduler/plugins/node-resources-fit';
import { setFreezeGuard } from '../sim/freeze';

afterEach(() => setFreezeGuard(true));

const NODES = [
  { name: 'n-a', cpu: '2', labels: { disk: 'ssd' } },
  { name: 'n-b', cpu: '2' },
  { name: 'n-c', cpu: '2' },
];

/** ssdPod is a pod of one shape: 500m CPU, node selector disk=ssd. */
function ssdPod(name: string): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { nodeSelector: { disk: 'ssd' }, containers: [{ name: 'c', image: 'nginx:1.27', resources: { requests: { cpu: '500m' } } }] },
  };
}

/** plainPod is a pod of another shape: 500m CPU, no constraint. */
function plainPod(name: string): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { containers: [{ name: 'c', image: 'nginx:1.27', resources: { requests: { cpu: '500m' } } }] },
  };
}

async function placement(cluster: Cluster): Promise<Record<string, string>> {
  const pods = await cluster.client().list<Pod>({ resource: 'pods', namespace: 'default' });
  return Object.fromEntries(pods.items.map((pod) => [pod.metadata.name!, pod.spec.nodeName ?? '<pending>']));
}

async function failures(cluster: Cluster): Promise<string[]> {
  const events = await cluster.client().list<Event>({ resource: 'events', namespace: 'default' });
  return events.items.filter((e) => e.reason === 'FailedScheduling').map((e) => `${e.involvedObject.name}: ${e.message}`).sort();
}

async function create(cluster: Cluster, pods: Pod[]): Promise<void> {
  for (const pod of pods) await cluster.client().create({ resource: 'pods', namespace: 'default' }, pod);
  await cluster.run();
}

async function patchNode(cluster: Cluster, name: string, patch: object, subresource?: string): Promise<void> {
  await cluster.client().patch<Node>({ resource: 'nodes', name, subresource }, patch, 'merge');
  await cluster.run();
}

interface Mode {
  trace: boolean;
  guard: boolean;
}
const MODES: Mode[] = [
  { trace: false, guard: true },
  { trace: false, guard: false },
  { trace: true, guard: true },
  { trace: true, guard: false },
];

/** runScenario runs `steps` in every mode and returns each mode's transcript (one per step). */
async function runInModes(steps: (cluster: Cluster, log: (what: string, value: unknown) => void) => Promise<void>): Promise<unknown[][]> {
  const transcripts: unknown[][] = [];
  for (const mode of MODES) {
    setFreezeGuard(mode.guard);
    try {
      const cluster = createCluster({ nodes: NODES, trace: mode.trace });
      const transcript: unknown[] = [];
      await steps(cluster, (what, value) => transcript.push([what, value]));
      const stats = cluster.scheduler.equivalence!.stats;
      // The cache really served the untraced runs, and stood aside for the traced ones.
      if (mode.trace) expect(stats.cached).toBe(0);
      else expect(stats.cached).toBeGreaterThan(0);
      transcripts.push(transcript);
    } finally {
      setFreezeGuard(true);
    }
  }
  for (let i = 1; i < transcripts.length; i++) expect({ mode: MODES[i], transcript: transcripts[i] }).toEqual({ mode: MODES[i], transcript: transcripts[0] });
  return transcripts;
}

describe('scheduler equivalence cache, through the API', () => {
  it('follows labels, cordons, taints, resized allocatable and deleted pods for a shape it has seen', async () => {
    const [transcript] = await runInModes(async (cluster, log) => {
      await create(cluster, [1, 2, 3, 4].map((i) => ssdPod(`ssd-${i}`)));
      const first = await placement(cluster);
      log('four on the one ssd node', first);
      expect(Object.values(first)).toEqual(['n-a', 'n-a', 'n-a', 'n-a']);

      await create(cluster, [ssdPod('ssd-5')]);
      expect((await placement(cluster))['ssd-5']).toBe('<pending>');
      // Relabelling n-b lets the pending pod (and the next of its shape) go there.
      expect(await cluster.kubectl('label node n-b disk=ssd')).toBe('node/n-b labeled\n');
      await cluster.run();
      expect((await placement(cluster))['ssd-5']).toBe('n-b');

      // Cordoned, n-b takes no more; n-a is full: the next pod waits until a pod is deleted.
      await cluster.kubectl('cordon n-b');
      await cluster.run();
      await create(cluster, [ssdPod('ssd-6')]);
      expect((await placement(cluster))['ssd-6']).toBe('<pending>');
      await cluster.client().delete({ resource: 'pods', namespace: 'default', name: 'ssd-1' }, { gracePeriodSeconds: 0 });
      await cluster.run();
      expect((await placement(cluster))['ssd-6']).toBe('n-a');

      // n-a tainted and full, n-b uncordoned: the next goes to n-b.
      await patchNode(cluster, 'n-a', { spec: { taints: [{ key: 'dedicated', value: 'x', effect: 'NoSchedule' }] } });
      await cluster.kubectl('uncordon n-b');
      await cluster.run();
      await create(cluster, [ssdPod('ssd-7')]);
      expect((await placement(cluster))['ssd-7']).toBe('n-b');

      // Shrunk to what its two pods take, n-b is full; given back its CPU, it takes the waiting pod.
      await patchNode(cluster, 'n-b', { status: { allocatable: { cpu: '1' } } }, 'status');
      await create(cluster, [ssdPod('ssd-8')]);
      expect((await placement(cluster))['ssd-8']).toBe('<pending>');
      await patchNode(cluster, 'n-b', { status: { allocatable: { cpu: '2' } } }, 'status');
      expect((await placement(cluster))['ssd-8']).toBe('n-b');

      // The taint removed and n-a's label dropped: the next ssd pod still has only n-b.
      await patchNode(cluster, 'n-a', { spec: { taints: null } });
      await cluster.kubectl('label node n-a disk-');
      await cluster.kubectl('label node n-c disk=ssd');
      await cluster.run();
      await create(cluster, [ssdPod('ssd-9'), ssdPod('ssd-10')]);
      const last = await placement(cluster);
      expect([last['ssd-9'], last['ssd-10']]).toEqual(['n-c', 'n-c']);
      log('placement', last);
      log('failures', await failures(cluster));
    });
    expect(transcript.length).toBe(3);
  });

  it('runs a plugin step code adds mid-run, forgets it once removed, and notices a built-in replaced in place', async () => {
    await runInModes(async (cluster, log) => {
      await create(cluster, [1, 2, 3].map((i) => plainPod(`warm-${i}`)));
      await create(cluster, [1, 2, 3].map((i) => plainPod(`warm-again-${i}`)));
      log('warm', await placement(cluster));

      const NotA: FilterPlugin = { name: 'NotA', filter: (_pod, nodeInfo) => (nodeInfo.name === 'n-a' ? unresolvable('not n-a') : SUCCESS) };
      cluster.scheduler.framework.addFilter(NotA);
      await create(cluster, [1, 2, 3, 4].map((i) => plainPod(`no-a-${i}`)));
      const withPlugin = await placement(cluster);
      log('with NotA', withPlugin);
      for (let i = 1; i <= 4; i++) expect(withPlugin[`no-a-${i}`]).not.toBe('n-a');

      expect(cluster.scheduler.framework.removePlugin('NotA')).toBe(true);
      await create(cluster, [plainPod('back-1')]);
      // n-a carries two pods, n-b and n-c four each: the emptiest wins again.
      expect((await placement(cluster))['back-1']).toBe('n-a');

      // A built-in's filter replaced in place: the next pods of a seen shape must meet it.
      const original = NodeResourcesFit.filter;
      NodeResourcesFit.filter = (pod, nodeInfo, state) => (nodeInfo.name === 'n-a' ? unresolvable('n-a is closed') : original(pod, nodeInfo, state));
      try {
        await create(cluster, [plainPod('closed-1'), plainPod('closed-2')]);
        const closed = await placement(cluster);
        expect([closed['closed-1'], closed['closed-2']]).not.toContain('n-a');
      } finally {
        NodeResourcesFit.filter = original;
      }
      await create(cluster, [plainPod('open-1')]);
      expect((await placement(cluster))['open-1']).toBe('n-a');

      // The scheduler stopped while n-a is cordoned and n-b emptied, then started again: the pods
      // of a seen shape go by what it finds after the restart.
      cluster.scheduler.stop();
      await cluster.kubectl('cordon n-a');
      for (const [name, node] of Object.entries(await placement(cluster))) {
        if (node === 'n-b') await cluster.client().delete({ resource: 'pods', namespace: 'default', name }, { gracePeriodSeconds: 0 });
      }
      await create(cluster, [plainPod('restarted-1'), plainPod('restarted-2')]);
      expect((await placement(cluster))['restarted-1']).toBe('<pending>');
      cluster.scheduler.start();
      await cluster.run();
      const restarted = await placement(cluster);
      expect([restarted['restarted-1'], restarted['restarted-2']]).toEqual(['n-b', 'n-b']);
      log('final', restarted);
      log('failures', await failures(cluster));
    });
  });

  it('follows a node deleted and another made in its place (same node count, positions shifted)', async () => {
    // Pods that tolerate the not-ready taint a Node made through the API gets, as a node without a kubelet keeps it.
    const tolerant = (name: string): Pod => {
      const pod = plainPod(name);
      pod.spec.tolerations = [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoSchedule' }];
      return pod;
    };
    await runInModes(async (cluster, log) => {
      await create(cluster, [1, 2, 3, 4, 5].map((i) => tolerant(`p-${i}`)));
      log('start', await placement(cluster));
      cluster.node('n-a').stop();
      expect(await cluster.kubectl('delete node n-a')).toBe('node "n-a" deleted\n');
      await cluster.run({ for: '2s' });
      await create(cluster, [1, 2].map((i) => tolerant(`gone-${i}`)));
      const gone = await placement(cluster);
      for (let i = 1; i <= 2; i++) expect(gone[`gone-${i}`]).not.toBe('n-a');
      // n-d sorts last: the three nodes are n-b, n-c, n-d, each at another position than before.
      const capacity = { cpu: '2', memory: '4Gi', pods: '110' };
      await cluster.client().create({ resource: 'nodes' }, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n-d' }, spec: {}, status: { capacity, allocatable: capacity } });
      await cluster.run({ for: '2s' });
      expect(cluster.scheduler.cache.nodeList().map((info) => info.name)).toEqual(['n-b', 'n-c', 'n-d']);
      await create(cluster, [1, 2].map((i) => tolerant(`new-${i}`)));
      const after = await placement(cluster);
      log('with n-d', after);
      log('failures', await failures(cluster));
      expect([after['new-1'], after['new-2']]).toEqual(['n-d', 'n-d']);
    });
  });

  it('gives the same answers when the trace is switched on and off at run time', async () => {
    const results: Record<string, string>[] = [];
    for (const guard of [true, false]) {
      setFreezeGuard(guard);
      try {
        const cluster = createCluster({ nodes: NODES, trace: false });
        await create(cluster, [1, 2, 3].map((i) => plainPod(`p-${i}`)));
        cluster.trace.enabled = true;
        // Traced (uncached) attempts while the nodes change: the entries made before must not be trusted after.
        await cluster.kubectl('cordon n-a');
        await create(cluster, [plainPod('traced-1'), plainPod('traced-2')]);
        cluster.trace.enabled = false;
        await create(cluster, [plainPod('untraced-1'), plainPod('untraced-2'), plainPod('untraced-3')]);
        const placed = await placement(cluster);
        expect(Object.entries(placed).filter(([name, node]) => name.startsWith('untraced') && node === 'n-a')).toEqual([]);
        await cluster.kubectl('uncordon n-a');
        await cluster.run();
        await create(cluster, [plainPod('after-1')]);
        // n-a holds one pod, n-b and n-c three or four: the uncordoned node is the emptiest.
        expect((await placement(cluster))['after-1']).toBe('n-a');
        expect(cluster.scheduler.equivalence!.stats.cached).toBeGreaterThan(0);
        results.push(await placement(cluster));
      } finally {
        setFreezeGuard(true);
      }
    }
    expect(results[1]).toEqual(results[0]);
  });
});
