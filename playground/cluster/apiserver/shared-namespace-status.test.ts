/**
 * A namespace planted in etcd without its `kubernetes.io/metadata.name` label, marked Terminating
 * by a delete (the termination writes it as stored, with no defaulting), then given a strategic
 * status patch by a reader: namespace defaulting writes the label into metadata on every decoded
 * write, status writes included (the real strategy's Canonicalize does too), so the metadata is no
 * longer the stored one. What etcd stores and what the watch cache shares must both have it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Namespace } from '../api/types';
import { setFreezeGuard } from '../sim/freeze';
import { collectWatch, expectOk, newSharedResultsServer, pod } from './test-support';

afterEach(() => setFreezeGuard(true));

for (const guard of [true, false]) {
  describe(`a planted namespace's status patch (freeze guard ${guard ? 'on' : 'off'})`, () => {
    it('stores the name label defaulting adds, as the shared object has it', () => {
      setFreezeGuard(guard);
      const { t, reader, component, send } = newSharedResultsServer('kube-controller-manager');
      const etcd = t.etcdServer.client('etcdctl');
      const key = '/registry/namespaces/old';
      const planted = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'old', uid: 'old-uid', creationTimestamp: '2026-01-01T00:00:00Z' }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } };
      etcd.put({ key, value: JSON.stringify(planted) });
      t.loop.runUntilQuiet();
      expectOk(send((cb) => reader.create({ resource: 'serviceaccounts', namespace: 'old' }, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default' } }, cb)));
      // A pod bound to a node that never confirms its deletion keeps the namespace Terminating.
      expectOk(send((cb) => reader.create({ resource: 'pods', namespace: 'old' }, pod('bound', { spec: { nodeName: 'node-1', containers: [{ name: 'a', image: 'nginx' }] } }), cb)));
      const seen = collectWatch(component, { resource: 'namespaces' });
      expectOk(send((cb) => reader.delete({ resource: 'namespaces', name: 'old' }, {}, cb)));
      t.loop.runUntilQuiet();
      const patched = expectOk(send<Namespace>((cb) => reader.patch({ resource: 'namespaces', name: 'old', subresource: 'status' }, { status: { conditions: [{ type: 'NamespaceContentRemaining', status: 'True' }] } }, 'strategic', cb)));
      t.loop.runUntilQuiet();

      expect(patched.metadata.labels).toEqual({ 'kubernetes.io/metadata.name': 'old' });
      const objects = seen.events.map((event) => event.object as Namespace).filter((object) => object.metadata.name === 'old');
      expect(objects.at(-1)!.metadata.resourceVersion).toBe(patched.metadata.resourceVersion);
      for (const object of objects) {
        const revision = Number(object.metadata.resourceVersion);
        const kv = etcd.range({ key, revision }).kvs[0];
        const { resourceVersion: _rv, ...metadata } = object.metadata;
        expect(JSON.stringify({ ...object, metadata })).toBe(kv.value);
      }
    });
  });
}
