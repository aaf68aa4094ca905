import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MinHeap } from './min-heap';

describe('MinHeap', () => {
  it('pops items in order, ties by insertion when the order says so', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 })), (values) => {
        const heap = new MinHeap<{ v: number; seq: number }>((a, b) => a.v < b.v || (a.v === b.v && a.seq < b.seq));
        values.forEach((v, seq) => heap.push({ v, seq }));
        const popped: { v: number; seq: number }[] = [];
        for (let item = heap.pop(); item; item = heap.pop()) popped.push(item);
        const expected = values.map((v, seq) => ({ v, seq })).sort((a, b) => a.v - b.v || a.seq - b.seq);
        expect(popped).toEqual(expected);
        expect(heap.size).toBe(0);
      }),
    );
  });
});
