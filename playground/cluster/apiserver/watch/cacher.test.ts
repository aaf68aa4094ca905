import { describe, expect, it } from 'vitest';
import type { ApiWatchEvent, Pod } from '../../api/types';
import type { WatchSink } from '../request';
import { call, expectOk, newTestApiServer, pod } from '../test-support';
import type { ApiWatcher } from './api-watcher';
import { Cacher } from './cacher';

const pods = { resource: 'pods', namespace: 'default' };
const after = (revision: number) => ({ kind: 'after' as const, revision });

/** recording is a sink that keeps `name type` lines and may run code on each event. */
function recording(log: string[], name: string, onEvent?: (event: ApiWatchEvent) => void): WatchSink {
  return {
    event: (event) => {
      log.push(`${name} ${event.type} ${(event.object as Pod).metadata?.name}`);
      onEvent?.(event);
    },
    end: () => log.push(`${name} end`),
  };
}

describe('Cacher fan-out', () => {
  it('hands an event to the watchers open when it arrived: one stopped meanwhile gets nothing, one opened meanwhile starts after it', () => {
    const t = newTestApiServer();
    const cacher = new Cacher(t.server.stores.get('pods')!);
    cacher.start();
    const start = after(cacher.revision);
    const log: string[] = [];
    const none = { labels: [], fields: [] };
    const onNode = { labels: [], fields: [{ field: 'spec.nodeName', operator: '=' as const, value: 'n1' }] };
    let second: ApiWatcher | undefined;
    let kubelet: ApiWatcher | undefined;
    let late: ApiWatcher | undefined;
    cacher.watch('default', none, recording(log, 'first', () => {
      if (!late) {
        second!.stop();
        kubelet!.stop();
        late = cacher.watch('default', none, recording(log, 'late'), after(cacher.revision));
      }
    }), start);
    second = cacher.watch('default', none, recording(log, 'second'), start);
    kubelet = cacher.watch('default', onNode, recording(log, 'kubelet'), start);
    expect(cacher.watcherCount).toBe(3);
    const client = t.client();
    expectOk(call<Pod>(t.loop, (cb) => client.create(pods, pod('a', { spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'nginx' }] } }), cb)));
    expectOk(call<Pod>(t.loop, (cb) => client.create(pods, pod('b', { spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'nginx' }] } }), cb)));
    t.loop.runUntilQuiet();
    expect(log).toEqual(['first ADDED a', 'second end', 'kubelet end', 'first ADDED b', 'late ADDED b']);
    expect(cacher.watcherCount).toBe(2);
    cacher.stop();
    expect(log.slice(-2)).toEqual(['first end', 'late end']);
    expect(cacher.watcherCount).toBe(0);
  });

  it('reaches only the watcher pinned to the pod’s node, for its creation and its deletion', () => {
    const t = newTestApiServer();
    const cacher = new Cacher(t.server.stores.get('pods')!);
    cacher.start();
    const log: string[] = [];
    const pinned = (node: string) => ({ labels: [], fields: [{ field: 'spec.nodeName', operator: '=' as const, value: node }] });
    cacher.watch('', pinned('n1'), recording(log, 'n1'), after(cacher.revision));
    cacher.watch('', pinned('n2'), recording(log, 'n2'), after(cacher.revision));
    const client = t.client();
    expectOk(call<Pod>(t.loop, (cb) => client.create(pods, pod('a', { spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'nginx' }] } }), cb)));
    t.loop.runUntilQuiet();
    expectOk(call(t.loop, (cb) => client.delete({ ...pods, name: 'a' }, { gracePeriodSeconds: 0 }, cb)));
    t.loop.runUntilQuiet();
    expect(log).toEqual(['n1 ADDED a', 'n1 DELETED a']);
    cacher.stop();
  });
});

describe('Cacher window', () => {
  it('replays exactly the events after the start revision from a window that has wrapped, and 410s before it', () => {
    const t = newTestApiServer();
    const cacher = new Cacher(t.server.stores.get('pods')!, 3);
    cacher.start();
    const client = t.client();
    const revisions: number[] = [];
    for (const name of ['a', 'b', 'c', 'd', 'e']) {
      const created = expectOk(call<Pod>(t.loop, (cb) => client.create(pods, pod(name), cb)));
      revisions.push(Number(created.metadata!.resourceVersion));
    }
    t.loop.runUntilQuiet();
    const none = { labels: [], fields: [] };
    const replayed = (revision: number) => {
      const log: string[] = [];
      cacher.watch('default', none, recording(log, 'w'), after(revision));
      return log;
    };
    // The window holds c, d, e: a start at b's revision is the oldest it can serve.
    expect(replayed(revisions[1])).toEqual(['w ADDED c', 'w ADDED d', 'w ADDED e']);
    expect(replayed(revisions[3])).toEqual(['w ADDED e']);
    expect(replayed(revisions[4])).toEqual([]);
    const expiredEvents: ApiWatchEvent[] = [];
    cacher.watch('default', none, { event: (event) => expiredEvents.push(event), end: () => {} }, after(revisions[0]));
    expect(expiredEvents.map((event) => [event.type, (event.object as { code?: number }).code])).toEqual([['ERROR', 410]]);
  });
});
