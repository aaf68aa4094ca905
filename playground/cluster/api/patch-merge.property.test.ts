import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PatchError } from './patch-error';
import { strategicMergePatch, strategicMergePatchShared } from './patch-merge';

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

  it('shares what the patch leaves alone', () => {
    const target = deepFrozen({ spec: { containers: [{ name: 'app' }] }, status: { phase: 'Pending', conditions: [{ type: 'Ready', status: 'False' }] } });
    const result = strategicMergePatchShared(target, { status: { conditions: [{ type: 'Ready', status: 'True' }] } }) as typeof target;
    expect(result.spec).toBe(target.spec);
    expect(result.status).not.toBe(target.status);
    expect(result.status.conditions).toEqual([{ type: 'Ready', status: 'True' }]);
    expect(target.status.conditions).toEqual([{ type: 'Ready', status: 'False' }]);
  });
});
