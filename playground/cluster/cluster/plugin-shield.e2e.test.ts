/**
 * A scheduler plugin from step code is handed objects the scheduler shares with the API server's
 * watch cache. With the freeze guard off (as the page runs) a write into one must still fail where
 * it happens, not silently change what every component and every later read sees.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Event, Pod } from '../api/types';
import { createCluster, SUCCESS, type FilterPlugin } from '../index';
import { setFreezeGuard } from '../sim/freeze';

afterEach(() => setFreezeGuard(true));

describe.each([true, false])('a plugin that writes into what it is given (freeze guard %s)', (guard) => {
  it('fails on the spot, and the pod the API serves is unchanged', async () => {
    setFreezeGuard(guard);
    const cluster = createCluster({ nodes: [{ name: 'node-1', cpu: '2' }], trace: false });
    const Labeler: FilterPlugin = {
      name: 'Labeler',
      filter: (pod) => {
        (pod.metadata.labels ??= {}).seen = 'yes';
        return SUCCESS;
      },
    };
    cluster.scheduler.framework.addFilter(Labeler);
    await cluster.client().create({ resource: 'pods', namespace: 'default' }, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } });
    await cluster.run({ for: '5s' });
    const pod = await cluster.client().get<Pod>({ resource: 'pods', namespace: 'default', name: 'web' });
    expect(pod.metadata.labels).toEqual({ app: 'web' });
    expect(pod.spec.nodeName).toBeUndefined();
    const events = await cluster.client().list<Event>({ resource: 'events', namespace: 'default' });
    const failed = events.items.find((e) => e.reason === 'FailedScheduling');
    expect(failed?.message).toMatch(/Labeler/);
  });
});
