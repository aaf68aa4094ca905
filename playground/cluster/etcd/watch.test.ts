import { describe, expect, it } from 'vitest';
import { drain, newTestEtcd, recordWatch } from './test-support';
import { prefixEnd } from './types';
import type { WatchResponse } from './types';

const PODS = '/registry/pods/';
const podsRange = { key: PODS, rangeEnd: prefixEnd(PODS) };

/** Compact view of a response's events: "PUT key=value@rev" / "DELETE key@rev". */
function events(res: WatchResponse): string[] {
  return res.events.map((e) => (e.type === 'PUT' ? `PUT ${e.kv.key}=${e.kv.value}@${e.kv.modRevision}` : `DELETE ${e.kv.key}@${e.kv.modRevision}`));
}

describe('watch', () => {
  it('sends created first, then one response per write revision, never inside the write', () => {
    const { client, loop } = newTestEtcd();
    const w = recordWatch(client, podsRange);
    client.put({ key: `${PODS}default/a`, value: 'w1' }); // 2
    client.put({ key: '/registry/minions/n1', value: 'not watched' }); // 3
    client.put({ key: `${PODS}default/a`, value: 'w2' }); // 4
    client.deleteRange({ key: `${PODS}default/a` }); // 5
    expect(w.responses).toEqual([]); // nothing synchronous
    drain(loop);
    expect(w.responses[0]).toEqual({ header: { revision: 1 }, watchId: w.watcher.id, created: true, events: [] });
    expect(w.responses.slice(1).map((r) => [r.header.revision, ...events(r)])).toEqual([
      [2, `PUT ${PODS}default/a=w1@2`],
      [4, `PUT ${PODS}default/a=w2@4`],
      [5, `DELETE ${PODS}default/a@5`],
    ]);
    expect(loop.now()).toBe(1);
  });

  it('gives DELETE events a kv with only key and modRevision, and prevKv when asked', () => {
    const { client, loop } = newTestEtcd();
    client.put({ key: '/k', value: 'v1' }); // 2
    const withPrev = recordWatch(client, { key: '/k', prevKv: true });
    const withoutPrev = recordWatch(client, { key: '/k' });
    client.put({ key: '/k', value: 'v2' }); // 3
    client.deleteRange({ key: '/k' }); // 4
    drain(loop);
    const [, update, del] = withPrev.responses;
    expect(update.events).toEqual([
      {
        type: 'PUT',
        kv: { key: '/k', value: 'v2', createRevision: 2, modRevision: 3, version: 2, lease: 0 },
        prevKv: { key: '/k', value: 'v1', createRevision: 2, modRevision: 2, version: 1, lease: 0 },
      },
    ]);
    expect(del.events).toEqual([
      {
        type: 'DELETE',
        kv: { key: '/k', value: '', createRevision: 0, modRevision: 4, version: 0, lease: 0 },
        prevKv: { key: '/k', value: 'v2', createRevision: 2, modRevision: 3, version: 2, lease: 0 },
      },
    ]);
    expect(withoutPrev.responses[2].events).toEqual([{ type: 'DELETE', kv: { key: '/k', value: '', createRevision: 0, modRevision: 4, version: 0, lease: 0 } }]);
  });

  it('puts all events of one txn or range delete in one response, in the order they happened', () => {
    const { client, loop } = newTestEtcd();
    client.put({ key: `${PODS}x`, value: '1' });
    client.put({ key: `${PODS}a`, value: '1' });
    const w = recordWatch(client, podsRange);
    client.txn({ compare: [], success: [{ requestPut: { key: `${PODS}m`, value: '2' } }, { requestPut: { key: `${PODS}b`, value: '2' } }], failure: [] });
    client.deleteRange({ key: PODS, rangeEnd: prefixEnd(PODS) });
    drain(loop);
    expect(w.responses.slice(1).map(events)).toEqual([
      [`PUT ${PODS}m=2@4`, `PUT ${PODS}b=2@4`],
      [`DELETE ${PODS}a@5`, `DELETE ${PODS}b@5`, `DELETE ${PODS}m@5`, `DELETE ${PODS}x@5`],
    ]);
  });

  it('replays history from startRevision in one batch, then continues live without gaps or repeats', () => {
    const { client, loop } = newTestEtcd();
    client.put({ key: '/a', value: '1' }); // 2
    client.put({ key: '/b', value: '1' }); // 3
    client.put({ key: '/a', value: '2' }); // 4
    const w = recordWatch(client, { key: '/a', startRevision: 3 });
    client.put({ key: '/a', value: '3' }); // 5
    drain(loop);
    expect(w.responses.map((r) => [r.header.revision, r.created ?? false, ...events(r)])).toEqual([
      [4, true],
      [4, false, 'PUT /a=2@4'],
      [5, false, 'PUT /a=3@5'],
    ]);
    const all = recordWatch(client, { key: '\0', rangeEnd: '\0', startRevision: 1 });
    drain(loop);
    expect(all.responses.slice(1).map(events)).toEqual([['PUT /a=1@2', 'PUT /b=1@3', 'PUT /a=2@4', 'PUT /a=3@5']]);
  });

  it('splits a long replay into batches of watchBatchMaxRevs revisions', () => {
    const { client, loop } = newTestEtcd({ watchBatchMaxRevs: 2 });
    for (let i = 0; i < 5; i++) client.put({ key: '/k', value: String(i) });
    const w = recordWatch(client, { key: '/k', startRevision: 2 });
    drain(loop);
    expect(w.responses.slice(1).map((r) => r.events.length)).toEqual([2, 2, 1]);
  });

  it('waits for a future startRevision', () => {
    const { client, loop } = newTestEtcd();
    const w = recordWatch(client, { key: '/k', startRevision: 4 });
    client.put({ key: '/k', value: 'a' }); // 2
    client.put({ key: '/k', value: 'b' }); // 3
    client.put({ key: '/k', value: 'c' }); // 4
    drain(loop);
    expect(w.responses.slice(1).map(events)).toEqual([['PUT /k=c@4']]);
  });

  it('cancels a watch whose startRevision was compacted, after created', () => {
    const { client, loop } = newTestEtcd();
    for (let i = 0; i < 5; i++) client.put({ key: '/k', value: String(i) }); // 2..6
    client.compact(6);
    const w = recordWatch(client, { key: '/k', startRevision: 3 });
    client.put({ key: '/k', value: 'after' });
    drain(loop);
    expect(w.responses).toEqual([
      { header: { revision: 6 }, watchId: w.watcher.id, created: true, events: [] },
      { header: { revision: 0 }, watchId: w.watcher.id, canceled: true, compactRevision: 6, events: [] },
    ]);
    // Starting exactly at the compaction point is allowed.
    const atPoint = recordWatch(client, { key: '/k', startRevision: 6 });
    drain(loop);
    expect(atPoint.responses.slice(1).map(events)).toEqual([['PUT /k=4@6', 'PUT /k=after@7']]);
  });

  it('stops deliveries on cancel, even ones already scheduled', () => {
    const { client, loop, server } = newTestEtcd();
    const w = recordWatch(client, { key: '/k' });
    drain(loop);
    client.put({ key: '/k', value: 'scheduled' });
    w.watcher.cancel();
    drain(loop);
    expect(w.responses.map((r) => r.created ?? false)).toEqual([true]);
    expect(server.openWatchCount).toBe(0);
  });

  it('lets a callback cancel its own watch mid-batch', () => {
    const { client, loop } = newTestEtcd();
    for (let i = 0; i < 3; i++) client.put({ key: '/k', value: String(i) });
    const seen: WatchResponse[] = [];
    const watcher = client.watch({ key: '/k', startRevision: 2 }, (res) => {
      seen.push(res);
      if (res.created) watcher.cancel();
    });
    client.put({ key: '/k', value: 'later' });
    drain(loop);
    expect(seen).toHaveLength(1);
  });

  it('only notifies watchers whose range holds the key, whatever the mix of watch kinds', () => {
    const { client, loop } = newTestEtcd();
    const single = recordWatch(client, { key: '/registry/pods/ns1/a' });
    const ns1 = recordWatch(client, { key: '/registry/pods/ns1/', rangeEnd: prefixEnd('/registry/pods/ns1/') });
    const pods = recordWatch(client, podsRange);
    const everything = recordWatch(client, { key: '\0', rangeEnd: '\0' });
    const fromB = recordWatch(client, { key: '/registry/pods/ns1/b', rangeEnd: '\0' });
    const window = recordWatch(client, { key: '/registry/pods/ns1/b', rangeEnd: '/registry/pods/ns2' });
    for (const key of ['/registry/pods/ns1/a', '/registry/pods/ns1/b', '/registry/pods/ns2/c', '/registry/podsz', '/registry/minions/n']) {
      client.put({ key, value: 'v' });
    }
    drain(loop);
    const keysSeen = (w: { responses: WatchResponse[] }) => w.responses.flatMap((r) => r.events.map((e) => e.kv.key.slice('/registry/'.length)));
    expect(keysSeen(single)).toEqual(['pods/ns1/a']);
    expect(keysSeen(ns1)).toEqual(['pods/ns1/a', 'pods/ns1/b']);
    expect(keysSeen(pods)).toEqual(['pods/ns1/a', 'pods/ns1/b', 'pods/ns2/c']);
    expect(keysSeen(everything)).toEqual(['pods/ns1/a', 'pods/ns1/b', 'pods/ns2/c', 'podsz', 'minions/n']);
    expect(keysSeen(fromB)).toEqual(['pods/ns1/b', 'pods/ns2/c', 'podsz']);
    expect(keysSeen(window)).toEqual(['pods/ns1/b']);
  });
});

