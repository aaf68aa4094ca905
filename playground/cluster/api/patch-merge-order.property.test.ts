import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { strategicMergePatch, strategicMergePatchShared } from './patch-merge';

/** The documented $setElementOrder rule: items the order names first, by their first position there (stable); the rest after, as they were. */
function reference(list: { type: string; n: number }[], order: { type: string }[]) {
  const position = (item: { type: string }) => order.findIndex((o) => o.type === item.type);
  const named = list.filter((item) => position(item) >= 0);
  const rest = list.filter((item) => position(item) < 0);
  return [...named.map((item, i) => ({ item, i })).sort((a, b) => position(a.item) - position(b.item) || a.i - b.i).map((e) => e.item), ...rest];
}

describe('$setElementOrder naming the list\'s own items', () => {
  it('orders a list whose order lists its own merge keys, duplicates included, as the rule says', () => {
    // The kubelet's case (an order entry per condition, in place), and near misses: repeated types, one entry changed.
    const type = fc.constantFrom('Ready', 'PodScheduled', 'Initialized');
    fc.assert(
      fc.property(fc.array(type, { maxLength: 5 }), fc.nat(6), fc.constantFrom('Ready', 'Other'), (types, changedAt, changedTo) => {
        const list = types.map((t, n) => ({ type: t, n }));
        const order = types.map((t, i) => ({ type: i === changedAt ? changedTo : t }));
        for (const apply of [strategicMergePatch, strategicMergePatchShared]) {
          const target = { status: { conditions: list.map((c) => ({ ...c })) } };
          const patched = apply(target, { status: { '$setElementOrder/conditions': order } }) as typeof target;
          expect(patched.status.conditions).toEqual(reference(list, order));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('orders a list by an order of any length, naming some of its items, others it lacks, or repeats', () => {
    // Unique types take the slot path (every entry found, some missing, items left over); repeated
    // ones the stable sort.
    const type = fc.constantFrom('Ready', 'PodScheduled', 'Initialized', 'ContainersReady', 'Other');
    const listTypes = fc.oneof(fc.uniqueArray(type, { maxLength: 5 }), fc.array(type, { maxLength: 5 }));
    fc.assert(
      fc.property(listTypes, fc.array(type, { maxLength: 6 }), (types, orderTypes) => {
        const list = types.map((t, n) => ({ type: t, n }));
        const order = orderTypes.map((t) => ({ type: t }));
        for (const apply of [strategicMergePatch, strategicMergePatchShared]) {
          const target = { status: { conditions: list.map((c) => ({ ...c })) } };
          const patched = apply(target, { status: { '$setElementOrder/conditions': order } }) as typeof target;
          expect(patched.status.conditions).toEqual(reference(list, order));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('keeps a list already in its order as it is (the same list when shared)', () => {
    const conditions = [{ type: 'Ready', status: 'True' }, { type: 'PodScheduled', status: 'True' }];
    const target = { status: { phase: 'Running', conditions } };
    const patched = strategicMergePatchShared(target, { status: { phase: 'Running', '$setElementOrder/conditions': [{ type: 'Ready' }, { type: 'PodScheduled' }] } }) as typeof target;
    expect(patched.status.conditions).toBe(conditions);
    const swapped = strategicMergePatchShared(target, { status: { '$setElementOrder/conditions': [{ type: 'PodScheduled' }, { type: 'Ready' }] } }) as typeof target;
    expect(swapped.status.conditions).toEqual([conditions[1], conditions[0]]);
    expect(conditions.map((c) => c.type)).toEqual(['Ready', 'PodScheduled']);
  });
});
