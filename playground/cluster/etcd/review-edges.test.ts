/**
 * Edge cases of the store's compact histories, the reused WriteTxn, the lease key lists and the
 * prefix watcher index, picked where the performance rewrites keep state between calls (the last
 * key and lease looked up, keys waiting for the sorted index, stale lease lists, frozen events).
 */
import { describe, expect, it } from 'vitest';
import { drain, newTestEtcd, recordWatch } from './test-support';
import { EtcdError, prefixEnd } from './types';
import type { EtcdClient, WatchResponse } from './types';

/** failure returns the error a call throws. */
function failure(call: () => unknown): EtcdError {
  try {
    call();
  } catch (error) {
    return error as EtcdError;
  }
  throw new Error('expected the call to throw');
}

/** at reads `key` (one key, or a prefix when `prefix`) at `revision` as `key=value` strings. */
function at(client: EtcdClient, key: string, revision: number, prefix = false): string[] {
  const res = client.range({ key, rangeEnd: prefix ? prefixEnd(key) : undefined, revision });
  return res.kvs.map((kv) => `${kv.key}=${kv.value}@${kv.createRevision}/${kv.modRevision}/v${kv.version}`);
}

/** eventsOf flattens watch responses to `TYPE key=value (prev value)` lines. */
function eventsOf(responses: WatchResponse[]): string[] {
  return responses.flatMap((res) =>
    res.events.map((e) => `${res.header.revision} ${e.type} ${e.kv.key}=${e.kv.value}${e.prevKv ? ` (${e.prevKv.value})` : ''}`),
  );
}

describe('key histories read at past revisions', () => {
  it('reads a key deleted and re-created at every revision, the DELETE revision included, with limits and counts', () => {
    const { client } = newTestEtcd();
    client.put({ key: '/k/a', value: '1' }); // 2
    client.put({ key: '/k/b', value: 'b' }); // 3
    client.deleteRange({ key: '/k/a' }); // 4
    client.put({ key: '/k/a', value: '2' }); // 5
    client.txn({ compare: [], success: [{ requestDeleteRange: { key: '/k/a' } }, { requestPut: { key: '/k/c', value: 'c' } }], failure: [] }); // 6
    client.put({ key: '/k/a', value: '3' }); // 7
    expect(at(client, '/k/a', 2)).toEqual(['/k/a=1@2/2/v1']);
    expect(at(client, '/k/a', 3)).toEqual(['/k/a=1@2/2/v1']);
    expect(at(client, '/k/a', 4)).toEqual([]);
    expect(at(client, '/k/a', 5)).toEqual(['/k/a=2@5/5/v1']);
    expect(at(client, '/k/a', 6)).toEqual([]);
    expect(at(client, '/k/a', 7)).toEqual(['/k/a=3@7/7/v1']);
    expect(at(client, '/k/', 4, true)).toEqual(['/k/b=b@3/3/v1']);
    expect(at(client, '/k/', 6, true)).toEqual(['/k/b=b@3/3/v1', '/k/c=c@6/6/v1']);
    const limited = client.range({ key: '/k/', rangeEnd: prefixEnd('/k/'), revision: 5, limit: 1 });
    expect([limited.kvs.map((kv) => kv.key), limited.count, limited.more]).toEqual([['/k/a'], 2, true]);
    const counted = client.range({ key: '/k/', rangeEnd: prefixEnd('/k/'), revision: 4, countOnly: true });
    expect([counted.kvs.length, counted.count, counted.more]).toEqual([0, 1, false]);
    const keysOnly = client.range({ key: '/k/', rangeEnd: prefixEnd('/k/'), revision: 6, keysOnly: true, limit: 5 });
    expect(keysOnly.kvs.map((kv) => [kv.key, kv.value])).toEqual([['/k/b', ''], ['/k/c', '']]);
  });

  it('keeps the DELETE revision readable after compacting exactly at it, and forgets a key deleted below the compaction', () => {
    const { client } = newTestEtcd();
    client.put({ key: '/a', value: '1' }); // 2
    client.put({ key: '/b', value: '1' }); // 3
    client.deleteRange({ key: '/a' }); // 4
    client.put({ key: '/a', value: '2' }); // 5
    // The last key looked up is /a (its history is about to be cut): the store must not serve it from memory.
    expect(at(client, '/a', 3)).toEqual(['/a=1@2/2/v1']);
    client.compact(4);
    expect(at(client, '/a', 4)).toEqual([]);
    expect(at(client, '/a', 5)).toEqual(['/a=2@5/5/v1']);
    expect(failure(() => at(client, '/a', 3)).message).toBe('etcdserver: mvcc: required revision has been compacted');
    client.deleteRange({ key: '/b' }); // 6
    client.deleteRange({ key: '/a' }); // 7
    expect(at(client, '/b', 5)).toEqual(['/b=1@3/3/v1']);
    client.compact(7);
    // Both keys are gone from history now; a new /b starts over at version 1.
    expect(client.range({ key: '\0', rangeEnd: '\0', revision: 7 }).count).toBe(0);
    client.put({ key: '/b', value: 'again' }); // 8
    expect(client.range({ key: '/b' }).kvs.map((kv) => [kv.createRevision, kv.version])).toEqual([[8, 1]]);
    expect(at(client, '/b', 7)).toEqual([]);
    expect(at(client, '/b', 8)).toEqual(['/b=again@8/8/v1']);
    // Looked up again after another key: the new history must be the one the store keeps.
    client.put({ key: '/c', value: '1' }); // 9
    expect(client.range({ key: '/b' }).kvs.map((kv) => kv.value)).toEqual(['again']);
    expect(at(client, '/', 8, true)).toEqual(['/b=again@8/8/v1']);
  });

  it('counts and limits keys that still wait for the sorted index, now and at a past revision', () => {
    const { client } = newTestEtcd();
    // Many new keys in random order: they wait in the index's plain list until a range needs them.
    const names = Array.from({ length: 300 }, (_, i) => `/p/${String((i * 7919) % 300).padStart(3, '0')}`);
    for (const name of names) client.put({ key: name, value: name });
    const first = client.range({ key: '/p/', rangeEnd: prefixEnd('/p/'), limit: 3 });
    expect([first.kvs.map((kv) => kv.key), first.count, first.more]).toEqual([['/p/000', '/p/001', '/p/002'], 300, true]);
    // More new keys after the merge, some below and some above the merged ones, then a read at a past revision.
    const before = client.status().revision;
    client.put({ key: '/p/', value: 'dir' });
    client.put({ key: '/p/999', value: 'last' });
    client.put({ key: '/o', value: 'outside' });
    const now = client.range({ key: '/p/', rangeEnd: prefixEnd('/p/'), limit: 2 });
    expect([now.kvs.map((kv) => kv.key), now.count, now.more]).toEqual([['/p/', '/p/000'], 302, true]);
    const past = client.range({ key: '/p/', rangeEnd: prefixEnd('/p/'), revision: before, limit: 2 });
    expect([past.kvs.map((kv) => kv.key), past.count, past.more]).toEqual([['/p/000', '/p/001'], 300, true]);
    const all = client.range({ key: '/p/', rangeEnd: prefixEnd('/p/'), limit: 302 });
    expect([all.kvs.length, all.count, all.more, all.kvs[301].key]).toEqual([302, 302, false, '/p/999']);
  });
});

