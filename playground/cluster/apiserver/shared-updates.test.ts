/**
 * The objects a component with shared results holds (the watch cache's own) after bindings and
 * strategic status patches built from them (rest/options.ts patchStatus, registry/pod/binding.ts):
 * with the freeze guard off, as in the page, nothing throws on a write into a shared object, so
 * this checks that each object the component was handed is, at the end, exactly what etcd stored
 * at its revision, however many patches (succeeded, merged then refused, malformed) came after.
 * Readers always get copies decoded from the stored text (see cluster/shared-updates.e2e.test.ts),
 * so only a component's view can show such a write.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Binding, Pod } from '../api/types';
import { setFreezeGuard } from '../sim/freeze';
import { collectWatch, expectOk, newSharedResultsServer, pod } from './test-support';

afterEach(() => setFreezeGuard(true));

const pods = { resource: 'pods', namespace: 'default' };

for (const guard of [true, false]) {
  describe(`objects shared with components (freeze guard ${guard ? 'on' : 'off'})`, () => {
    it('stay what etcd stored at their revision through bindings and status patches', () => {
      setFreezeGuard(guard);
      const { t, reader, component, send } = newSharedResultsServer();
      const seen = collectWatch(component, pods);

      for (const name of ['a', 'b']) expectOk(send((cb) => reader.create(pods, pod(name, { metadata: { name, labels: { app: name } } }), cb)));
      t.loop.runUntilQuiet();
      const binding = (name: string, node: string): Binding => ({
        apiVersion: 'v1',
        kind: 'Binding',
        metadata: { name, annotations: { 'example.com/by': 'test' } },
        target: { kind: 'Node', name: node },
      });
      expectOk(send((cb) => reader.create({ ...pods, name: 'a', subresource: 'binding' }, binding('a', 'node-1'), cb)));
      expect(send((cb) => reader.create({ ...pods, name: 'a', subresource: 'binding' }, binding('a', 'node-2'), cb))).toMatchObject({ ok: false, code: 409 });

      const status = (name: string) => ({ ...pods, name, subresource: 'status' });
      const patch = (name: string, body: object) => send<Pod>((cb) => reader.patch(status(name), body, 'strategic', cb));
      expectOk(patch('a', { status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }, { type: 'example.com/X', status: 'True' }] } }));
      expectOk(patch('a', { status: { conditions: [{ type: 'Ready', status: 'False', reason: 'Probe' }] } }));
      expectOk(patch('a', { status: { '$setElementOrder/conditions': [{ type: 'example.com/X' }, { type: 'Ready' }, { type: 'PodScheduled' }] } }));
      expectOk(patch('a', { spec: { nodeName: 'elsewhere' }, status: { conditions: [{ type: 'example.com/X', $patch: 'delete' }] } }));
      // Merged, then refused: a stale resourceVersion (409), a list item without its merge key, a wrong kind.
      expect(patch('a', { metadata: { resourceVersion: '1' }, status: { phase: 'Failed', conditions: [{ type: 'Ready', status: 'Unknown' }] } })).toMatchObject({ ok: false, code: 409 });
      expect(patch('a', { status: { phase: 'Failed', conditions: [{ status: 'Unknown' }] } })).toMatchObject({ ok: false, code: 400 });
      expect(patch('a', { kind: 'Node', status: { phase: 'Failed' } })).toMatchObject({ ok: false, code: 400 });
      // A pod never bound, patched too.
      expectOk(patch('b', { status: { conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }] } }));
      expectOk(patch('b', { status: { conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: 'again' }] } }));
      expectOk(send((cb) => reader.create({ ...pods, name: 'b', subresource: 'binding' }, binding('b', 'node-2'), cb)));
      expectOk(patch('b', { status: { phase: 'Running' } }));
      t.loop.runUntilQuiet();

      const etcd = t.etcdServer.client('test');
      const objects = seen.events.map((event) => event.object as Pod);
      expect(objects.length).toBe(2 + 1 + 4 + 4);
      for (const object of objects) {
        const revision = Number(object.metadata.resourceVersion);
        const kv = etcd.range({ key: `/registry/pods/default/${object.metadata.name}`, revision }).kvs[0];
        const atRevision = JSON.parse(kv.value) as Pod;
        atRevision.metadata.resourceVersion = String(revision);
        expect(object).toEqual(atRevision);
      }
      const last = objects[objects.length - 1];
      expect(last.metadata.annotations).toEqual({ 'example.com/by': 'test' });
      const a = objects.filter((o) => o.metadata.name === 'a').at(-1)!;
      expect(a.spec.nodeName).toBe('node-1');
      expect(a.metadata.labels).toEqual({ app: 'a' });
      expect(a.status!.conditions!.map((c) => `${c.type}=${c.status}`)).toEqual(['Ready=False', 'PodScheduled=True']);
    });

    it('keep shared Node objects what etcd stored through status patches, labels, taints and cordons', () => {
      setFreezeGuard(guard);
      const { t, reader, component, send } = newSharedResultsServer();
      const seen = collectWatch(component, { resource: 'nodes' });
      const nodes = { resource: 'nodes' };
      const capacity = { cpu: '2', memory: '4Gi', pods: '110' };
      const node = {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name: 'n1', labels: { zone: 'z1' } },
        spec: { taints: [{ key: 'a', value: 'x', effect: 'NoSchedule' }] },
        status: { capacity, allocatable: capacity, conditions: [{ type: 'Ready', status: 'True' }] },
      };
      expectOk(send((cb) => reader.create(nodes, node, cb)));
      const status = { resource: 'nodes', name: 'n1', subresource: 'status' };
      expectOk(send((cb) => reader.patch(status, { status: { conditions: [{ type: 'Ready', status: 'False', reason: 'KubeletNotReady' }] } }, 'strategic', cb)));
      expectOk(send((cb) => reader.patch(status, { status: { allocatable: { cpu: '1' } }, spec: { unschedulable: false } }, 'strategic', cb)));
      expect(send((cb) => reader.patch(status, { metadata: { resourceVersion: '1' }, status: { allocatable: { cpu: '9' } } }, 'strategic', cb))).toMatchObject({ ok: false, code: 409 });
      expectOk(send((cb) => reader.patch({ resource: 'nodes', name: 'n1' }, { metadata: { labels: { disk: 'ssd' } }, spec: { taints: [{ key: 'b', effect: 'PreferNoSchedule' }] } }, 'strategic', cb)));
      expectOk(send((cb) => reader.patch({ resource: 'nodes', name: 'n1' }, { spec: { unschedulable: true } }, 'merge', cb)));
      expectOk(send((cb) => reader.patch(status, { status: { conditions: [{ type: 'Ready', status: 'True' }] } }, 'strategic', cb)));
      t.loop.runUntilQuiet();

      const etcd = t.etcdServer.client('test');
      const objects = seen.events.map((event) => event.object as typeof node & { metadata: { resourceVersion?: string } });
      expect(objects.length).toBe(6);
      for (const object of objects) {
        const revision = Number(object.metadata.resourceVersion);
        // Nodes live under /registry/minions, as in the real server.
        const atRevision = JSON.parse(etcd.range({ key: '/registry/minions/n1', revision }).kvs[0].value) as typeof object;
        atRevision.metadata.resourceVersion = String(revision);
        expect(object).toEqual(atRevision);
      }
      const last = objects[objects.length - 1];
      expect(last.metadata.labels).toEqual({ zone: 'z1', disk: 'ssd' });
      // TaintNodesByCondition added the not-ready taint when the node was created.
      expect(last.spec).toEqual({
        taints: [{ key: 'a', value: 'x', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }, { key: 'b', effect: 'PreferNoSchedule' }],
        unschedulable: true,
      });
      expect(last.status.allocatable).toEqual({ cpu: '1', memory: '4Gi', pods: '110' });
    });
  });
}
