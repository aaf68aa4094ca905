import { describe, expect, it } from 'vitest';
import { parseRequestInfo } from '../filters/request-info';
import { lookupResource } from './handler';

const lookup = (path: string) => lookupResource(parseRequestInfo('GET', path));

describe('lookupResource', () => {
  it('finds a served resource by group, version and plural name', () => {
    expect(lookup('/api/v1/namespaces/default/pods')?.kind).toBe('Pod');
    expect(lookup('/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/node-1')?.kind).toBe('Lease');
    expect(lookup('/apis/apps/v1/namespaces/default/replicasets')?.kind).toBe('ReplicaSet');
  });

  it('finds nothing for an unknown group, version or plural, even one named like an object property', () => {
    expect(lookup('/api/v2/namespaces/default/pods')).toBeUndefined();
    expect(lookup('/apis/nope.example/v1/widgets')).toBeUndefined();
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      expect(lookup(`/api/v1/${name}`)).toBeUndefined();
      expect(lookup(`/apis/${name}/v1/pods`)).toBeUndefined();
    }
  });
});
