import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Pod } from '../api/types';
import { prefixEnd } from '../etcd/types';
import { decodeKeyValue } from './registry/codec';
import { call, newTestApiServer, pod } from './test-support';

type Op =
  | { kind: 'create'; name: string }
  | { kind: 'label'; name: string; value: string }
  | { kind: 'bind'; name: string; node: string }
  | { kind: 'delete'; name: string; grace: number };

const name = fc.constantFrom('a', 'b', 'c');
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('create' as const), name }),
  fc.record({ kind: fc.constant('label' as const), name, value: fc.constantFrom('x', 'y') }),
  fc.record({ kind: fc.constant('bind' as const), name, node: fc.constantFrom('node-1', 'node-2') }),
  fc.record({ kind: fc.constant('delete' as const), name, grace: fc.constantFrom(0, 30) }),
);

describe('storage invariants', () => {
  it('every stored object decodes, and its resourceVersion is its etcd mod revision', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 25 }), (ops) => {
        const t = newTestApiServer();
        const kubectl = t.client();
        const ref = (n: string) => ({ resource: 'pods', namespace: 'default', name: n });
        for (const o of ops) {
          if (o.kind === 'create') call(t.loop, (cb) => kubectl.create({ resource: 'pods', namespace: 'default' }, pod(o.name), cb));
          if (o.kind === 'label') call(t.loop, (cb) => kubectl.patch(ref(o.name), { metadata: { labels: { v: o.value } } }, 'strategic', cb));
          if (o.kind === 'bind') call(t.loop, (cb) => kubectl.create({ ...ref(o.name), subresource: 'binding' }, { apiVersion: 'v1', kind: 'Binding', metadata: { name: o.name }, target: { kind: 'Node', name: o.node } }, cb));
          if (o.kind === 'delete') call(t.loop, (cb) => kubectl.delete(ref(o.name), { gracePeriodSeconds: o.grace }, cb));
        }
        const etcd = t.etcdServer.client('etcdctl');
        const stored = etcd.range({ key: '/registry/', rangeEnd: prefixEnd('/registry/') }).kvs;
        for (const kv of stored) {
          expect(JSON.parse(kv.value).metadata.resourceVersion).toBeUndefined();
          const object = decodeKeyValue(kv);
          expect(object.metadata?.resourceVersion).toBe(String(kv.modRevision));
          expect(object.kind).toBeTruthy();
        }
        for (const kv of stored.filter((k) => k.key.startsWith('/registry/pods/'))) {
          const result = call<Pod>(t.loop, (cb) => kubectl.get(ref(kv.key.split('/').at(-1)!), cb));
          expect(result.ok && result.value.metadata.resourceVersion).toBe(String(kv.modRevision));
        }
      }),
      { numRuns: 40 },
    );
  });
});
