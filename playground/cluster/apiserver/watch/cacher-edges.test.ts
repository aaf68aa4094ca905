/**
 * Edge cases of the watch cache's ring-buffer window, its field-pinned watcher index and its
 * shared objects: resumes at every revision around the window's wrap, a write revision holding
 * several events split by the window's edge, pods moving between nodes, watchers stopped and
 * opened by a delivery, and consumers writing to what they were handed.
 */
import { describe, expect, it } from 'vitest';
import type { ApiWatchEvent, KubeObject, Pod } from '../../api/types';
import type { WatchSink } from '../request';
import { call, expectOk, newTestApiServer, pod, type TestApiServer } from '../test-support';
import type { ApiWatcher } from './api-watcher';
import { Cacher } from './cacher';

const pods = { resource: 'pods', namespace: 'default' };
const after = (revision: number) => ({ kind: 'after' as const, revision });
const none = { labels: [], fields: [] };
const onNode = (node: string) => ({ labels: [], fields: [{ field: 'spec.nodeName', operator: '=' as const, value: node }] });

/** recording is a sink that keeps `name TYPE pod` lines (`name ERROR 410` for a Status) and may run code per event. */
function recording(log: string[], name: string, onEvent?: (event: ApiWatchEvent) => void): WatchSink {
  return {
    event: (event) => {
      const object = event.object as Pod & { code?: number };
      log.push(`${name} ${event.type} ${event.type === 'ERROR' ? object.code : object.metadata?.name}`);
      onEvent?.(event);
    },
    end: () => log.push(`${name} end`),
  };
}

/** started makes a server and a started pods cacher keeping `capacity` events. */
function started(capacity?: number): { t: TestApiServer; cacher: Cacher } {
  const t = newTestApiServer();
  const cacher = new Cacher(t.server.stores.get('pods')!, capacity);
  cacher.start();
  return { t, cacher };
}

/** create makes pod `name` through the API and returns its revision. */
function create(t: TestApiServer, name: string, spec?: Record<string, unknown>): number {
  const made = expectOk(call<Pod>(t.loop, (cb) => t.client().create(pods, pod(name, spec ? { spec } : {}), cb)));
  t.loop.runUntilQuiet();
  return Number(made.metadata!.resourceVersion);
}

/** storedPod reads pod `name` as etcd holds it. */
function storedPod(t: TestApiServer, name: string): KubeObject {
  const kv = t.etcdServer.range({ key: `/registry/pods/default/${name}` }).kvs[0];
  return JSON.parse(kv.value) as KubeObject;
}

describe('watch cache window around its wrap', () => {
  it('replays exactly the events after any start revision, or 410s, for every capacity and fill around a wrap', () => {
    for (const capacity of [0, 1, 2, 3]) {
      for (const count of [capacity, capacity + 1, 2 * capacity, 2 * capacity + 1]) {
        const { t, cacher } = started(capacity);
        const initial = cacher.revision;
        const created = Array.from({ length: count }, (_, i) => ({ name: `p${i}`, revision: create(t, `p${i}`) }));
        // The window keeps the last `capacity` events; it covers everything after the last one it dropped.
        const dropped = created.slice(0, Math.max(0, count - capacity));
        const oldestServed = dropped.length > 0 ? dropped[dropped.length - 1].revision : initial;
        for (let start = initial - 1; start <= cacher.revision; start++) {
          const log: string[] = [];
          cacher.watch('default', none, recording(log, 'w'), after(start));
          const expected = start < oldestServed ? ['w ERROR 410', 'w end'] : created.filter((c) => c.revision > start).map((c) => `w ADDED ${c.name}`);
          expect({ capacity, count, start, log }).toEqual({ capacity, count, start, log: expected });
        }
        cacher.stop();
      }
    }
  });

  it('expires a start inside a write revision whose first event left the window, and skips that revision’s rest', () => {
    const { t, cacher } = started(2);
    create(t, 'seed');
    const template = storedPod(t, 'seed');
    const named = (name: string) => JSON.stringify({ ...template, metadata: { ...template.metadata, name, uid: `uid-${name}` } });
    const both = t.etcdServer.txn({
      compare: [],
      success: [
        { requestPut: { key: '/registry/pods/default/x', value: named('x') } },
        { requestPut: { key: '/registry/pods/default/y', value: named('y') } },
      ],
      failure: [],
    });
    const pair = both.header.revision;
    t.loop.runUntilQuiet();
    const last = create(t, 'z');
    const replay = (start: number) => {
      const log: string[] = [];
      cacher.watch('default', none, recording(log, 'w'), after(start));
      return log;
    };
    // The window holds y (at the pair's revision) and z; x, pushed out, was at that revision too.
    expect(replay(pair - 1)).toEqual(['w ERROR 410', 'w end']);
    expect(replay(pair)).toEqual(['w ADDED z']);
    expect(replay(last)).toEqual([]);
    cacher.stop();
  });
});