describe('the event log placed by its first revision', () => {
  it('replays a watch and compacts from a fractional revision as from the first whole revision after it', () => {
    // etcdctl's `watch --rev` and reader code pass numbers as given: 3.5 must mean "from revision 4".
    const { client, loop } = newTestEtcd();
    for (const value of ['1', '2', '3', '4']) client.put({ key: '/k/a', value }); // 2..5
    const fromFraction = recordWatch(client, { key: '/k/', rangeEnd: prefixEnd('/k/'), startRevision: 3.5 });
    drain(loop);
    expect(eventsOf(fromFraction.responses)).toEqual(['5 PUT /k/a=3', '5 PUT /k/a=4']);
    // Compacting at 2.5 keeps revisions 3 and up in the log, which then still starts at a whole revision.
    client.compact(2.5);
    const afterCompaction = recordWatch(client, { key: '/k/', rangeEnd: prefixEnd('/k/'), startRevision: 3 });
    client.put({ key: '/k/a', value: '5' }); // 6
    drain(loop);
    expect(eventsOf(afterCompaction.responses)).toEqual(['5 PUT /k/a=2', '5 PUT /k/a=3', '5 PUT /k/a=4', '6 PUT /k/a=5']);
  });
});

describe('the reused write transaction', () => {
  it('starts clean after a refused txn, a failed compare and a delete that found nothing', () => {
    const { client, loop } = newTestEtcd();
    const watch = recordWatch(client, { key: '/', rangeEnd: prefixEnd('/'), prevKv: true });
    client.txn({ compare: [], success: [{ requestPut: { key: '/a', value: '1' } }, { requestPut: { key: '/b', value: '1' } }], failure: [] }); // 2
    const dup = failure(() =>
      client.txn({ compare: [], success: [{ requestPut: { key: '/c', value: 'x' } }, { requestPut: { key: '/c', value: 'y' } }], failure: [] }),
    );
    expect(dup.message).toBe('etcdserver: duplicate key given in txn request');
    const lost = client.txn({ compare: [{ key: '/a', target: 'MOD', result: 'EQUAL', value: 99 }], success: [{ requestPut: { key: '/a', value: 'no' } }], failure: [] });
    expect([lost.succeeded, lost.header.revision]).toEqual([false, 2]);
    expect(client.deleteRange({ key: '/zzz' }).header.revision).toBe(2);
    expect(failure(() => client.put({ key: '/a', value: 'x', lease: 12345 })).message).toBe('etcdserver: requested lease not found');
    expect(client.put({ key: '/a', value: '2' }).header.revision).toBe(3);
    drain(loop);
    expect(eventsOf(watch.responses)).toEqual(['2 PUT /a=1', '2 PUT /b=1', '3 PUT /a=2 (1)']);
    // The first txn's events are still whole in the log after later writes reused the txn.
    const replay = recordWatch(client, { key: '/', rangeEnd: prefixEnd('/'), startRevision: 2 });
    drain(loop);
    expect(eventsOf(replay.responses)).toEqual(['3 PUT /a=1', '3 PUT /b=1', '3 PUT /a=2']);
  });

  it('reports the keys a lease expiry deleted, even though the next write reuses the txn', () => {
    const { client, loop, trace } = newTestEtcd();
    const lease = client.leaseGrant(2).id;
    client.put({ key: '/x', value: '1', lease });
    client.put({ key: '/y', value: '1', lease });
    loop.runUntil(() => false, 3_000);
    const expiry = trace.entries.find((entry) => entry.kind === 'action' && entry.action === 'lease expired');
    expect(expiry && 'summary' in expiry ? expiry.summary : undefined).toBe(`lease ${lease} expired; 2 keys deleted at revision 4`);
  });
});

