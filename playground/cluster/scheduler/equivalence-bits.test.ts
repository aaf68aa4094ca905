import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allOnes, firstSet, firstSetBut, setPositions } from './equivalence-bits';

/** naivePositions lists the set bits in [from, to) one position at a time. */
function naivePositions(bits: Int32Array, base: number, from: number, to: number): number[] {
  const out: number[] = [];
  for (let p = from; p < to; p++) if ((bits[base + (p >> 5)] >>> (p & 31)) & 1) out.push(p);
  return out;
}

/** Bitsets of 1..4 words, biased to words with bit 31 set, full and empty words, and their ranges. */
const word = fc.oneof(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.constantFrom(0, -1, -(2 ** 31), 1, 0x55555555));
const bitsets = fc
  .array(word, { minLength: 1, maxLength: 4 })
  .chain((words) => fc.tuple(fc.constant(Int32Array.from(words)), fc.nat(words.length * 32), fc.nat(words.length * 32)));

describe('equivalence bits', () => {
  it('setPositions lists the set bits in a range lowest first, after those already listed', () => {
    fc.assert(
      fc.property(bitsets, fc.nat(3), ([bits, a, b], count) => {
        const [from, to] = a <= b ? [a, b] : [b, a];
        const out = new Int32Array(count + bits.length * 32).fill(-7);
        const end = setPositions(bits, from, to, out, count);
        expect([...out.subarray(0, count)]).toEqual(new Array(count).fill(-7));
        expect([...out.subarray(count, end)]).toEqual(naivePositions(bits, 0, from, to));
      }),
      { numRuns: 2000 },
    );
  });

  it('firstSetBut finds the lowest bit in a range set in a bitset at an offset and clear in another, or -1', () => {
    fc.assert(
      fc.property(bitsets, fc.nat(2), fc.array(word, { minLength: 4, maxLength: 4 }), ([bits, a, b], base, butWords) => {
        const [from, to] = a <= b ? [a, b] : [b, a];
        const shifted = new Int32Array(base + bits.length);
        shifted.set(bits, base);
        const but = Int32Array.from(butWords);
        const both = bits.map((w, i) => w & ~but[i]);
        expect(firstSetBut(shifted, base, from, to, but)).toBe(naivePositions(both, 0, from, to)[0] ?? -1);
      }),
      { numRuns: 2000 },
    );
  });

  it('firstSet finds the lowest set bit in a range of a bitset at an offset, or -1', () => {
    fc.assert(
      fc.property(bitsets, fc.nat(2), ([bits, a, b], base) => {
        const [from, to] = a <= b ? [a, b] : [b, a];
        const shifted = new Int32Array(base + bits.length);
        shifted.set(bits, base);
        expect(firstSet(shifted, base, from, to)).toBe(naivePositions(bits, 0, from, to)[0] ?? -1);
      }),
      { numRuns: 2000 },
    );
  });

  it('allOnes is the Fenwick tree of nodes that all count, whatever size was asked before', () => {
    for (const size of [0, 1, 2, 31, 32, 33, 1000, 5, 1000]) {
      const tree = new Int32Array(size + 1);
      for (let p = 1; p <= size; p++) for (let i = p; i <= size; i += i & -i) tree[i]++;
      expect([...allOnes(size)]).toEqual([...tree]);
    }
  });
});
