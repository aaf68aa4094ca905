import { describe, expect, it } from 'vitest';
import { benchmarkScheduling } from './benchmark';

// Speed is measured by `npm run bench` (bench/suites/cluster.mjs), never asserted in a test; this
// checks that the benchmark's workload itself is sound: every pod of a large batch is bound once.
describe('scheduler benchmark workload', () => {
  it('binds every one of 2,000 varied pods on 200 nodes exactly once', () => {
    const result = benchmarkScheduling({ pods: 2_000, nodes: 200, clock: () => 0 });
    expect(result.scheduled).toBe(2_000);
  });
});