describe('lease key lists', () => {
  it('list and revoke exactly the keys holding a lease when keys move away and back many times', () => {
    const { client } = newTestEtcd();
    const l1 = client.leaseGrant(60).id;
    const l2 = client.leaseGrant(60).id;
    for (let round = 0; round < 7; round++) {
      for (const key of ['/a', '/b', '/c']) client.put({ key, value: String(round), lease: round % 2 === 0 ? l1 : l2 });
      // Every round also leaves /c without a lease once, then takes it back.
      client.put({ key: '/c', value: 'bare' });
      client.put({ key: '/c', value: 'back', lease: round % 2 === 0 ? l1 : l2 });
    }
    client.deleteRange({ key: '/b' });
    client.put({ key: '/b', value: 'new', lease: l1 });
    expect(client.leaseTimeToLive(l1, true).keys).toEqual(['/a', '/b', '/c']);
    expect(client.leaseTimeToLive(l2, true).keys).toEqual([]);
    client.put({ key: '/a', value: 'moved', lease: l2 });
    expect(client.leaseTimeToLive(l1, true).keys).toEqual(['/b', '/c']);
    client.leaseRevoke(l1);
    expect(client.range({ key: '\0', rangeEnd: '\0' }).kvs.map((kv) => kv.key)).toEqual(['/a']);
    client.leaseRevoke(l2);
    expect(client.range({ key: '\0', rangeEnd: '\0' }).count).toBe(0);
  });

  it('keeps keys that move back in the same txn that makes the lease prune its stale list', () => {
    const { client } = newTestEtcd();
    const l1 = client.leaseGrant(60).id;
    const l2 = client.leaseGrant(60).id;
    const put = (key: string, lease: number) => ({ requestPut: { key, value: key, lease } });
    client.txn({ compare: [], success: [put('/a', l1), put('/b', l1), put('/c', l1)], failure: [] });
    client.txn({ compare: [], success: [put('/a', l2), put('/b', l2)], failure: [] });
    // /a and /b come back while /c leaves: /c's leave is the one that makes l1 prune, after the returns.
    client.txn({ compare: [], success: [put('/a', l1), put('/b', l1), put('/c', l2)], failure: [] });
    expect(client.leaseTimeToLive(l1, true).keys).toEqual(['/a', '/b']);
    expect(client.leaseTimeToLive(l2, true).keys).toEqual(['/c']);
    // And the other order: the leave first, the returns after it.
    client.txn({ compare: [], success: [put('/a', l2), put('/b', 0), put('/c', l1)], failure: [] });
    client.txn({ compare: [], success: [put('/c', 0), put('/a', l1), put('/b', l1)], failure: [] });
    expect(client.leaseTimeToLive(l1, true).keys).toEqual(['/a', '/b']);
    expect(client.leaseTimeToLive(l2, true).keys).toEqual([]);
    client.leaseRevoke(l1);
    expect(client.range({ key: '\0', rangeEnd: '\0' }).kvs.map((kv) => kv.key)).toEqual(['/c']);
  });

  it('starts a re-granted lease id with no keys, although it was the last lease looked up', () => {
    const { client } = newTestEtcd();
    client.leaseGrant(60, 7);
    client.put({ key: '/old', value: '1', lease: 7 });
    client.leaseRevoke(7);
    client.leaseGrant(60, 7);
    expect(client.leaseTimeToLive(7, true).keys).toEqual([]);
    client.put({ key: '/new', value: '1', lease: 7 });
    client.put({ key: '/kept', value: '1' });
    expect(client.leaseTimeToLive(7, true).keys).toEqual(['/new']);
    client.leaseRevoke(7);
    expect(client.range({ key: '\0', rangeEnd: '\0' }).kvs.map((kv) => kv.key)).toEqual(['/kept']);
    expect(failure(() => client.put({ key: '/late', value: '1', lease: 7 })).message).toBe('etcdserver: requested lease not found');
  });
});