describe('watches opened while a revision of several events is fanned out', () => {
  it('miss none of that revision’s events, whether they resume before it or start from the state', () => {
    const { t, cacher } = started();
    const before = cacher.revision;
    create(t, 'seed');
    const template = storedPod(t, 'seed');
    const named = (name: string) => JSON.stringify({ ...template, metadata: { ...template.metadata, name, uid: `uid-${name}` } });
    const log: string[] = [];
    let opened = false;
    cacher.watch('default', none, recording(log, 'first', () => {
      if (opened) return;
      opened = true;
      cacher.watch('default', none, recording(log, 'resumed'), after(before));
      cacher.watch('default', none, recording(log, 'state'), { kind: 'state' });
    }), after(cacher.revision));
    t.etcdServer.txn({
      compare: [],
      success: [
        { requestPut: { key: '/registry/pods/default/x', value: named('x') } },
        { requestPut: { key: '/registry/pods/default/y', value: named('y') } },
      ],
      failure: [],
    });
    t.loop.runUntilQuiet();
    create(t, 'z');
    expect(log).toEqual([
      'first ADDED x',
      'resumed ADDED seed',
      'resumed ADDED x',
      'resumed ADDED y',
      'state ADDED seed',
      'state ADDED x',
      'state ADDED y',
      'first ADDED y',
      'first ADDED z',
      'resumed ADDED z',
      'state ADDED z',
    ]);
    cacher.stop();
  });
});

describe('a replay that stops what it feeds', () => {
  it('ends a resumed watch whose replay stopped the whole cache, instead of keeping it registered and open', () => {
    const { t, cacher } = started();
    const before = cacher.revision;
    create(t, 'a');
    create(t, 'b');
    const log: string[] = [];
    cacher.watch('default', none, recording(log, 'w', () => cacher.stop()), after(before));
    expect(log).toEqual(['w ADDED a', 'w end']);
    expect(cacher.watcherCount).toBe(0);
    // The stopped cache stays stopped: a later event reaches nobody.
    create(t, 'c');
    expect(log).toEqual(['w ADDED a', 'w end']);
  });
});

describe('watchers pinned to a node', () => {
  it('see a pod leave the unscheduled group and arrive on its node when etcd moves it, and leave again on the next move', () => {
    const { t, cacher } = started();
    const log: string[] = [];
    const start = after(cacher.revision);
    for (const node of ['', 'n1', 'n2']) cacher.watch('default', onNode(node), recording(log, node || 'unscheduled'), start);
    cacher.watch('default', none, recording(log, 'all'), start);
    create(t, 'a');
    const move = (node: string) => {
      const stored = storedPod(t, 'a');
      t.etcdServer.put({ key: '/registry/pods/default/a', value: JSON.stringify({ ...stored, spec: { ...(stored.spec as object), nodeName: node } }) });
      t.loop.runUntilQuiet();
    };
    move('n1');
    move('n2');
    t.etcdServer.deleteRange({ key: '/registry/pods/default/a' });
    t.loop.runUntilQuiet();
    // Unpinned watchers first, then those pinned to the new value, then those pinned to the old one.
    expect(log).toEqual([
      'all ADDED a',
      'unscheduled ADDED a',
      'all MODIFIED a',
      'n1 ADDED a',
      'unscheduled DELETED a',
      'all MODIFIED a',
      'n2 ADDED a',
      'n1 DELETED a',
      'all DELETED a',
      'n2 DELETED a',
    ]);
    cacher.stop();
  });

  it('skip a pinned watcher stopped by an earlier delivery, and start one re-opened meanwhile after the event', () => {
    const { t, cacher } = started();
    const log: string[] = [];
    const start = after(cacher.revision);
    let second: ApiWatcher | undefined;
    let reopened = false;
    cacher.watch('default', onNode('n1'), recording(log, 'first', () => {
      if (reopened) return;
      reopened = true;
      second!.stop();
      // Its group is empty now; the new watcher on the same node starts after this event.
      cacher.watch('default', onNode('n1'), recording(log, 'third'), after(cacher.revision));
    }), start);
    second = cacher.watch('default', onNode('n1'), recording(log, 'second'), start);
    create(t, 'a', { nodeName: 'n1', containers: [{ name: 'c', image: 'nginx' }] });
    create(t, 'b', { nodeName: 'n1', containers: [{ name: 'c', image: 'nginx' }] });
    expect(log).toEqual(['first ADDED a', 'second end', 'first ADDED b', 'third ADDED b']);
    expect(cacher.watcherCount).toBe(2);
    cacher.stop();
  });
});

describe('objects handed to watchers', () => {
  it('shares frozen objects only with watchers that asked, and a consumer changing its copy changes nothing else', () => {
    const { t, cacher } = started();
    const start = after(cacher.revision);
    const got: Record<string, KubeObject[]> = { shared: [], copy: [], other: [] };
    const sink = (name: string): WatchSink => ({ event: (event) => got[name].push(event.object as KubeObject), end: () => {} });
    cacher.watch('default', none, sink('shared'), start, true);
    cacher.watch('default', none, sink('copy'), start);
    cacher.watch('default', none, sink('other'), start);
    create(t, 'a');
    const [shared] = got.shared;
    expect(Object.isFrozen(shared) && Object.isFrozen(shared.metadata)).toBe(true);
    expect(() => {
      shared.metadata!.name = 'changed';
    }).toThrow(TypeError);
    const [copy] = got.copy;
    expect(Object.isFrozen(copy)).toBe(false);
    expect(copy).toEqual(shared);
    expect(copy).not.toBe(got.other[0]);
    copy.metadata!.labels = { changed: 'yes' };
    (copy.spec as { containers: unknown[] }).containers.length = 0;
    expect(got.other[0].metadata?.labels).toBeUndefined();
    expect(cacher.get('default', 'a')).toEqual(shared);
    // A late watcher starting from the state, and one replaying the window, see the object as stored.
    const late: KubeObject[] = [];
    cacher.watch('default', none, { event: (event) => late.push(event.object as KubeObject), end: () => {} }, { kind: 'state' });
    cacher.watch('default', none, { event: (event) => late.push(event.object as KubeObject), end: () => {} }, start);
    expect(late).toEqual([shared, shared]);
    cacher.stop();
  });
});
