/**
 * Status patches that touch metadata, as a component with shared results sees the stored pods:
 * patchStatus marks metadata a patch only restates as a stored copy (rest/options.ts), the store
 * drops its resourceVersion by a copy (registry/store.ts keepSystemMeta), the pod status strategy
 * keeps ownerReferences, and the strategic merge removes nulled keys by copying. Each object the
 * component is handed must be, own keys and prototypes alike, exactly what etcd stored at its
 * revision; readers' answers (409 on a stale resourceVersion) stay as before.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Pod } from '../api/types';
import { setFreezeGuard } from '../sim/freeze';
import { collectWatch, expectOk, newSharedResultsServer, pod } from './test-support';

afterEach(() => setFreezeGuard(true));

const pods = { resource: 'pods', namespace: 'default' };
const status = { ...pods, name: 'a', subresource: 'status' };

/** plainThroughout tells whether every object in a value is a plain object or array (no other prototype). */
function plainThroughout(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== Array.prototype) return false;
  return Object.values(value).every(plainThroughout);
}

for (const guard of [true, false]) {
  describe(`status patches touching metadata, shared with components (freeze guard ${guard ? 'on' : 'off'})`, () => {
    it('leave every shared pod exactly what etcd stored at its revision', () => {
      setFreezeGuard(guard);
      const { t, reader, component, send } = newSharedResultsServer();
      const seen = collectWatch(component, pods);
      const owner = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'rs-uid', controller: true };
      const created = expectOk(send<Pod>((cb) => reader.create(pods, pod('a', { metadata: { name: 'a', labels: { app: 'a' }, ownerReferences: [owner], finalizers: ['example.com/f'] } }), cb)));
      const uid = created.metadata.uid!;
      const patch = (body: unknown) => send<Pod>((cb) => reader.patch(status, body as object, 'strategic', cb));

      let rv = expectOk(patch({ metadata: { uid }, status: { phase: 'Running' } })).metadata.resourceVersion!;
      // A precondition on the current resourceVersion only restates it; a stale one is refused.
      rv = expectOk(patch({ metadata: { uid, resourceVersion: rv }, status: { podIP: '10.0.0.7' } })).metadata.resourceVersion!;
      expect(patch({ metadata: { uid, resourceVersion: String(Number(rv) - 1) }, status: { phase: 'Failed' } })).toMatchObject({ ok: false, code: 409 });
      expectOk(patch({ metadata: {}, status: { hostIP: '10.0.0.1' } }));
      // Metadata changed through status: labels and finalizers are kept (as the sim always did), ownerReferences are not.
      expectOk(patch({ metadata: { uid, labels: { app: 'b' }, finalizers: ['example.com/g'], ownerReferences: null }, status: { message: 'm' } }));
      // Nulls for keys only the prototype has are no-ops.
      expectOk(patch(JSON.parse('{"metadata":{"toString":null,"constructor":null,"__proto__":null},"status":{"toString":null,"constructor":null,"__proto__":null,"message":null}}')));
      // A `__proto__` key is no field: the shared status must not inherit what it holds (etcd never stores it).
      expectOk(patch(JSON.parse('{"status":{"reason":"Proto","__proto__":{"nominatedNodeName":"elsewhere"}}}')));
      expectOk(patch({ metadata: { uid, name: 'a', namespace: 'default', generation: created.metadata.generation }, status: { phase: 'Succeeded' } }));
      // Nor may a merge patch of the pod itself reach Object.prototype, every object's.
      expectOk(send<Pod>((cb) => reader.patch({ ...pods, name: 'a' }, JSON.parse('{"metadata":{"__proto__":{"nominatedNodeName":"elsewhere"}}}') as object, 'merge', cb)));
      expect('nominatedNodeName' in {}).toBe(false);
      t.loop.runUntilQuiet();

      const etcd = t.etcdServer.client('test');
      const objects = seen.events.map((event) => event.object as Pod);
      expect(objects.length).toBe(1 + 7);
      for (const object of objects) {
        const revision = Number(object.metadata.resourceVersion);
        const kv = etcd.range({ key: '/registry/pods/default/a', revision }).kvs[0];
        const { resourceVersion: _rv, ...metadata } = object.metadata;
        expect(JSON.stringify({ ...object, metadata })).toBe(kv.value);
        expect(plainThroughout(object)).toBe(true);
      }
      const last = objects[objects.length - 1];
      expect(last.metadata.ownerReferences).toEqual([owner]);
      expect(last.metadata.labels).toEqual({ app: 'b' });
      expect(last.metadata.finalizers).toEqual(['example.com/f', 'example.com/g']);
      expect(last.status).toMatchObject({ phase: 'Succeeded', podIP: '10.0.0.7', hostIP: '10.0.0.1' });
      expect(last.status!.message).toBeUndefined();
      expect(objects.every((object) => (object.status as Record<string, unknown>).nominatedNodeName === undefined)).toBe(true);
    });

    it('store a whole-object replace that restates the metadata as merged', () => {
      setFreezeGuard(guard);
      const { t, reader, component, send } = newSharedResultsServer();
      const seen = collectWatch(component, pods);
      const created = expectOk(send<Pod>((cb) => reader.create(pods, pod('a'), cb)));
      const uid = created.metadata.uid!;
      // A top-level `$patch: replace` makes the result from the patch itself, metadata where the patch puts it.
      const body = { $patch: 'replace', metadata: { uid, name: 'a' }, status: { phase: 'Running', podIP: '10.0.0.7' } };
      const replaced = expectOk(send<Pod>((cb) => reader.patch(status, body, 'strategic', cb)));
      expect(replaced.status).toEqual({ phase: 'Running', podIP: '10.0.0.7' });
      expect(replaced.metadata.uid).toBe(uid);
      expect(Object.keys(replaced)).toEqual(['apiVersion', 'kind', 'metadata', 'status', 'spec']);
      t.loop.runUntilQuiet();
      const last = seen.events[seen.events.length - 1].object as Pod;
      const kv = t.etcdServer.client('test').range({ key: '/registry/pods/default/a', revision: Number(last.metadata.resourceVersion) }).kvs[0];
      const { resourceVersion: _rv, ...metadata } = last.metadata;
      expect(JSON.stringify({ ...last, metadata })).toBe(kv.value);
      expect(Object.keys(last)).toEqual(Object.keys(JSON.parse(kv.value)));
    });
  });
}
