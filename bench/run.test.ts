import { describe, expect, it } from 'vitest';
import { splitSuiteResult } from './run.mjs';

describe('splitSuiteResult', () => {
  it('keeps numeric figures and collects notes', () => {
    expect(splitSuiteResult('page', { 'page.js_kb_gz': 0.6, notes: 'one note' })).toEqual({
      figures: { 'page.js_kb_gz': 0.6 },
      notes: ['one note'],
    });
    expect(splitSuiteResult('page', { 'a.b': 1, notes: ['x', 'y'] }).notes).toEqual(['x', 'y']);
  });
  it('rejects a figure that is not a finite number, naming the suite and figure', () => {
    expect(() => splitSuiteResult('cluster', { 'cluster.pods_per_s': '12' })).toThrow(
      /suite cluster: figure "cluster.pods_per_s" is "12"/,
    );
    expect(() => splitSuiteResult('cluster', { 'cluster.x': Number.NaN })).toThrow(/expected a finite number/);
  });
  it('rejects a suite that returns nothing', () => {
    expect(() => splitSuiteResult('empty', undefined as unknown as Record<string, unknown>)).toThrow(
      /suite empty returned undefined/,
    );
  });
});
