import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PatchError } from './patch-error';
import { SeededIds } from '../sim/ids';
import { EventLoop } from '../sim/loop';
import { Trace } from '../sim/trace';
import { strategicMergePatch, strategicMergePatchShared } from './patch-merge';
import { handOver, LoopTransport } from './transport';

/** deepFrozen freezes a JSON document through and through, so any write to it throws. */
function deepFrozen<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const key of Object.keys(value)) deepFrozen((value as Record<string, unknown>)[key]);
    Object.freeze(value);
  }
  return value;
}

const scalar = fc.oneof(fc.constantFrom('a', 'b', 'True', 'False'), fc.integer({ min: 0, max: 3 }), fc.boolean());
const condition = fc.record({ type: fc.constantFrom('Ready', 'PodScheduled', 'Initialized'), status: fc.constantFrom('True', 'False'), reason: fc.option(scalar, { nil: undefined }) }, { requiredKeys: ['type'] });
const patchCondition = fc.oneof(
  condition,
  fc.record({ type: fc.constantFrom('Ready', 'PodScheduled', 'Other'), $patch: fc.constant('delete') }),
  fc.record({ status: fc.constant('True') }),
);
const leaf = fc.dictionary(fc.constantFrom('phase', 'message', 'x', 'y'), scalar, { maxKeys: 3 });
const document = fc.record(
  {
    status: fc.record({ phase: scalar, conditions: fc.array(condition, { maxLength: 3 }), nested: leaf, finalizers: fc.array(fc.constantFrom('a', 'b'), { maxLength: 2 }) }, { requiredKeys: [] }),
    metadata: fc.record({ labels: leaf, name: scalar }, { requiredKeys: [] }),
    spec: leaf,
  },
  { requiredKeys: [] },
);
const patch = fc.record(
  {
    status: fc.record(
      {
        phase: fc.oneof(scalar, fc.constant(null)),
        conditions: fc.array(patchCondition, { maxLength: 3 }),
        '$setElementOrder/conditions': fc.array(fc.record({ type: fc.constantFrom('Ready', 'PodScheduled', 'Initialized') }), { maxLength: 3 }),
        nested: fc.oneof(leaf, fc.constant(null), fc.record({ $patch: fc.constantFrom('replace', 'delete'), x: scalar })),
        '$deleteFromPrimitiveList/finalizers': fc.array(fc.constantFrom('a', 'b'), { maxLength: 2 }),
        tags: fc.array(scalar, { maxLength: 2 }),
      },
      { requiredKeys: [] },
    ),
    metadata: fc.record({ labels: fc.oneof(leaf, fc.constant(null)) }, { requiredKeys: [] }),
  },
  { requiredKeys: [] },
);

/** outcome is the serialized result of a patch, or the error it failed with. */
function outcome(apply: () => unknown): string {
  try {
    return JSON.stringify(apply());
  } catch (error) {
    if (error instanceof PatchError) return `PatchError ${error.message}`;
    throw error;
  }
}

