import { describe, expect, it } from 'vitest';
import type { TraceEntry } from '../cluster/sim/trace';
import { changedKeys, etcdKeyRows, parseRegistryKey } from './etcd-keys';
import { kubectlRunNginx } from './fixtures.test-data';

describe('parseRegistryKey', () => {
  it('splits namespaced, cluster-scoped and two-part prefixes', () => {
    expect(parseRegistryKey('/registry/pods/default/nginx')).toEqual({ resource: 'pods', namespace: 'default', name: 'nginx' });
    expect(parseRegistryKey('/registry/minions/node-1')).toEqual({ resource: 'minions', name: 'node-1' });
    expect(parseRegistryKey('/registry/services/specs/default/kubernetes')).toEqual({ resource: 'services/specs', namespace: 'default', name: 'kubernetes' });
    expect(parseRegistryKey('/registry/apiregistration.k8s.io/apiservices/v1.apps')).toEqual({ resource: 'apiregistration.k8s.io/apiservices', name: 'v1.apps' });
    expect(parseRegistryKey('/other')).toEqual({ resource: '', name: '/other' });
  });
});

describe('etcdKeyRows', () => {
  const keys = [
    { key: '/registry/pods/default/nginx', createRevision: 7, modRevision: 8, version: 2, stored: '{"kind":"Pod"}' },
    { key: '/registry/minions/node-1', createRevision: 2, modRevision: 2, version: 1, stored: '{"kind":"Node"}' },
  ];

  it('sorts keys and attaches the writes the run made to each', () => {
    const rows = etcdKeyRows(keys, kubectlRunNginx);
    expect(rows.map((r) => r.key)).toEqual(['/registry/minions/node-1', '/registry/pods/default/nginx']);
    expect(rows[1].history).toEqual([
      { t: 11, op: 'txn', revision: 7 },
      { t: 15, op: 'txn', revision: 8 },
    ]);
    expect(rows[1].current?.modRevision).toBe(8);
    expect(rows[0].history).toEqual([]);
    expect(changedKeys(rows)).toBe(1);
  });

  it('lists keys the run deleted, without a current value', () => {
    const trace: TraceEntry[] = [
      { t: 1, kind: 'etcd', from: 'kube-apiserver', to: 'etcd', op: 'put', key: '/registry/pods/default/gone', revision: 9, detail: '' },
      { t: 2, kind: 'etcd', from: 'kube-apiserver', to: 'etcd', op: 'delete', key: '/registry/pods/default/gone', revision: 10, detail: '' },
      { t: 3, kind: 'etcd', from: 'kube-apiserver', to: 'etcd', op: 'range', key: '/registry/pods/default/other', revision: 10, detail: '' },
    ];
    const rows = etcdKeyRows(keys, trace);
    const gone = rows.find((r) => r.name === 'gone');
    expect(gone).toMatchObject({ deleted: true, namespace: 'default', resource: 'pods' });
    expect(gone?.current).toBeUndefined();
    expect(gone?.history.map((h) => h.op)).toEqual(['put', 'delete']);
    expect(rows.some((r) => r.name === 'other')).toBe(false);
  });
});
