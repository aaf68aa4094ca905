/**
 * The store keeps a key written once as its one version, and makes the key's history on its
 * second version or its deletion (store.ts KeyEntry): reads now and at past revisions, writes,
 * deletions and compaction must not tell the two apart.
 */
import { describe, expect, it } from 'vitest';
import { createdEvent, isCreatedKv } from './log-entry';
import { MvccStore, type StoredEvent } from './store';
import type { KeyValue } from './types';

/** eventOf is the event a put made: putOne answers a created key with its KeyValue (see LogEntry). */
const eventOf = (logged: StoredEvent | KeyValue): StoredEvent => (isCreatedKv(logged) ? createdEvent(logged) : logged);

function deleteKey(store: MvccStore, key: string): void {
  const txn = store.beginWrite();
  txn.deleteRange(key, undefined);
  txn.end();
}

const valueAt = (store: MvccStore, key: string, revision: number) => store.valueAt(key, revision)?.value;

describe('MvccStore key entries', () => {
  it('reads a key written once now and at every revision, before and after it was written', () => {
    const store = new MvccStore();
    store.putOne('/a', 'one', 0);
    store.putOne('/b', 'only', 7);
    expect(store.get('/b')).toMatchObject({ key: '/b', value: 'only', createRevision: 3, modRevision: 3, version: 1, lease: 7 });
    expect(valueAt(store, '/b', 2)).toBeUndefined();
    expect(valueAt(store, '/b', 3)).toBe('only');
    expect(store.range({ key: '/', rangeEnd: '0', revision: 2 }).kvs.map((kv) => kv.key)).toEqual(['/a']);
    expect(store.liveCount).toBe(2);
  });

  it('keeps both versions when a key written once is written again, with the first as the event\'s prevKv', () => {
    const store = new MvccStore();
    const first = eventOf(store.putOne('/a', 'v1', 0));
    const second = eventOf(store.putOne('/a', 'v2', 0));
    expect(second.prevKv).toBe(first.kv);
    expect(second.kv).toMatchObject({ createRevision: 2, modRevision: 3, version: 2 });
    expect(valueAt(store, '/a', 2)).toBe('v1');
    expect(valueAt(store, '/a', 3)).toBe('v2');
    store.putOne('/a', 'v3', 0);
    expect([2, 3, 4].map((r) => valueAt(store, '/a', r))).toEqual(['v1', 'v2', 'v3']);
    expect(store.get('/a')?.version).toBe(3);
  });

  it('deletes a key written once (a tombstone after its version) and brings it back as a new key', () => {
    const store = new MvccStore();
    store.putOne('/a', 'v1', 0);
    deleteKey(store, '/a');
    expect(store.get('/a')).toBeUndefined();
    expect(store.liveCount).toBe(0);
    expect(valueAt(store, '/a', 2)).toBe('v1');
    expect(valueAt(store, '/a', 3)).toBeUndefined();
    const back = eventOf(store.putOne('/a', 'again', 0));
    expect(back.prevKv).toBeUndefined();
    expect(back.kv).toMatchObject({ createRevision: 4, version: 1 });
    expect([2, 3, 4].map((r) => valueAt(store, '/a', r))).toEqual(['v1', undefined, 'again']);
    expect(store.batchesFrom(2).map((b) => b.events.map((e) => e.type))).toEqual([['PUT'], ['DELETE'], ['PUT']]);
  });

  it('keeps a key written once through compaction, and drops a deleted one', () => {
    const store = new MvccStore();
    store.putOne('/once', 'x', 0);
    store.putOne('/twice', 'a', 0);
    store.putOne('/twice', 'b', 0);
    store.putOne('/gone', 'g', 0);
    deleteKey(store, '/gone');
    store.compact(store.revision);
    expect(store.get('/once')?.value).toBe('x');
    expect(valueAt(store, '/once', store.revision)).toBe('x');
    expect(valueAt(store, '/twice', store.revision)).toBe('b');
    expect(store.range({ key: '/', rangeEnd: '0', revision: store.revision }).kvs.map((kv) => kv.key)).toEqual(['/once', '/twice']);
    expect(store.valueAt('/gone', store.revision)).toBeUndefined();
    // Written again after the compaction, the kept single version becomes a history.
    store.putOne('/once', 'y', 0);
    expect(valueAt(store, '/once', store.revision - 1)).toBe('x');
    expect(store.get('/once')).toMatchObject({ value: 'y', version: 2 });
  });

  it('treats loaded keys as keys written once: updated, deleted and read at the load revision', () => {
    const store = new MvccStore();
    store.load(
      [
        { key: '/a', value: 'a', createRevision: 3, modRevision: 5, version: 2, lease: 0 },
        { key: '/b', value: 'b', createRevision: 4, modRevision: 4, version: 1, lease: 0 },
      ],
      9,
    );
    expect(valueAt(store, '/a', 9)).toBe('a');
    const updated = eventOf(store.putOne('/a', 'a2', 0));
    expect(updated.kv).toMatchObject({ createRevision: 3, modRevision: 10, version: 3 });
    expect(updated.prevKv?.value).toBe('a');
    deleteKey(store, '/b');
    expect(valueAt(store, '/b', 10)).toBe('b');
    expect(valueAt(store, '/b', 11)).toBeUndefined();
    expect(store.liveCount).toBe(1);
  });

  it('logs a put that created its key as the KeyValue itself, and replays it as that PUT event', () => {
    const store = new MvccStore();
    const created = store.putOne('/a', 'v1', 5);
    expect(isCreatedKv(created)).toBe(true);
    expect(created).toBe(store.get('/a'));
    const replaced = store.putOne('/a', 'v2', 5);
    expect(isCreatedKv(replaced)).toBe(false);
    deleteKey(store, '/a');
    const recreated = store.putOne('/a', 'v3', 0);
    expect(isCreatedKv(recreated)).toBe(true);
    const batches = store.batchesFrom(0);
    expect(batches.map((b) => b.revision)).toEqual([2, 3, 4, 5]);
    expect(batches[0].events).toEqual([{ type: 'PUT', kv: created }]);
    expect(batches[0].events[0].kv).toBe(created);
    expect('prevKv' in batches[0].events[0]).toBe(false);
    expect(batches[1].events).toEqual([replaced]);
    // The log keeps the KeyValue of a put that replaced one too: its replayed event holds the very versions.
    expect(batches[1].events[0].kv).toBe((replaced as StoredEvent).kv);
    expect(batches[1].events[0].prevKv).toBe(created);
    expect(batches[3].events).toEqual([{ type: 'PUT', kv: recreated }]);
    // Compaction drops created entries like any other.
    store.compact(4);
    expect(store.batchesFrom(0).map((b) => b.revision)).toEqual([4, 5]);
  });

  it('replays every logged put with the version it replaced, the one at the compaction revision too', () => {
    const store = new MvccStore();
    const first = store.putOne('/a', 'v1', 0);
    const second = store.putOne('/a', 'v2', 0) as StoredEvent;
    const third = store.putOne('/a', 'v3', 0) as StoredEvent;
    const other = store.putOne('/b', 'b1', 0);
    const fourth = store.putOne('/a', 'v4', 0) as StoredEvent;
    const replay = () => store.batchesFrom(0).map((b) => b.events.map((e) => `${e.kv.value}<${e.prevKv?.value ?? '-'}`));
    expect(replay()).toEqual([['v1<-'], ['v2<v1'], ['v3<v2'], ['b1<-'], ['v4<v3']]);
    expect(second.prevKv).toBe(first);
    // Compacting at v3's revision drops v2 from the key's history; v3's replay still names it.
    store.compact(4);
    expect(store.valueAt('/a', 3)).toBeUndefined();
    expect(replay()).toEqual([['v3<v2'], ['b1<-'], ['v4<v3']]);
    expect(store.batchesFrom(4)[0].events[0].prevKv).toBe(second.kv);
    expect(store.batchesFrom(6)[0].events[0].prevKv).toBe(third.kv);
    expect(store.batchesFrom(5)[0].events[0].kv).toBe(other);
    // And compacting again, past it, forgets it with the rest.
    store.compact(6);
    expect(replay()).toEqual([['v4<v3']]);
    expect(store.batchesFrom(0)[0].events[0]).toEqual(fourth);
  });
});
