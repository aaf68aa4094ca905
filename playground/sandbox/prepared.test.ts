import { describe, expect, it } from 'vitest';
import { FIXTURE_KUBE_ENTRY } from './bundle';
import { createNodeRunner } from './node-runner';
import type { RunLimits } from './protocol';

// A sandbox made ahead of time (runner.prepare) must be exactly as fresh as one made on demand:
// nothing a run did, not even a hostile one, reaches the run that follows it.
const fast: RunLimits = { timeLimitMs: 500 };
const steps = (...sources: string[]) => ({ steps: sources.map((source) => ({ source })), limits: fast });

describe('runner.prepare', () => {
  it('serves the next run from the prepared sandbox, which sees nothing of the run before', async () => {
    const runner = createNodeRunner({ entry: FIXTURE_KUBE_ENTRY });
    await runner.prepare(fast);
    const hostile = await runner.run(
      steps(
        '(globalThis as any).leftover = "secret";\n' +
          'Object.defineProperty(Array.prototype, "poisoned", { value: true });\n' +
          'JSON.stringify = () => "hijacked";\n' +
          'import { createCluster } from "kube";\n(createCluster as any).tampered = true;\nconsole.log("tampered");',
      ),
    );
    expect(hostile.consoleLines.map((line) => line.text)).toEqual(['tampered']);
    await runner.prepare(fast);
    const next = await runner.run(
      steps(
        'import { createCluster } from "kube";\n' +
          'console.log(typeof (globalThis as any).leftover, "poisoned" in [], JSON.stringify({ a: 1 }), (createCluster as any).tampered);',
      ),
    );
    expect(next.consoleLines.map((line) => line.text)).toEqual(['undefined false {"a":1} undefined']);
    // The hijacked JSON.stringify spoils collecting the first run's results: that sandbox is dropped.
    expect(runner.stats()).toMatchObject({ runs: 2, preparedRuns: 2, discarded: 1, disposedCleanly: 1, disposeFailures: 0 });
  });

  it('gives each run its own bounded memory: a run that exhausted its memory leaves the next one whole', async () => {
    const runner = createNodeRunner({ entry: FIXTURE_KUBE_ENTRY });
    await runner.prepare(fast);
    const exhausted = await runner.run(steps('const all: object[] = [];\nwhile (true) all.push({ n: all.length });'));
    expect(exhausted.error?.kind).toBe('SandboxOutOfMemory');
    await runner.prepare(fast);
    const next = await runner.run(steps('const big: number[] = new Array(1_000_000).fill(7);\nconsole.log(big.length);'));
    expect(next.error).toBeUndefined();
    expect(next.consoleLines.map((line) => line.text)).toEqual(['1000000']);
    expect(runner.stats()).toMatchObject({ preparedRuns: 2, discarded: 1, disposedCleanly: 1 });
  });

  it('drops a prepared sandbox whose limits do not fit the run, and bounds the run by its own limits', async () => {
    const runner = createNodeRunner({ entry: FIXTURE_KUBE_ENTRY });
    await runner.prepare({ memoryLimitMb: 256 });
    const result = await runner.run({ steps: [{ source: 'const keep: string[] = [];\nwhile (true) keep.push("y".repeat(1 << 20) + keep.length);' }], limits: { memoryLimitMb: 32, timeLimitMs: 5_000 } });
    expect(result.error?.message).toContain('the sandbox has 32 MB');
    expect(runner.stats()).toMatchObject({ preparedRuns: 0, disposeFailures: 0 });
  });

  it('keeps the prepared sandbox when a run fails before it needs one (a syntax error)', async () => {
    const runner = createNodeRunner({ entry: FIXTURE_KUBE_ENTRY });
    await runner.prepare(fast);
    const broken = await runner.run(steps('const a = (;'));
    expect(broken.error?.kind).toBe('StepSyntaxError');
    const next = await runner.run(steps('console.log("ran");'));
    expect(next.consoleLines.map((line) => line.text)).toEqual(['ran']);
    expect(runner.stats()).toMatchObject({ runs: 2, preparedRuns: 1 });
  });
});
