/**
 * A reviewer's checks of the scheduler's node index (scheduler/equivalence-index.ts) from step
 * code: the same sequence of operations on a cluster with the trace on (the equivalence cache
 * off) and off (the cache and its node index on) must leave the same bindings, the same
 * FailedScheduling Events and the same etcd contents but for what the trace itself records.
 */
import { describe, expect, it } from 'vitest';
import type { Event, Pod } from '../api/types';
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
  it('reports an invalid score on every attempt: a node resized to a negative CPU and pods that request nothing', async () => {
    const outcomes: unknown[] = [];
    for (const trace of [true, false]) {
      const cluster = createCluster({ nodes: [{ name: 'n-a', cpu: '2' }, { name: 'n-b', cpu: '2' }], trace });
      const client = cluster.client();
      await client.patch({ resource: 'nodes', name: 'n-a', subresource: 'status' }, { status: { allocatable: { cpu: '-1m' } } }, 'merge');
      await cluster.run();
      for (let i = 0; i < 4; i++) await client.create({ resource: 'pods', namespace: 'default' }, pod(`p-${i}`));
      await cluster.run();
      outcomes.push(await seen(cluster));
      if (!trace) expect(cluster.scheduler.equivalence!.stats.cached).toBeGreaterThan(0);
    }
    expect(outcomes[1]).toEqual(outcomes[0]);
    const failures = (outcomes[0] as { failures: string[] }).failures;
    expect(failures).toHaveLength(4);
    for (const failure of failures) expect(failure).toContain('NodeResourcesBalancedAllocation" returns an invalid score');
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
});
