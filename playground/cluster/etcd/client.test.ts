import { describe, expect, it } from 'vitest';
import { drain, newTestEtcd } from './test-support';
import { prefixEnd } from './types';
import type { EtcdEntry } from '../sim/trace';

function etcdEntries(entries: readonly { kind: string }[]): Omit<EtcdEntry, 't' | 'kind' | 'to'>[] {
  return (entries.filter((e) => e.kind === 'etcd') as EtcdEntry[]).map(({ from, op, key, revision, detail }) => ({ from, op, key, revision, detail }));
}

describe('traced client', () => {
  it('records every call with participant, op, key, revision after the op and a detail', () => {
    const { server, loop, trace } = newTestEtcd();
    const api = server.client('kube-apiserver');
    const admin = server.client('etcdctl');
    api.put({ key: '/registry/pods/default/a', value: '{}' });
    api.range({ key: '/registry/pods/', rangeEnd: prefixEnd('/registry/pods/'), limit: 1 });
    api.range({ key: '/registry/pods/default/a', revision: 2 });
    api.txn({
      compare: [{ target: 'MOD', result: 'EQUAL', key: '/registry/pods/default/a', value: 0 }],
      success: [{ requestPut: { key: '/registry/pods/default/a', value: '{}' } }],
      failure: [],
    });
    const watcher = api.watch({ key: '/registry/pods/', rangeEnd: prefixEnd('/registry/pods/'), startRevision: 2, prevKv: true }, () => {});
    watcher.cancel();
    watcher.cancel(); // the second cancel is a no-op and is not traced
    api.deleteRange({ key: '/registry/pods/', rangeEnd: prefixEnd('/registry/pods/') });
    const lease = admin.leaseGrant(10, 7);
    admin.leaseKeepAlive(lease.id);
    admin.leaseTimeToLive(lease.id);
    admin.leases();
    admin.leaseRevoke(lease.id);
    admin.compact(3);
    admin.status();
    drain(loop);
    expect(etcdEntries(trace.entries)).toEqual([
      { from: 'kube-apiserver', op: 'put', key: '/registry/pods/default/a', revision: 2, detail: '' },
      { from: 'kube-apiserver', op: 'range', key: '/registry/pods/', revision: 2, detail: 'prefix, 1 key' },
      { from: 'kube-apiserver', op: 'range', key: '/registry/pods/default/a', revision: 2, detail: '1 key, at revision 2' },
      { from: 'kube-apiserver', op: 'txn', key: '/registry/pods/default/a', revision: 2, detail: 'failed' },
      { from: 'kube-apiserver', op: 'watch', key: '/registry/pods/', revision: 2, detail: 'watch 0, prefix, from revision 2, prevKv' },
      { from: 'kube-apiserver', op: 'watch', key: '/registry/pods/', revision: 2, detail: 'cancel watch 0' },
      { from: 'kube-apiserver', op: 'delete', key: '/registry/pods/', revision: 3, detail: 'prefix, deleted 1' },
      { from: 'etcdctl', op: 'lease-grant', key: '', revision: 3, detail: 'lease 7, TTL 10s' },
      { from: 'etcdctl', op: 'lease-keepalive', key: '', revision: 3, detail: 'lease 7, TTL 10s' },
      { from: 'etcdctl', op: 'lease-timetolive', key: '', revision: 3, detail: 'lease 7, TTL 10s' },
      { from: 'etcdctl', op: 'lease-leases', key: '', revision: 3, detail: '1 lease' },
      { from: 'etcdctl', op: 'lease-revoke', key: '', revision: 3, detail: 'lease 7' },
      { from: 'etcdctl', op: 'compact', key: '', revision: 3, detail: 'revision 3' },
      { from: 'etcdctl', op: 'status', key: '', revision: 3, detail: '0 keys, compacted at 3' },
    ]);
    expect(trace.entries.every((e) => e.to === 'etcd' || e.kind !== 'etcd')).toBe(true);
  });

  it('records a failing call with its error, then throws it', () => {
    const { client, trace } = newTestEtcd();
    expect(() => client.range({ key: '/k', revision: 9 })).toThrow('etcdserver: mvcc: required revision is a future revision');
    expect(etcdEntries(trace.entries)).toEqual([
      { from: 'kube-apiserver', op: 'range', key: '/k', revision: 1, detail: 'error: etcdserver: mvcc: required revision is a future revision' },
    ]);
  });

  it('keeps trace entries plain JSON', () => {
    const { client, trace } = newTestEtcd();
    client.put({ key: '/a', value: '1' });
    client.range({ key: '\0', rangeEnd: '\0' });
    expect(JSON.parse(JSON.stringify(trace.entries))).toEqual(trace.entries);
    expect(etcdEntries(trace.entries)[1].detail).toBe('all keys, 1 key');
  });

  it('records nothing while the trace is disabled', () => {
    const { client, trace } = newTestEtcd();
    trace.enabled = false;
    client.put({ key: '/a', value: '1' });
    expect(trace.entries).toEqual([]);
  });
});
