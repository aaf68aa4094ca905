import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { benchmarkScheduling } from './benchmark';

describe('scheduler benchmark', () => {
  it('schedules 10,000 pods on 1,000 nodes quickly, every pod bound once', () => {
    const result = benchmarkScheduling({ pods: 10_000, nodes: 1_000, clock: () => performance.now() });
    console.log(`scheduler: ${result.podsPerSecond} pods/s (${result.pods} pods, ${result.nodes} nodes, ${Math.round(result.elapsedMs)} ms)`);
    expect(result.scheduled).toBe(10_000);
    // The target is 5,000 pods/s; the shared test machine gets a margin so this does not flake.
    expect(result.podsPerSecond).toBeGreaterThan(2_000);
  });
});
