import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { drain, newTestEtcd, recordWatch } from './test-support';
import { EtcdError } from './types';

function caught(call: () => unknown): EtcdError {
  try {
    call();
  } catch (err) {
    return err as EtcdError;
  }
  throw new Error('expected the call to throw');
}

describe('leases', () => {
  it('grants with a positive id below 2^53, raising a TTL of 1 to the minimum 2', () => {
    const { client } = newTestEtcd();
    const short = client.leaseGrant(1);
    expect(short.ttl).toBe(2);
    expect(Number.isSafeInteger(short.id) && short.id > 0).toBe(true);
    const long = client.leaseGrant(40);
    expect(long.ttl).toBe(40);
    expect(long.id).not.toBe(short.id);
    expect(client.leases()).toEqual([short.id, long.id].sort((a, b) => a - b));
    // Lease grants do not raise the revision.
    expect(long.header.revision).toBe(1);
  });

  it('draws the same ids for the same seed', () => {
    const a = newTestEtcd(undefined, 9).client.leaseGrant(10).id;
    const b = newTestEtcd(undefined, 9).client.leaseGrant(10).id;
    const c = newTestEtcd(undefined, 10).client.leaseGrant(10).id;
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  it('grants a chosen id once, and refuses too large a TTL', () => {
    const { client } = newTestEtcd();
    expect(client.leaseGrant(10, 42).id).toBe(42);
    const again = caught(() => client.leaseGrant(10, 42));
    expect([again.message, again.code]).toEqual(['etcdserver: lease already exists', 9]);
    const huge = caught(() => client.leaseGrant(9_000_000_001));
    expect([huge.message, huge.code]).toEqual(['etcdserver: too large lease TTL', 11]);
  });

  it('reports time to live with its keys, and -1 for an unknown lease', () => {
    const { client, loop } = newTestEtcd();
    const { id } = client.leaseGrant(10);
    client.put({ key: '/b', value: '', lease: id });
    client.put({ key: '/a', value: '', lease: id });
    client.put({ key: '/c', value: '', lease: id });
    client.put({ key: '/c', value: 'detached' }); // a put without the lease detaches the key
    loop.advanceTo(3_500);
    expect(client.leaseTimeToLive(id, true)).toEqual({ header: { revision: 5 }, id, ttl: 6, grantedTtl: 10, keys: ['/a', '/b'] });
    expect(client.leaseTimeToLive(id).keys).toEqual([]);
    expect(client.leaseTimeToLive(999, true)).toEqual({ header: { revision: 5 }, id: 999, ttl: -1, grantedTtl: 0, keys: [] });
  });

  it('expires on the virtual clock, deleting all attached keys in one revision', () => {
    const { client, loop, trace } = newTestEtcd();
    const { id } = client.leaseGrant(5);
    client.put({ key: '/registry/leases/n1', value: 'a', lease: id }); // 2
    client.put({ key: '/registry/leases/n2', value: 'b', lease: id }); // 3
    client.put({ key: '/keep', value: 'c' }); // 4
    const w = recordWatch(client, { key: '/registry/leases/', rangeEnd: '/registry/leases0', prevKv: true });
    loop.advanceTo(4_999);
    expect(client.range({ key: '/registry/leases/n1' }).count).toBe(1);
    loop.advanceTo(5_000);
    expect(client.status()).toEqual({ revision: 5, compactRevision: 0, dbKeys: 1 });
    expect(client.leases()).toEqual([]);
    expect(client.leaseTimeToLive(id).ttl).toBe(-1);
    drain(loop);
    const expiry = w.responses[1];
    expect(expiry.header.revision).toBe(5);
    expect(expiry.events.map((e) => [e.type, e.kv.key, e.kv.modRevision, e.prevKv?.lease])).toEqual([
      ['DELETE', '/registry/leases/n1', 5, id],
      ['DELETE', '/registry/leases/n2', 5, id],
    ]);
    expect(trace.entries.some((e) => e.kind === 'action' && e.action === 'lease expired' && e.summary.includes('2 keys deleted at revision 5'))).toBe(true);
  });

  it('keepalive restarts the TTL and the old expiry no longer fires', () => {
    const { client, loop } = newTestEtcd();
    const { id } = client.leaseGrant(4);
    client.put({ key: '/k', value: '', lease: id });
    loop.advanceTo(3_000);
    expect(client.leaseKeepAlive(id)).toEqual({ header: { revision: 2 }, id, ttl: 4 });
    loop.advanceTo(6_999);
    expect(client.range({ key: '/k' }).count).toBe(1);
    expect(client.leaseTimeToLive(id).ttl).toBe(0);
    loop.advanceTo(7_000);
    expect(client.range({ key: '/k' }).count).toBe(0);
    const err = caught(() => client.leaseKeepAlive(id));
    expect([err.message, err.code]).toEqual(['etcdserver: requested lease not found', 5]);
  });

  it('revoke deletes the keys in one revision; revoking twice or an unknown id is not found', () => {
    const { client, loop } = newTestEtcd();
    const { id } = client.leaseGrant(60);
    client.put({ key: '/a', value: '', lease: id });
    client.put({ key: '/b', value: '', lease: id });
    expect(client.leaseRevoke(id)).toEqual({ revision: 4 });
    expect(client.range({ key: '\0', rangeEnd: '\0' }).count).toBe(0);
    expect(caught(() => client.leaseRevoke(id)).message).toBe('etcdserver: requested lease not found');
    // A revoked lease never expires later.
    loop.advanceTo(120_000);
    expect(client.status().revision).toBe(4);
  });

  it('revoking a lease without keys does not raise the revision', () => {
    const { client } = newTestEtcd();
    const { id } = client.leaseGrant(60);
    expect(client.leaseRevoke(id)).toEqual({ revision: 1 });
  });

  it('moves a key between leases and stops deleting keys that were deleted or re-leased', () => {
    const { client, loop } = newTestEtcd();
    const first = client.leaseGrant(10).id;
    const second = client.leaseGrant(60).id;
    client.put({ key: '/moved', value: '', lease: first });
    client.put({ key: '/moved', value: '', lease: second });
    client.put({ key: '/deleted', value: '', lease: first });
    client.deleteRange({ key: '/deleted' });
    client.put({ key: '/deleted', value: 'recreated' });
    const before = client.status().revision;
    loop.advanceTo(10_000);
    expect(client.leaseTimeToLive(first).ttl).toBe(-1);
    expect(client.status().revision).toBe(before); // nothing left on the first lease
    expect(client.leaseTimeToLive(second, true).keys).toEqual(['/moved']);
  });
});

describe('lease key lists', () => {
  it('report exactly the keys holding each lease, once each, however keys move, and revoke deletes only those', () => {
    const op = fc.tuple(fc.constantFrom('/a', '/b', '/c', '/d'), fc.constantFrom(0, 1, 2, -1));
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const { client } = newTestEtcd();
        const leases = [0, client.leaseGrant(60).id, client.leaseGrant(60).id];
        const holder = new Map<string, number>();
        for (const [key, choice] of ops) {
          if (choice < 0) {
            client.deleteRange({ key });
            holder.delete(key);
          } else {
            client.put({ key, value: 'v', lease: leases[choice] || undefined });
            holder.set(key, leases[choice]);
          }
        }
        const holding = (id: number) => [...holder].filter(([, lease]) => lease === id).map(([key]) => key).sort();
        expect(client.leaseTimeToLive(leases[1], true).keys).toEqual(holding(leases[1]));
        expect(client.leaseTimeToLive(leases[2], true).keys).toEqual(holding(leases[2]));
        const kept = [...holder.keys()].filter((key) => holder.get(key) !== leases[1]).sort();
        client.leaseRevoke(leases[1]);
        expect(client.range({ key: '\0', rangeEnd: '\0' }).kvs.map((kv) => kv.key)).toEqual(kept);
        expect(client.leaseTimeToLive(leases[2], true).keys).toEqual(holding(leases[2]));
      }),
      { numRuns: 200 },
    );
  });
});
