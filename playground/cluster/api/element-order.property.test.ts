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

  it('orders lists with odd items as the rule says: non-objects never match, an item without the key matches an entry without it', () => {
    // Stored lists and orders are any JSON: items and entries may be null, strings, arrays, or objects without a type.
    const odd: fc.Arbitrary<unknown> = fc.oneof(fc.constantFrom('Ready', 'Other').map((type): unknown => ({ type })), fc.constant<unknown>(null), fc.constant<unknown>('Ready'), fc.constant<unknown>([{ type: 'Ready' }]), fc.constant<unknown>({ status: 'True' }));
    const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
    fc.assert(
      fc.property(fc.array(odd, { maxLength: 6 }), fc.array(odd, { maxLength: 5 }), (items, order) => {
        const list = items.map((item, n) => (isObject(item) ? { ...item, n } : item));
        const position = (item: unknown) => (isObject(item) ? order.findIndex((o) => isObject(o) && o.type === item.type) : -1);
        const named = list.map((item, i) => ({ item, i, p: position(item) })).filter((e) => e.p >= 0);
        const expected = [...named.sort((a, b) => a.p - b.p || a.i - b.i).map((e) => e.item), ...list.filter((item) => position(item) < 0)];
        const target = { status: { conditions: JSON.parse(JSON.stringify(list)) } };
        const patched = strategicMergePatch(target, { status: { '$setElementOrder/conditions': order } }) as typeof target;
        expect(patched.status.conditions).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });
});
