import { describe, expect, it } from 'vitest';
import { HEX8, SeededIds } from './ids';

/** The words SeededIds draws, in order, formatted the plain way: the reference the table must match. */
function referenceHex(seed: number, length: number): string {
  const ids = new SeededIds(seed);
  let out = '';
  while (out.length < length) out += ids.next32().toString(16).padStart(8, '0');
  return out.slice(0, length);
}

describe('HEX8', () => {
  it('holds the two zero-padded lowercase hex digits of every byte', () => {
    expect(HEX8).toEqual(Array.from({ length: 256 }, (_, value) => value.toString(16).padStart(2, '0')));
  });
});

describe('SeededIds.hex', () => {
  it('gives the digits of the drawn words for every length, whole words or not', () => {
    for (const length of [1, 3, 4, 7, 8, 9, 13, 32, 63, 64]) {
      for (const seed of [1, 7, 42, 0xdeadbeef]) expect(new SeededIds(seed).hex(length)).toBe(referenceHex(seed, length));
    }
  });

  it('draws the same words as uid, so a run makes the same ids in the same order', () => {
    const ids = new SeededIds(5);
    const digits = referenceHex(5, 8 * 9);
    expect(ids.hex(64)).toBe(digits.slice(0, 64));
    expect(ids.hex(8)).toBe(digits.slice(64, 72));
  });
});
