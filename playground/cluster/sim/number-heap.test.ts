import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NumberHeap } from './number-heap';

describe('NumberHeap', () => {
  it('hands out the smallest value first across interleaved pushes and pops', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: -50, max: 50 }), fc.constant(null)), { maxLength: 300 }), (ops) => {
        const heap = new NumberHeap();
        const reference: number[] = [];
        for (const op of ops) {
          if (op === null) {
            reference.sort((a, b) => a - b);
            expect(heap.pop()).toBe(reference.shift());
          } else {
            heap.push(op);
            reference.push(op);
          }
          expect(heap.size).toBe(reference.length);
          expect(heap.peek()).toBe(reference.length === 0 ? undefined : Math.min(...reference));
        }
      }),
    );
  });

  it('is empty after the last pop', () => {
    const heap = new NumberHeap();
    heap.push(2);
    heap.push(1);
    expect([heap.pop(), heap.pop(), heap.pop()]).toEqual([1, 2, undefined]);
    expect(heap.peek()).toBeUndefined();
    expect(heap.size).toBe(0);
  });
});
