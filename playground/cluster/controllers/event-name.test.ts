import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nanosHex } from './event-recorder';

describe('nanosHex', () => {
  it('writes ms * 1,000,000 + extra nanoseconds in hex exactly, as BigInt would', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 41 - 1 }), fc.integer({ min: 0, max: 999_999 }), (ms, extra) => {
        expect(nanosHex(ms, extra)).toBe((BigInt(ms) * 1_000_000n + BigInt(extra)).toString(16));
      }),
      { numRuns: 2000 },
    );
    // The tutorial's clock: 2026-01-01T00:00:00Z plus a few virtual seconds.
    const ms = Date.UTC(2026, 0, 1) + 1234;
    expect(nanosHex(ms, 7)).toBe((BigInt(ms) * 1_000_000n + 7n).toString(16));
    expect(nanosHex(0, 0)).toBe('0');
  });
});
