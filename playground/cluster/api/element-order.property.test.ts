import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { strategicMergePatch } from './patch-merge';

/** The documented $setElementOrder rule: items the order names first, by their first position there (stable); the rest after, as they were. */
function reference(list: { type: string; n: number }[], order: { type: string }[]) {
  const position = (item: { type: string }) => order.findIndex((o) => o.type === item.type);
  const named = list.filter((item) => position(item) >= 0);
  const rest = list.filter((item) => position(item) < 0);
  return [...named.map((item, i) => ({ item, i })).sort((a, b) => position(a.item) - position(b.item) || a.i - b.i).map((e) => e.item), ...rest];
}

describe('$setElementOrder', () => {
  it('orders a merged list exactly as the rule says, whether or not it is in order already', () => {
    const type = fc.constantFrom('Ready', 'PodScheduled', 'Initialized', 'ContainersReady', 'Other');
    fc.assert(
      fc.property(fc.array(type, { maxLength: 6 }), fc.array(type, { maxLength: 6 }), (types, orderTypes) => {
        const list = types.map((t, n) => ({ type: t, n }));
        const order = orderTypes.map((t) => ({ type: t }));
        const target = { status: { conditions: list.map((c) => ({ ...c })) } };
        const patched = strategicMergePatch(target, { status: { '$setElementOrder/conditions': order } }) as typeof target;
        expect(patched.status.conditions).toEqual(reference(list, order));
      }),
      { numRuns: 500 },
    );
  });
});
