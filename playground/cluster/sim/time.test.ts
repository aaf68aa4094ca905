import { describe, expect, it } from 'vitest';
import { age, parseTimestamp, timestamp } from './time';

describe('timestamp', () => {
  it('formats virtual milliseconds as an RFC 3339 second after the epoch', () => {
    expect(timestamp(0)).toBe('2026-01-01T00:00:00Z');
    expect(timestamp(5_999)).toBe('2026-01-01T00:00:05Z');
    expect(timestamp(86_400_000 + 61_000)).toBe('2026-01-02T00:01:01Z');
  });

  it('answers the same instant asked twice, and moves on to the next millisecond and second', () => {
    // The same millisecond again (its remembered stamp), the next ones in and past that second.
    expect(timestamp(1_998)).toBe('2026-01-01T00:00:01Z');
    expect(timestamp(1_998)).toBe('2026-01-01T00:00:01Z');
    expect(timestamp(1_999)).toBe('2026-01-01T00:00:01Z');
    expect(timestamp(2_000)).toBe('2026-01-01T00:00:02Z');
    expect(timestamp(2_000)).toBe('2026-01-01T00:00:02Z');
  });

  it('formats an earlier instant after a later one (deletion stamps lie ahead of now)', () => {
    expect(timestamp(30_000)).toBe('2026-01-01T00:00:30Z');
    expect(timestamp(29_999)).toBe('2026-01-01T00:00:29Z');
    expect(timestamp(30_000)).toBe('2026-01-01T00:00:30Z');
    expect(timestamp(-0)).toBe('2026-01-01T00:00:00Z');
  });

  it('refuses a time that is not a number, every time it is asked', () => {
    expect(() => timestamp(Number.NaN)).toThrow(RangeError);
    expect(() => timestamp(Number.NaN)).toThrow(RangeError);
  });

  it('round-trips through parseTimestamp at second precision', () => {
    expect(parseTimestamp(timestamp(42_500))).toBe(42_000);
    expect(() => parseTimestamp('yesterday')).toThrow('invalid timestamp "yesterday"');
  });
});

describe('age', () => {
  it('renders durations as kubectl does', () => {
    expect(age(45_000)).toBe('45s');
    expect(age(192_000)).toBe('3m12s');
    expect(age(125 * 60_000)).toBe('125m');
    expect(age(3 * 3_600_000 + 5 * 60_000)).toBe('3h5m');
    expect(age(4 * 86_400_000)).toBe('4d');
  });
});
