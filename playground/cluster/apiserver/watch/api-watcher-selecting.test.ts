import { describe, expect, it } from 'vitest';
import type { KubeObject, Pod } from '../../api/types';
import type { WatchSink } from '../request';
import { call, expectOk, newTestApiServer, pod } from '../test-support';
import { Cacher } from './cacher';

function recording(log: string[], name: string): WatchSink {
  return { event: (event) => log.push(`${name} ${event.type} ${(event.object as Pod).metadata?.name}`), end: () => {} };
}

describe('ApiWatcher selectors', () => {
  it('filter the same whether a watch is pinned by one field alone, pinned and labelled, or not pinned', () => {
    const t = newTestApiServer();
    const cacher = new Cacher(t.server.stores.get('pods')!);
    cacher.start();
    const start = { kind: 'after' as const, revision: cacher.revision };
    const log: string[] = [];
    const onNode = (value: string) => ({ field: 'spec.nodeName', operator: '=' as const, value });
    cacher.watch('', { labels: [], fields: [onNode('n1')] }, recording(log, 'n1'), start);
    // Pinned to "no node": pods not scheduled yet (a missing field counts as empty).
    cacher.watch('', { labels: [], fields: [onNode('')] }, recording(log, 'unscheduled'), start);
    cacher.watch('', { labels: [{ key: 'app', operator: 'in', values: ['web'] }], fields: [onNode('n1')] }, recording(log, 'n1-web'), start);
    cacher.watch('other', { labels: [], fields: [] }, recording(log, 'other-namespace'), start);
    const client = t.client();
    const create = (name: string, nodeName?: string, labels?: Record<string, string>) =>
      expectOk(call<Pod>(t.loop, (cb) => client.create({ resource: 'pods', namespace: 'default' }, pod(name, { metadata: { name, labels }, spec: { ...(nodeName ? { nodeName } : {}), containers: [{ name: 'c', image: 'nginx' }] } }), cb)));
    create('a', 'n1');
    create('b', 'n1', { app: 'web' });
    create('c');
    t.loop.runUntilQuiet();
    expect(log).toEqual(['n1 ADDED a', 'n1 ADDED b', 'n1-web ADDED b', 'unscheduled ADDED c']);
  });
  it('can read every resource\'s namespace from its selectable fields (a namespace watch does), as the object has it', () => {
    const t = newTestApiServer();
    expect(t.server.stores.size).toBeGreaterThan(5);
    for (const store of t.server.stores.values()) {
      const fields = (object: KubeObject) => store.strategy.selectableFields(object)['metadata.namespace'];
      expect(fields({ metadata: { name: 'x', namespace: 'team-a' } })).toBe('team-a');
      expect(fields({ metadata: { name: 'x' } })).toBe('');
      expect(fields({})).toBe('');
    }
  });
});
