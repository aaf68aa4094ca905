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

  it('gives long texts too, past what one call may take as arguments', () => {
    for (const length of [4096, 4097, 1_000_003]) expect(new SeededIds(3).hex(length)).toBe(referenceHex(3, length));
    expect(new SeededIds(3).hex(64)).toBe(referenceHex(3, 64));
  });

  it('draws the same words as uid, so a run makes the same ids in the same order', () => {
    const ids = new SeededIds(5);
    const digits = referenceHex(5, 8 * 9);
    expect(ids.hex(64)).toBe(digits.slice(0, 64));
    expect(ids.hex(8)).toBe(digits.slice(64, 72));
  });
});

describe('SeededIds.uid', () => {
  it('is the next four drawn words as a version-4 UUID, and leaves the sequence where four draws would', () => {
    for (const seed of [1, 7, 42, 0xdeadbeef]) {
      const digits = referenceHex(seed, 8 * 9);
      const ids = new SeededIds(seed);
      const uid = ids.uid();
      const variant = ((parseInt(digits[16], 16) & 0x3) | 0x8).toString(16);
      expect(uid).toBe(`${digits.slice(0, 8)}-${digits.slice(8, 12)}-4${digits.slice(13, 16)}-${variant}${digits.slice(17, 20)}-${digits.slice(20, 32)}`);
      expect(ids.hex(8)).toBe(digits.slice(32, 40));
      expect(ids.next32().toString(16).padStart(8, '0')).toBe(digits.slice(40, 48));
    }
  });

  it('writes every digit value in every position as the plain formatting does, over many draws', () => {
    const ids = new SeededIds(9);
    const reference = new SeededIds(9);
    const word = () => reference.next32().toString(16).padStart(8, '0');
    for (let i = 0; i < 500; i++) {
      const [a, b, c, d] = [word(), word(), word(), word()];
      const variant = ((parseInt(c[0], 16) & 0x3) | 0x8).toString(16);
      expect(ids.uid()).toBe(`${a}-${b.slice(0, 4)}-4${b.slice(5)}-${variant}${c.slice(1, 4)}-${c.slice(4)}${d}`);
    }
  });
});
