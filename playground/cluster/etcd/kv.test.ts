import { describe, expect, it } from 'vitest';
import { newTestEtcd } from './test-support';
import { EtcdError, prefixEnd } from './types';

function expectEtcdError(call: () => unknown, message: string, code: number): void {
  let caught: unknown;
  try {
    call();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(EtcdError);
  expect((caught as EtcdError).message).toBe(message);
  expect((caught as EtcdError).code).toBe(code);
}

describe('revisions', () => {
  it('starts at 1 and raises by one per write request only', () => {
    const { client } = newTestEtcd();
    expect(client.status()).toEqual({ revision: 1, compactRevision: 0, dbKeys: 0 });
    expect(client.put({ key: '/a', value: '1' }).header.revision).toBe(2);
    expect(client.put({ key: '/b', value: '1' }).header.revision).toBe(3);
    expect(client.range({ key: '/a' }).header.revision).toBe(3);
    // Deleting an absent key is not a write.
    expect(client.deleteRange({ key: '/nope' })).toEqual({ header: { revision: 3 }, deleted: 0 });
    // A range delete of two keys costs one revision.
    expect(client.deleteRange({ key: '/', rangeEnd: '0' }).header.revision).toBe(4);
    expect(client.status().revision).toBe(4);
  });

  it('tracks create/mod revision and version per key, and resets them on re-create', () => {
    const { client } = newTestEtcd();
    client.put({ key: '/k', value: 'v1' });
    client.put({ key: '/other', value: 'x' });
    client.put({ key: '/k', value: 'v1' }); // same value still bumps version and revision
    expect(client.range({ key: '/k' }).kvs).toEqual([{ key: '/k', value: 'v1', createRevision: 2, modRevision: 4, version: 2, lease: 0 }]);
    client.deleteRange({ key: '/k' });
    client.put({ key: '/k', value: 'v2' });
    expect(client.range({ key: '/k' }).kvs[0]).toEqual({ key: '/k', value: 'v2', createRevision: 6, modRevision: 6, version: 1, lease: 0 });
  });
});

describe('range', () => {
  function seeded() {
    const etcd = newTestEtcd();
    for (const name of ['c', 'a', 'b', 'd']) etcd.client.put({ key: `/registry/pods/default/${name}`, value: name });
    etcd.client.put({ key: '/registry/minions/node1', value: 'n' });
    etcd.client.put({ key: '/registry/podsx', value: 'not a pod' });
    return etcd;
  }

  it('reads one key, or nothing for a missing key', () => {
    const { client } = seeded();
    expect(client.range({ key: '/registry/pods/default/b' }).kvs.map((kv) => kv.value)).toEqual(['b']);
    expect(client.range({ key: '/registry/pods/default/zz' })).toEqual({ header: { revision: 7 }, kvs: [], more: false, count: 0 });
  });

  it('answers a one-key read like the range [key, key + "\\0") that holds only it, whatever the options', () => {
    const { client } = seeded();
    client.put({ key: '/registry/pods/default/b', value: 'b2' }); // 8: b has history now
    for (const key of ['/registry/pods/default/b', '/registry/pods/default/zz']) {
      for (const options of [{}, { keysOnly: true }, { countOnly: true }, { limit: 1 }, { limit: 1, keysOnly: true }, { countOnly: true, limit: 1 }, { revision: 8 }, { revision: 7 }, { revision: 7, keysOnly: true }]) {
        const single = client.range({ key, ...options });
        const asRange = client.range({ key, rangeEnd: `${key}\0`, ...options });
        expect(single).toEqual(asRange);
        expect(client.range({ key, rangeEnd: '', ...options })).toEqual(asRange);
      }
    }
    const keysOnly = client.range({ key: '/registry/pods/default/b', keysOnly: true });
    expect(keysOnly.kvs).toEqual([{ key: '/registry/pods/default/b', value: '', createRevision: 4, modRevision: 8, version: 2, lease: 0 }]);
    // A past revision still reads the history, not the current value.
    expect(client.range({ key: '/registry/pods/default/b', revision: 7 }).kvs[0].value).toBe('b');
  });

  it('reads a prefix sorted by key, and [key, rangeEnd) half-open', () => {
    const { client } = seeded();
    const pods = client.range({ key: '/registry/pods/', rangeEnd: prefixEnd('/registry/pods/') });
    expect(pods.kvs.map((kv) => kv.key)).toEqual(['a', 'b', 'c', 'd'].map((n) => `/registry/pods/default/${n}`));
    expect(pods.count).toBe(4);
    const half = client.range({ key: '/registry/pods/default/b', rangeEnd: '/registry/pods/default/d' });
    expect(half.kvs.map((kv) => kv.value)).toEqual(['b', 'c']);
    expect(client.range({ key: '/registry/pods/default/d', rangeEnd: '/registry/pods/default/a' }).count).toBe(0);
  });

  it('reads everything with key and rangeEnd "\\0", and from a key on with rangeEnd "\\0"', () => {
    const { client } = seeded();
    expect(client.range({ key: '\0', rangeEnd: '\0' }).count).toBe(6);
    expect(client.range({ key: '/registry/pods/default/c', rangeEnd: '\0' }).kvs.map((kv) => kv.value)).toEqual(['c', 'd', 'not a pod']);
  });

  it('limits with more=true and count still the total', () => {
    const { client } = seeded();
    const page = client.range({ key: '/registry/pods/', rangeEnd: prefixEnd('/registry/pods/'), limit: 1 });
    expect(page.kvs.map((kv) => kv.value)).toEqual(['a']);
    expect(page.more).toBe(true);
    expect(page.count).toBe(4);
    const all = client.range({ key: '/registry/pods/', rangeEnd: prefixEnd('/registry/pods/'), limit: 4 });
    expect(all.more).toBe(false);
    expect(all.kvs).toHaveLength(4);
  });

  it('supports keysOnly and countOnly', () => {
    const { client } = seeded();
    const keys = client.range({ key: '/registry/pods/', rangeEnd: prefixEnd('/registry/pods/'), keysOnly: true, limit: 2 });
    expect(keys.kvs.map((kv) => [kv.key, kv.value, kv.version])).toEqual([
      ['/registry/pods/default/a', '', 1],
      ['/registry/pods/default/b', '', 1],
    ]);
    expect(keys.more).toBe(true);
    const counted = client.range({ key: '/registry/pods/', rangeEnd: prefixEnd('/registry/pods/'), countOnly: true, limit: 1 });
    expect(counted).toEqual({ header: { revision: 7 }, kvs: [], more: false, count: 4 });
  });

  it('reads past revisions and refuses future ones', () => {
    const { client } = newTestEtcd();
    client.put({ key: '/k', value: 'v1' }); // rev 2
    client.put({ key: '/k', value: 'v2' }); // rev 3
    client.deleteRange({ key: '/k' }); // rev 4
    client.put({ key: '/j', value: 'j' }); // rev 5
    const at = (revision: number) => client.range({ key: '/', rangeEnd: '0', revision }).kvs.map((kv) => `${kv.key}=${kv.value}@${kv.modRevision}`);
    expect(at(1)).toEqual([]);
    expect(at(2)).toEqual(['/k=v1@2']);
    expect(at(3)).toEqual(['/k=v2@3']);
    expect(at(4)).toEqual([]);
    expect(at(5)).toEqual(['/j=j@5']);
    // The header always carries the current revision, not the one read.
    expect(client.range({ key: '/k', revision: 2 }).header.revision).toBe(5);
    expectEtcdError(() => client.range({ key: '/k', revision: 6 }), 'etcdserver: mvcc: required revision is a future revision', 11);
  });

  it('rejects a request without a key', () => {
    const { client } = newTestEtcd();
    expectEtcdError(() => client.range({ key: '' }), 'etcdserver: key is not provided', 3);
    expectEtcdError(() => client.put({ key: '', value: 'x' }), 'etcdserver: key is not provided', 3);
  });
});

describe('put and deleteRange', () => {
  it('returns the previous kv only when asked', () => {
    const { client } = newTestEtcd();
    expect(client.put({ key: '/a', value: 'v1', prevKv: true })).toEqual({ header: { revision: 2 } });
    expect(client.put({ key: '/a', value: 'v2' })).toEqual({ header: { revision: 3 } });
    expect(client.put({ key: '/a', value: 'v3', prevKv: true })).toEqual({
      header: { revision: 4 },
      prevKv: { key: '/a', value: 'v2', createRevision: 2, modRevision: 3, version: 2, lease: 0 },
    });
  });

  it('refuses an unknown lease and leaves the revision alone', () => {
    const { client } = newTestEtcd();
    expectEtcdError(() => client.put({ key: '/a', value: 'v', lease: 12345 }), 'etcdserver: requested lease not found', 5);
    expect(client.status().revision).toBe(1);
  });

  it('deletes a range with the deleted count and prevKvs in key order', () => {
    const { client } = newTestEtcd();
    client.put({ key: '/p/b', value: 'B' });
    client.put({ key: '/p/a', value: 'A' });
    client.put({ key: '/q', value: 'Q' });
    const res = client.deleteRange({ key: '/p/', rangeEnd: prefixEnd('/p/'), prevKv: true });
    expect(res.deleted).toBe(2);
    expect(res.header.revision).toBe(5);
    expect(res.prevKvs!.map((kv) => `${kv.key}=${kv.value}`)).toEqual(['/p/a=A', '/p/b=B']);
    expect(client.range({ key: '\0', rangeEnd: '\0' }).kvs.map((kv) => kv.key)).toEqual(['/q']);
  });
});

describe('compact', () => {
  it('makes reads below the compaction point fail and keeps reads at or above it', () => {
    const { client } = newTestEtcd();
    client.put({ key: '/k', value: 'v1' }); // 2
    client.put({ key: '/k', value: 'v2' }); // 3
    client.put({ key: '/gone', value: 'x' }); // 4
    client.deleteRange({ key: '/gone' }); // 5
    client.put({ key: '/k', value: 'v3' }); // 6
    expect(client.compact(5)).toEqual({ revision: 6 });
    expect(client.status()).toEqual({ revision: 6, compactRevision: 5, dbKeys: 1 });
    expectEtcdError(() => client.range({ key: '/k', revision: 4 }), 'etcdserver: mvcc: required revision has been compacted', 11);
    expect(client.range({ key: '\0', rangeEnd: '\0', revision: 5 }).kvs.map((kv) => kv.value)).toEqual(['v2']);
    expect(client.range({ key: '/k', revision: 6 }).kvs[0].value).toBe('v3');
  });

  it('forgets a deleted key at compaction, and a re-created key starts over at version 1', () => {
    const { client } = newTestEtcd();
    client.put({ key: '/k', value: 'v1' }); // 2
    client.deleteRange({ key: '/k' }); // 3
    client.put({ key: '/other', value: 'o' }); // 4
    client.compact(4);
    expect(client.status().dbKeys).toBe(1);
    expect(client.range({ key: '\0', rangeEnd: '\0', revision: 4 }).kvs.map((kv) => kv.key)).toEqual(['/other']);
    client.txn({ compare: [{ target: 'CREATE', result: 'EQUAL', key: '/k', value: 0 }], success: [{ requestPut: { key: '/k', value: 'again' } }], failure: [] }); // 5
    expect(client.range({ key: '/k' }).kvs).toEqual([{ key: '/k', value: 'again', createRevision: 5, modRevision: 5, version: 1, lease: 0 }]);
    expect(client.range({ key: '/k', revision: 4 }).count).toBe(0);
    expect(client.status()).toEqual({ revision: 5, compactRevision: 4, dbKeys: 2 });
    client.deleteRange({ key: '/k' }); // 6
    client.deleteRange({ key: '/k' }); // nothing left to delete: no new revision
    expect(client.status()).toEqual({ revision: 6, compactRevision: 4, dbKeys: 1 });
    expect(client.range({ key: '/k', revision: 5 }).kvs[0].value).toBe('again');
  });

  it('refuses an already-compacted and a future revision', () => {
    const { client } = newTestEtcd();
    client.put({ key: '/k', value: 'v1' });
    client.put({ key: '/k', value: 'v2' });
    client.compact(2);
    expectEtcdError(() => client.compact(2), 'etcdserver: mvcc: required revision has been compacted', 11);
    expectEtcdError(() => client.compact(1), 'etcdserver: mvcc: required revision has been compacted', 11);
    expectEtcdError(() => client.compact(4), 'etcdserver: mvcc: required revision is a future revision', 11);
    expect(client.compact(3).revision).toBe(3);
  });
});

describe('snapshot', () => {
  it('lists the whole current keyspace sorted by key', () => {
    const { client, server } = newTestEtcd();
    client.put({ key: '/b', value: '2' });
    client.put({ key: '/a', value: '1' });
    client.put({ key: '/c', value: '3' });
    client.deleteRange({ key: '/c' });
    expect(server.snapshot().map((kv) => `${kv.key}=${kv.value}`)).toEqual(['/a=1', '/b=2']);
  });
});

describe('historyRetention', () => {
  it('compacts as writes arrive, keeping at least the last N revisions readable', () => {
    const { client } = newTestEtcd({ historyRetention: 3 });
    const compactions: number[] = [];
    for (let i = 0; i < 12; i++) {
      client.put({ key: '/k', value: String(i) }); // revisions 2..13
      const { revision, compactRevision } = client.status();
      compactions.push(compactRevision);
      expect(revision - Math.max(compactRevision, 1)).toBeLessThan(2 * 3);
      if (compactRevision > 0) expect(revision - compactRevision).toBeGreaterThanOrEqual(3);
    }
    expect(compactions).toEqual([0, 0, 0, 0, 0, 4, 4, 4, 7, 7, 7, 10]);
    expect(client.range({ key: '/k', revision: 10 }).kvs[0].value).toBe('8');
    expectEtcdError(() => client.range({ key: '/k', revision: 9 }), 'etcdserver: mvcc: required revision has been compacted', 11);
  });

  it('is off by default and refuses a negative value', () => {
    const { client } = newTestEtcd();
    for (let i = 0; i < 50; i++) client.put({ key: '/k', value: String(i) });
    expect(client.range({ key: '/k', revision: 2 }).kvs[0].value).toBe('0');
    expect(() => newTestEtcd({ historyRetention: -1 })).toThrow('EtcdServer: historyRetention must be a whole number of revisions >= 0, got -1');
  });
});
