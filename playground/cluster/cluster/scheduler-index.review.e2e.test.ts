/**
 * A reviewer's checks of the scheduler's node index (scheduler/equivalence-index.ts) from step
 * code: the same sequence of operations on a cluster with the trace on (the equivalence cache
 * off) and off (the cache and its node index on) must leave the same bindings, the same
 * FailedScheduling Events and the same etcd contents but for what the trace itself records.
 */
import { describe, expect, it } from 'vitest';
import type { Event, Pod, Taint, Toleration } from '../api/types';
import { createCluster, type Cluster } from '../index';

function pod(name: string, spec: Partial<Pod['spec']> = {}, cpu?: string): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { containers: [{ name: 'c', image: 'nginx:1.27', ...(cpu ? { resources: { requests: { cpu } } } : {}) }], ...spec },
  };
}

/** seen is what a reader can see: each pod's node, the FailedScheduling Events, and etcd's pods and nodes. */
async function seen(cluster: Cluster): Promise<unknown> {
  const client = cluster.client();
  const pods = (await client.list<Pod>({ resource: 'pods', namespace: 'default' })).items;
  const events = (await client.list<Event>({ resource: 'events', namespace: 'default' })).items;
  return {
    placement: pods.map((p) => `${p.metadata.name}@${p.spec.nodeName ?? '-'}`),
    failures: events.filter((e) => e.reason === 'FailedScheduling').map((e) => `${e.involvedObject.name}: ${e.message} x${e.count ?? 1}`),
    etcd: cluster.etcdKeys().filter((kv) => kv.key.startsWith('/registry/pods/') || kv.key.startsWith('/registry/minions/')),
  };
}

