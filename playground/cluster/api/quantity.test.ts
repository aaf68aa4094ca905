import { describe, expect, it } from 'vitest';
import { formatCpu, formatMemory, parseCpuMillis, parseMemoryBytes, parseQuantity } from './quantity';

describe('quantities', () => {
  it('parses CPU into millicores, rounding up', () => {
    expect(parseCpuMillis('500m')).toBe(500);
    expect(parseCpuMillis('2')).toBe(2000);
    expect(parseCpuMillis('0.1')).toBe(100);
    expect(parseCpuMillis('1.0005')).toBe(1001);
    expect(parseCpuMillis(3)).toBe(3000);
  });

  it('parses memory with binary and decimal suffixes and exponents', () => {
    expect(parseMemoryBytes('128Mi')).toBe(134217728);
    expect(parseMemoryBytes('1Gi')).toBe(1073741824);
    expect(parseMemoryBytes('64Ki')).toBe(65536);
    expect(parseMemoryBytes('1G')).toBe(1e9);
    expect(parseMemoryBytes('129M')).toBe(129e6);
    expect(parseMemoryBytes('1e3')).toBe(1000);
  });

  it('rejects malformed quantities with a clear message', () => {
    expect(() => parseMemoryBytes('12XB')).toThrow(/quantities must match the regular expression.*"12XB"/);
    expect(() => parseCpuMillis('')).toThrow(/quantities must match/);
  });

  it('answers the same for a string it has parsed before, and keeps rejecting a bad one', () => {
    // Parsed strings are remembered; the second answer must come out the same, the error too.
    expect([parseQuantity(' 250m '), parseQuantity(' 250m ')]).toEqual([0.25, 0.25]);
    expect([parseCpuMillis('1.5'), parseCpuMillis('1.5')]).toEqual([1500, 1500]);
    expect([parseMemoryBytes('1.5Ki'), parseMemoryBytes('1.5Ki'), parseMemoryBytes(1.5)]).toEqual([1536, 1536, 2]);
    expect([parseCpuMillis(0.0015), parseCpuMillis('0.0015')]).toEqual([2, 2]);
    for (let i = 0; i < 2; i++) expect(() => parseCpuMillis('1.5.5')).toThrow(/quantities must match/);
    for (let i = 0; i < 5000; i++) expect(parseCpuMillis(`${i}m`)).toBe(i);
    expect(parseCpuMillis('0m')).toBe(0);
    for (let i = 0; i < 2; i++) expect(() => parseQuantity('1.5.5')).toThrow(/quantities must match/);
    // More distinct strings than the memory holds: old ones are parsed again, correctly.
    for (let i = 0; i < 5000; i++) expect(parseQuantity(`${i}Ki`)).toBe(i * 1024);
    expect(parseQuantity('0Ki')).toBe(0);
    expect(parseQuantity('4999Ki')).toBe(4999 * 1024);
  });

  it('formats back the way Kubernetes prints them', () => {
    expect(formatMemory(8 * 2 ** 30)).toBe('8Gi');
    expect(formatMemory(1536 * 2 ** 20)).toBe('1536Mi');
    expect(formatCpu(2000)).toBe('2');
    expect(formatCpu(1500)).toBe('1500m');
  });
});
