import { describe, expect, it } from 'vitest';
import type { Pod } from '../../api/types';
import type { WatchSink } from '../request';
import { call, expectOk, newTestApiServer, pod } from '../test-support';
import { Cacher } from './cacher';

const after = (revision: number) => ({ kind: 'after' as const, revision });
const none = { labels: [], fields: [] };
const onNode = (node: string) => ({ labels: [], fields: [{ field: 'spec.nodeName', operator: '=' as const, value: node }] });

function recording(log: string[], name: string): WatchSink {
  return { event: (event) => log.push(`${name} ${event.type} ${(event.object as Pod).metadata?.name}`), end: () => log.push(`${name} end`) };
}

describe('Cacher watcher groups', () => {
  it('keep the order watchers came in when one in the middle leaves, pinned or not, and forget an emptied group', () => {
    const t = newTestApiServer();
    const cacher = new Cacher(t.server.stores.get('pods')!);
    cacher.start();
    const start = after(cacher.revision);
    const log: string[] = [];
    const watchers = ['all-1', 'all-2', 'all-3'].map((name) => cacher.watch('default', none, recording(log, name), start));
    const pinned = ['n1-1', 'n1-2', 'n1-3'].map((name) => cacher.watch('default', onNode('n1'), recording(log, name), start));
    const lone = cacher.watch('default', onNode('n2'), recording(log, 'n2'), start);
    watchers[1].close();
    pinned[1].close();
    lone.close();
    lone.close(); // closing twice changes nothing
    expect(cacher.watcherCount).toBe(4);
    const client = t.client();
    for (const [name, node] of [['a', 'n1'], ['b', 'n2']]) {
      expectOk(call<Pod>(t.loop, (cb) => client.create({ resource: 'pods', namespace: 'default' }, pod(name, { spec: { nodeName: node, containers: [{ name: 'c', image: 'nginx' }] } }), cb)));
    }
    t.loop.runUntilQuiet();
    expect(log).toEqual(['all-1 ADDED a', 'all-3 ADDED a', 'n1-1 ADDED a', 'n1-3 ADDED a', 'all-1 ADDED b', 'all-3 ADDED b']);
    const back = cacher.watch('default', onNode('n2'), recording(log, 'n2 again'), after(cacher.revision));
    expect(cacher.watcherCount).toBe(5);
    back.close();
    cacher.stop();
    expect(log.slice(-4)).toEqual(['all-1 end', 'all-3 end', 'n1-1 end', 'n1-3 end']);
    expect(cacher.watcherCount).toBe(0);
  });

  it('reach pinned watchers again after every watcher pinned by their field left and one came back, per field', () => {
    const t = newTestApiServer();
    const cacher = new Cacher(t.server.stores.get('pods')!);
    cacher.start();
    const log: string[] = [];
    const named = (name: string) => ({ labels: [], fields: [{ field: 'metadata.name', operator: '=' as const, value: name }] });
    const client = t.client();
    const create = (name: string, node: string) => {
      expectOk(call<Pod>(t.loop, (cb) => client.create({ resource: 'pods', namespace: 'default' }, pod(name, { spec: { nodeName: node, containers: [{ name: 'c', image: 'nginx' }] } }), cb)));
      t.loop.runUntilQuiet();
    };
    const first = cacher.watch('default', onNode('n1'), recording(log, 'n1'), after(cacher.revision));
    create('a', 'n1');
    first.close();
    // Nobody watches at all now: the next pod reaches no one.
    create('b', 'n1');
    const byName = cacher.watch('default', named('c'), recording(log, 'name c'), after(cacher.revision));
    create('c', 'n1');
    const again = cacher.watch('default', onNode('n1'), recording(log, 'n1 again'), after(cacher.revision));
    create('d', 'n1');
    byName.close();
    create('e', 'n1');
    again.close();
    expect(log).toEqual(['n1 ADDED a', 'name c ADDED c', 'n1 again ADDED d', 'n1 again ADDED e']);
    expect(cacher.watcherCount).toBe(0);
  });
});