describe('strategicMergePatchShared', () => {
  it('serializes exactly as the in-place patch of a copy, and never writes to its target', () => {
    fc.assert(
      fc.property(document, patch, (generated, body) => {
        // A stored object is JSON data: no keys holding undefined (the generator makes some).
        const target = JSON.parse(JSON.stringify(generated)) as typeof generated;
        const inPlace = outcome(() => strategicMergePatch(JSON.parse(JSON.stringify(target)), body));
        const before = JSON.stringify(target);
        const shared = outcome(() => strategicMergePatchShared(deepFrozen(target), body));
        expect(shared).toBe(inPlace);
        expect(JSON.stringify(target)).toBe(before);
      }),
      { numRuns: 400 },
    );
  });

  it('sets a list to the other items of its patch when one item says $patch: replace, wherever it is', () => {
    // Items before the directive (merged, deleted, even ones that are not mergeable) change nothing.
    const item = fc.oneof(patchCondition, fc.constant('not an object'), fc.record({ type: fc.constantFrom('Ready', 'Other'), status: fc.constant('False'), $retainKeys: fc.constant(['type']) }));
    fc.assert(
      fc.property(fc.array(condition, { maxLength: 3 }), fc.array(item, { maxLength: 4 }), fc.nat(4), (conditions, items, at) => {
        const list: unknown[] = [...items];
        list.splice(Math.min(at, list.length), 0, { $patch: 'replace' });
        const expected = items.map((entry) => (typeof entry === 'object' ? Object.fromEntries(Object.entries(entry).filter(([key, value]) => !key.startsWith('$') && value !== undefined)) : entry));
        const target = () => JSON.parse(JSON.stringify({ status: { conditions } })) as { status: { conditions: unknown[] } };
        const inPlace = strategicMergePatch(target(), { status: { conditions: list } }) as { status: { conditions: unknown[] } };
        const shared = strategicMergePatchShared(deepFrozen(target()), { status: { conditions: list } }) as { status: { conditions: unknown[] } };
        expect(JSON.parse(JSON.stringify(inPlace.status.conditions))).toEqual(expected);
        expect(JSON.parse(JSON.stringify(shared.status.conditions))).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same result for a patch that is the wire body of the request being served, and takes its plain new items over', () => {
    // New conditions and items that only look plain: nested lists, nulls, directives, a __proto__ key.
    const newItem = fc.oneof(
      condition,
      fc.record({ type: fc.constantFrom('Extra', 'More'), status: fc.constant('True'), nested: fc.oneof(leaf, fc.constant(null), fc.record({ list: fc.array(scalar, { maxLength: 2 }) }), fc.record({ $patch: fc.constant('replace'), x: scalar })) }),
      fc.constantFrom('{"type":"Proto","__proto__":{"status":"True"}}', '{"type":"Proto","__proto__":"x"}').map((text) => JSON.parse(text) as Record<string, unknown>),
    );
    fc.assert(
      fc.property(document, patch, fc.array(newItem, { maxLength: 3 }), (generated, body, extra) => {
        const target = deepFrozen(JSON.parse(JSON.stringify(generated)) as typeof generated);
        const withExtra = { ...body, status: { ...body.status, conditions: [...(body.status?.conditions ?? []), ...extra] } };
        const text = JSON.stringify(withExtra);
        const expected = outcome(() => strategicMergePatchShared(target, JSON.parse(text)));
        const loop = new EventLoop();
        let served = '';
        const transport = new LoopTransport(
          { loop, trace: new Trace(() => loop.now()), ids: new SeededIds(1) },
          {
            handle(request) {
              served = outcome(() => strategicMergePatchShared(target, request.body));
              // The merge never writes to the patch: a retry would merge the same one.
              expect(JSON.stringify(request.body)).toBe(text);
              return { close() {} };
            },
          },
        );
        transport.send('kubelet/node-1', { method: 'PATCH', path: '/api/v1/namespaces/default/pods/p/status', headers: {}, body: handOver(JSON.parse(text) as object) }, () => {});
        loop.runUntilQuiet();
        expect(served).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('takes a plain new list item of a wire body over instead of copying it', () => {
    const loop = new EventLoop();
    const target = deepFrozen({ status: { conditions: [{ type: 'PodScheduled', status: 'True' }] } });
    const ready = { type: 'Ready', status: 'False' };
    let result: typeof target | undefined;
    const transport = new LoopTransport({ loop, trace: new Trace(() => loop.now()), ids: new SeededIds(1) }, {
      handle(request) {
        result = strategicMergePatchShared(target, request.body) as typeof target;
        return { close() {} };
      },
    });
    transport.send('kubelet/node-1', { method: 'PATCH', path: '/api/v1/namespaces/default/pods/p/status', headers: {}, body: handOver({ status: { conditions: [ready] } }) }, () => {});
    loop.runUntilQuiet();
    expect(result!.status.conditions).toEqual([{ type: 'PodScheduled', status: 'True' }, ready]);
    expect(result!.status.conditions[1]).toBe(ready);
    // Outside a request, a patch is the caller's: copied.
    const copied = strategicMergePatchShared(target, { status: { conditions: [ready] } }) as typeof target;
    expect(copied.status.conditions[1]).toEqual(ready);
    expect(copied.status.conditions[1]).not.toBe(ready);
  });

  it('shares what the patch leaves alone', () => {
    const target = deepFrozen({ spec: { containers: [{ name: 'app' }] }, status: { phase: 'Pending', conditions: [{ type: 'Ready', status: 'False' }] } });
    const result = strategicMergePatchShared(target, { status: { conditions: [{ type: 'Ready', status: 'True' }] } }) as typeof target;
    expect(result.spec).toBe(target.spec);
    expect(result.status).not.toBe(target.status);
    expect(result.status.conditions).toEqual([{ type: 'Ready', status: 'True' }]);
    expect(target.status.conditions).toEqual([{ type: 'Ready', status: 'False' }]);
  });
});
