import { describe, expect, it } from 'vitest';
import { HEX8, SeededIds } from './ids';

/** The words SeededIds draws, in order, formatted the plain way: the reference the table must match. */
function referenceHex(seed: number, length: number): string {
  const ids = new SeededIds(seed);
  let out = '';
  while (out.length < length) out += ids.next32().toString(16).padStart(8, '0');
  return out.slice(0, length);
}

/** mulberry32 as published (unsigned words throughout): the sequence next32 must keep giving. */
function referenceWords(seed: number, count: number): number[] {
  let state = seed >>> 0 || 1;
  const words: number[] = [];
  for (let i = 0; i < count; i++) {
    let t = (state = (state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    words.push((t ^ (t >>> 14)) >>> 0);
  }
  return words;
}

describe('SeededIds.next32', () => {
  it('is mulberry32, an unsigned word per draw, for seeds below and above 2^31 and a zero seed', () => {
    for (const seed of [0, 1, 7, 42, 0x7fffffff, 0x80000000, 0xdeadbeef, 0xffffffff, -5, 2 ** 40 + 3]) {
      const ids = new SeededIds(seed);
      const words = Array.from({ length: 2000 }, () => ids.next32());
      expect(words).toEqual(referenceWords(seed, 2000));
      expect(words.every((word) => Number.isInteger(word) && word >= 0 && word < 2 ** 32)).toBe(true);
    }
  });
});

describe('SeededIds.suffix', () => {
  it('picks each character by the unsigned word modulo the alphabet, as next32 gives it', () => {
    const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
    for (const seed of [3, 0x80000001]) {
      const words = referenceWords(seed, 50);
      const ids = new SeededIds(seed);
      const expected = Array.from({ length: 10 }, (_, k) => words.slice(5 * k, 5 * k + 5).map((word) => alphabet[word % alphabet.length]).join(''));
      expect(Array.from({ length: 10 }, () => ids.suffix())).toEqual(expected);
    }
  });
});

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