describe('watches against compaction and nested prefixes', () => {
  it('keeps a live watch going across a compaction, replays from exactly the compaction point and cancels below it', () => {
    const { client, loop } = newTestEtcd();
    const live = recordWatch(client, { key: '/a', rangeEnd: prefixEnd('/a') });
    client.put({ key: '/a1', value: '1' }); // 2
    client.put({ key: '/a1', value: '2' }); // 3
    client.compact(3);
    client.put({ key: '/a1', value: '3' }); // 4
    const fromCompaction = recordWatch(client, { key: '/a', rangeEnd: prefixEnd('/a'), startRevision: 3 });
    const belowIt = recordWatch(client, { key: '/a', rangeEnd: prefixEnd('/a'), startRevision: 2 });
    drain(loop);
    expect(eventsOf(live.responses)).toEqual(['2 PUT /a1=1', '3 PUT /a1=2', '4 PUT /a1=3']);
    expect(eventsOf(fromCompaction.responses)).toEqual(['4 PUT /a1=2', '4 PUT /a1=3']);
    expect(belowIt.responses.map((res) => [res.created ?? false, res.canceled ?? false, res.compactRevision ?? 0])).toEqual([
      [true, false, 0],
      [false, true, 3],
    ]);
    client.put({ key: '/a1', value: '4' });
    drain(loop);
    expect(belowIt.responses).toHaveLength(2);
    expect(eventsOf(live.responses).at(-1)).toBe('5 PUT /a1=4');
  });

  it('finds every enclosing prefix watcher of a key while nested prefix watches are cancelled and re-opened', () => {
    const { client, loop } = newTestEtcd();
    const prefixes = ['/', '/r', '/r/', '/r/p', '/r/pods/', '/r/pods/ns/', '/r/pods/ns/a', '/r/pods/nt', '/r/q'];
    const all = new Map(prefixes.map((p) => [p, recordWatch(client, { key: p, rangeEnd: prefixEnd(p) })]));
    const open = new Set(prefixes);
    /** put writes `key` and returns the prefixes whose watchers got that write. */
    const put = (key: string, value: string) => {
      client.put({ key, value });
      drain(loop);
      return [...all.entries()].filter(([, w]) => eventsOf(w.responses).some((line) => line.endsWith(` ${key}=${value}`))).map(([p]) => p).sort();
    };
    const enclosing = (key: string) => [...open].filter((p) => key.startsWith(p)).sort();
    for (const [i, cancel] of ['/r/pods/', '/r', '/r/pods/ns/a', '/'].entries()) {
      all.get(cancel)!.watcher.cancel();
      open.delete(cancel);
      for (const key of ['/r/pods/ns/abc', '/r/pods/nz', '/r/pods/', '/r']) expect(put(key, String(i))).toEqual(enclosing(key));
    }
    // Re-open one that was cancelled: it is indexed again alongside its old neighbours.
    all.set('/r/pods/', recordWatch(client, { key: '/r/pods/', rangeEnd: prefixEnd('/r/pods/') }));
    open.add('/r/pods/');
    expect(put('/r/pods/ns/abc', 'last')).toEqual(['/r/', '/r/p', '/r/pods/', '/r/pods/ns/']);
  });
});

describe('events shared with watchers', () => {
  it('hands prevKv watchers frozen events that a consumer cannot change under the log or the other watchers', () => {
    const { client, loop } = newTestEtcd();
    client.put({ key: '/a', value: '1' });
    const withPrev = recordWatch(client, { key: '/a', prevKv: true });
    const plain = recordWatch(client, { key: '/a' });
    client.put({ key: '/a', value: '2' });
    drain(loop);
    const shared = withPrev.responses[1].events[0];
    expect(Object.isFrozen(shared) && Object.isFrozen(shared.kv) && Object.isFrozen(shared.prevKv)).toBe(true);
    expect(() => {
      (shared as { prevKv?: unknown }).prevKv = undefined;
    }).toThrow(TypeError);
    expect(plain.responses[1].events[0]).toEqual({ type: 'PUT', kv: shared.kv });
    const replay = recordWatch(client, { key: '/a', startRevision: 3, prevKv: true });
    drain(loop);
    expect(eventsOf(replay.responses)).toEqual(['3 PUT /a=2 (1)']);
  });
});
