import { describe, expect, it } from 'vitest';
import { drain, newTestEtcd, recordWatch } from './test-support';
import type { EtcdDump } from './dump';

function populated() {
  const etcd = newTestEtcd();
  const { client, loop } = etcd;
  const { id } = client.leaseGrant(40);
  client.put({ key: '/registry/pods/default/a', value: 'a1' }); // 2
  client.put({ key: '/registry/pods/default/a', value: 'a2' }); // 3
  client.put({ key: '/registry/leases/kube-node-lease/n1', value: 'l', lease: id }); // 4
  client.put({ key: '/registry/gone', value: 'x' }); // 5
  client.deleteRange({ key: '/registry/gone' }); // 6
  loop.advanceTo(10_000);
  return { ...etcd, leaseId: id };
}

describe('dump and restore', () => {
  it('dumps the current keyspace and leases as plain JSON data', () => {
    const { server, leaseId } = populated();
    const dump = server.dump();
    expect(JSON.parse(JSON.stringify(dump))).toEqual(dump);
    expect(dump).toEqual({
      format: 'etcd-keyspace/v1',
      revision: 6,
      kvs: [
        { key: '/registry/leases/kube-node-lease/n1', value: 'l', createRevision: 4, modRevision: 4, version: 1, lease: leaseId },
        { key: '/registry/pods/default/a', value: 'a2', createRevision: 2, modRevision: 3, version: 2, lease: 0 },
      ],
      leases: [{ id: leaseId, ttl: 40, remainingMs: 30_000 }],
    });
  });

  it('restores keys, revisions and leases into a fresh server; history before the dump is gone', () => {
    const { server, leaseId } = populated();
    const text = JSON.stringify(server.dump());
    const fresh = newTestEtcd(undefined, 99);
    fresh.server.restore(text);
    const { client, loop } = fresh;
    expect(client.status()).toEqual({ revision: 6, compactRevision: 6, dbKeys: 2 });
    expect(fresh.server.snapshot()).toEqual(server.snapshot());
    expect(() => client.range({ key: '/registry/pods/default/a', revision: 5 })).toThrow('etcdserver: mvcc: required revision has been compacted');
    expect(client.put({ key: '/registry/pods/default/a', value: 'a3' }).header.revision).toBe(7);
    expect(client.range({ key: '/registry/pods/default/a' }).kvs[0].version).toBe(3);
    // The lease keeps its remaining 30 s and still owns its key.
    expect(client.leaseTimeToLive(leaseId, true)).toMatchObject({ ttl: 30, grantedTtl: 40, keys: ['/registry/leases/kube-node-lease/n1'] });
    const w = recordWatch(client, { key: '/registry/leases/', rangeEnd: '/registry/leases0', startRevision: 6 });
    loop.advanceTo(30_000);
    drain(loop);
    expect(client.range({ key: '/registry/leases/kube-node-lease/n1' }).count).toBe(0);
    expect(w.responses.flatMap((r) => r.events.map((e) => `${e.type}@${e.kv.modRevision}`))).toEqual(['DELETE@8']);
  });

  it('refuses to restore over existing data', () => {
    const { server } = populated();
    expect(() => server.restore(server.dump())).toThrow('etcd restore: the server already holds data; restore into a fresh EtcdServer');
  });

  it('explains what is wrong with a bad dump', () => {
    const good = populated().server.dump();
    const attempt = (dump: unknown) => () => newTestEtcd().server.restore(dump as EtcdDump);
    expect(attempt('{not json')).toThrow(/^etcd restore: the dump is not valid JSON/);
    expect(attempt({ ...good, format: 'v0' })).toThrow('etcd restore: unknown dump format "v0"; expected "etcd-keyspace/v1"');
    expect(attempt({ ...good, revision: 0 })).toThrow('etcd restore: revision must be a positive integer, got 0');
    expect(attempt({ ...good, kvs: [...good.kvs].reverse() })).toThrow('kvs must be sorted by key without duplicates');
    expect(attempt({ ...good, kvs: [{ ...good.kvs[1], modRevision: 9 }] })).toThrow('etcd restore: kvs[0] (/registry/pods/default/a): need 1 <= createRevision <= modRevision <= revision 6');
    expect(attempt({ ...good, leases: [] })).toThrow(`lease ${good.kvs[0].lease} is neither 0 nor one of the dump's leases`);
    expect(attempt({ ...good, leases: [{ ...good.leases[0], remainingMs: -1 }] })).toThrow('etcd restore: leases[0].remainingMs must be between 0 and ttl*1000');
  });
});
