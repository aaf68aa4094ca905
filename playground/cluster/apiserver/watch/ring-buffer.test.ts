import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RingBuffer } from './ring-buffer';

/** contents lists a buffer's items oldest first. */
function contents<T>(ring: RingBuffer<T>): T[] {
  return Array.from({ length: ring.length }, (_, i) => ring.at(i));
}

describe('RingBuffer', () => {
  it('keeps the last `capacity` items oldest first and hands back each one it pushes out', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5 }), fc.array(fc.integer(), { maxLength: 40 }), (capacity, values) => {
        const ring = new RingBuffer<number>(capacity);
        const naive: number[] = [];
        for (const value of values) {
          naive.push(value);
          const expectedOut = naive.length > capacity ? naive.shift() : undefined;
          expect(ring.push(value)).toBe(expectedOut);
          expect(contents(ring)).toEqual(naive);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('refuses a capacity that is not a whole number >= 0', () => {
    expect(() => new RingBuffer(-1)).toThrow('RingBuffer: capacity must be a whole number >= 0, got -1');
    expect(() => new RingBuffer(1.5)).toThrow(RangeError);
  });
});