describe('the node index through the API', () => {
  // A negative allocatable CPU made NodeResourcesBalancedAllocation score out of range, and the
  // cache reported it only on a shape's first attempt (fixed; scheduler/equivalence-index.review.test.ts
  // keeps that case). The API server now refuses such a node as the real one does.
  it('refuses a node status with a negative allocatable CPU, before any scheduler sees it', async () => {
    const cluster = createCluster({ nodes: [{ name: 'n-a', cpu: '2' }, { name: 'n-b', cpu: '2' }] });
    const client = cluster.client();
    await expect(client.patch({ resource: 'nodes', name: 'n-a', subresource: 'status' }, { status: { allocatable: { cpu: '-1m' } } }, 'merge')).rejects.toMatchObject({
      name: 'ApiError',
      code: 422,
      message: 'Node "n-a" is invalid: status.allocatable.cpu: Invalid value: "-1m": must be greater than or equal to 0',
    });
    for (let i = 0; i < 2; i++) await client.create({ resource: 'pods', namespace: 'default' }, pod(`p-${i}`));
    await cluster.run();
    expect(((await seen(cluster)) as { placement: string[] }).placement.every((p) => !p.endsWith('@-'))).toBe(true);
  });

  it('places pods on one node as it fills, frees and is re-tainted, as without the cache', async () => {
    const outcomes: unknown[] = [];
    for (const trace of [true, false]) {
      const cluster = createCluster({ nodes: [{ name: 'solo', cpu: '1' }], trace });
      const client = cluster.client();
      const prefer = { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, preference: { matchExpressions: [{ key: 'disk', operator: 'In' as const, values: ['ssd'] }] } }] } };
      for (let i = 0; i < 6; i++) await client.create({ resource: 'pods', namespace: 'default' }, pod(`a-${i}`, i % 2 ? { affinity: prefer } : {}, '300m'));
      await cluster.run();
      // Space freed: a pending pod of each shape fits again.
      await client.delete({ resource: 'pods', namespace: 'default', name: 'a-0' }, { gracePeriodSeconds: 0 });
      await client.delete({ resource: 'pods', namespace: 'default', name: 'a-1' }, { gracePeriodSeconds: 0 });
      await cluster.run({ timeout: '2m' });
      await client.patch({ resource: 'nodes', name: 'solo' }, { spec: { taints: [{ key: 'soft', effect: 'PreferNoSchedule' }] } }, 'merge');
      await client.patch({ resource: 'nodes', name: 'solo', subresource: 'status' }, { status: { allocatable: { cpu: '3' } } }, 'merge');
      await cluster.run({ timeout: '2m' });
      await cluster.kubectl('cordon solo');
      for (let i = 0; i < 3; i++) await client.create({ resource: 'pods', namespace: 'default' }, pod(`b-${i}`, i % 2 ? { affinity: prefer } : {}, '100m'));
      await cluster.run({ timeout: '2m' });
      await cluster.kubectl('uncordon solo');
      await cluster.run({ timeout: '5m' });
      outcomes.push(await seen(cluster));
    }
    expect(outcomes[1]).toEqual(outcomes[0]);
    const placement = (outcomes[0] as { placement: string[] }).placement;
    expect(placement.filter((p) => p.endsWith('@solo')).length).toBeGreaterThan(5);
  });

  /**
   * 110 nodes, so a walk stops after 100 feasible ones and the index must know where; three zones,
   * a few nodes with one or two PreferNoSchedule taints (a pod tolerating one of them scores them
   * apart), pods of six shapes preferring zones or disks (normalized per attempt), and between the
   * batches the nodes change: relabelled, re-tainted, cordoned, resized, pods deleted.
   */
  it.each([11, 12])('seed %i: a hundred-node cluster through many shapes and node changes, as without the cache', async (seed) => {
    let state = seed;
    const next = (n: number) => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return Math.floor((state / 2 ** 32) * n);
    };
    const soft = (key: string): Taint => ({ key, effect: 'PreferNoSchedule' });
    const nodeName = (i: number) => `n-${String(i).padStart(3, '0')}`;
    const prefer = (key: string, value: string, weight: number) => ({ weight, preference: { matchExpressions: [{ key, operator: 'In' as const, values: [value] }] } });
    const shapes: { spec: Partial<Pod['spec']>; cpu: string }[] = [
      { spec: {}, cpu: '250m' },
      { spec: { affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [prefer('zone', 'z0', 10), prefer('disk', 'ssd', 60)] } } }, cpu: '500m' },
      { spec: { tolerations: [{ key: 'spot', operator: 'Exists' } as Toleration] }, cpu: '250m' },
      { spec: { affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [prefer('zone', 'z2', 5)] } } }, cpu: '1' },
      { spec: { nodeSelector: { zone: 'z1' } }, cpu: '500m' },
      { spec: {}, cpu: '1500m' },
    ];
    const outcomes: unknown[] = [];
    for (const trace of [true, false]) {
      state = seed;
      const nodes = Array.from({ length: 110 }, (_, i) => ({
        name: nodeName(i),
        cpu: i % 7 === 3 ? '1' : '2',
        labels: { zone: `z${i % 3}`, ...(i % 11 === 4 ? { disk: 'ssd' } : {}) },
        ...(i % 13 === 6 ? { taints: i % 2 ? [soft('spot')] : [soft('spot'), soft('old')] } : {}),
      }));
      const cluster = createCluster({ nodes, trace });
      const client = cluster.client();
      let serial = 0;
      for (let round = 0; round < 12; round++) {
        const count = 10 + next(20);
        for (let i = 0; i < count; i++) {
          const shape = shapes[next(shapes.length)];
          await client.create({ resource: 'pods', namespace: 'default' }, pod(`p-${serial++}`, shape.spec, shape.cpu));
        }
        await cluster.run();
        const node = nodeName(next(110));
        const op = next(6);
        if (op === 0) await client.patch({ resource: 'nodes', name: node }, { metadata: { labels: { zone: `z${next(3)}`, disk: next(2) ? 'ssd' : null } } }, 'merge');
        else if (op === 1) await client.patch({ resource: 'nodes', name: node }, { spec: { taints: next(2) ? [soft('spot'), soft('old')] : null } }, 'merge');
        else if (op === 2) await cluster.kubectl(`${next(2) ? 'cordon' : 'uncordon'} ${node}`);
        else if (op === 3) await client.patch({ resource: 'nodes', name: node, subresource: 'status' }, { status: { allocatable: { cpu: ['500m', '2', '4'][next(3)] } } }, 'merge');
        else {
          const pods = (await client.list<Pod>({ resource: 'pods', namespace: 'default' })).items;
          for (let k = 0; k < 8 && pods.length; k++) {
            const victim = pods.splice(next(pods.length), 1)[0].metadata.name!;
            await client.delete({ resource: 'pods', namespace: 'default', name: victim }, { gracePeriodSeconds: 0 });
          }
        }
        await cluster.run();
      }
      outcomes.push(await seen(cluster));
      if (!trace) expect(cluster.scheduler.equivalence!.stats.indexed).toBeGreaterThan(20);
    }
    expect(outcomes[1]).toEqual(outcomes[0]);
  });
});