describe('watch fan-out of one write', () => {
  it('sends a single-event revision to each matching watcher oldest first, each with its own event', () => {
    const { client, loop } = newTestEtcd();
    client.put({ key: '/registry/pods/ns/a', value: 'v1' }); // 2
    const order: string[] = [];
    const received = new Map<string, WatchResponse[]>();
    const open = (name: string, req: Parameters<typeof client.watch>[0]) =>
      client.watch(req, (res) => {
        if (res.created) return;
        order.push(name);
        received.set(name, [...(received.get(name) ?? []), res]);
      });
    // Oldest first is a plain range (found last by the index), newest an exact key (found first).
    open('window', { key: '/registry/pods/', rangeEnd: '/registry/pods/z', prevKv: true });
    open('prefix', { key: '/registry/pods/', rangeEnd: prefixEnd('/registry/pods/') });
    open('later', { key: '/registry/pods/ns/a', startRevision: 4 });
    open('exact', { key: '/registry/pods/ns/a', prevKv: true });
    client.put({ key: '/registry/pods/ns/a', value: 'v2' }); // 3
    drain(loop);
    expect(order).toEqual(['window', 'prefix', 'exact']);
    const [window, prefix, exact] = ['window', 'prefix', 'exact'].map((name) => received.get(name)![0]);
    for (const res of [window, prefix, exact]) expect(res.header.revision).toBe(3);
    expect(window.events[0].prevKv?.value).toBe('v1');
    expect(exact.events[0].prevKv?.value).toBe('v1');
    expect('prevKv' in prefix.events[0]).toBe(false);
    // Watchers that want the stored event's exact shape share it, frozen like the KeyValues: a
    // reader cannot change what another receives; a watch without prevKv gets its own event.
    expect(window.events[0]).toBe(exact.events[0]);
    expect(Object.isFrozen(window.events[0])).toBe(true);
    expect(() => {
      (window.events[0] as { type: string }).type = 'DELETE';
    }).toThrow(TypeError);
    expect(prefix.events[0]).not.toBe(exact.events[0]);
    expect(prefix.events[0].kv).toBe(exact.events[0].kv);
    client.put({ key: '/registry/pods/ns/a', value: 'v3' }); // 4
    drain(loop);
    expect(order.slice(3)).toEqual(['window', 'prefix', 'later', 'exact']);
  });
});

describe('watch delivery robustness', () => {
  it('delivers to every watcher even when one callback throws, then surfaces the error', () => {
    const { client, loop } = newTestEtcd();
    client.watch({ key: '/k' }, (res) => {
      if (!res.created) throw new Error('reader bug');
    });
    const other = recordWatch(client, { key: '/k' });
    client.put({ key: '/k', value: 'v' });
    // Both created responses and the event share one delivery task at t=1.
    expect(() => loop.step()).toThrow('reader bug');
    expect(other.responses.map((r) => r.events.length)).toEqual([0, 1]);
  });
});
