/**
 * Every chapter's steps, run the way the page runs them: steps 1..N in order in one fresh run,
 * where top-level names of earlier steps are visible to later ones.
 *
 * What is checked (conventions in chapter-steps.ts):
 * - every step runs without an error and prints something when it is the step the reader ran;
 * - a step whose first line is `// expect-error: <text>` must fail with an error containing
 *   <text>; it must be its chapter's last step, since a failing step stops every step after it;
 * - every exercise: the starter fails at least one expectation of its check, and each failed
 *   expectation says what was expected (its description) and why it failed (its message); the
 *   solution passes every expectation; solution and starter differ;
 * - each chapter prints, traces and stores the same in QuickJS (the page's sandbox) as in Node.
 */
import { describe, expect, it } from 'vitest';
import { splitCheckOutput, checkStepSource, type CheckResult } from '../../src/scripts/step/check';
import { createNodeRunner } from '../../playground/sandbox/node-runner';
import { compareWithSandbox, runStepsInNode, type NodeRun } from '../../playground/sandbox/node-equivalence';
import { chapters, kubeEntry, type ChapterStep } from './chapter-steps';

const kube: object = await import(kubeEntry);
const runner = createNodeRunner({ entry: kubeEntry });

function describeRun(run: NodeRun): string {
  return `${run.error ?? 'no error'}\n--- console of the last step ---\n${run.consoleLines.map((line) => line.text).join('\n')}`;
}

/** runCheck runs the earlier steps, then `code` in place of the exercise, then its check. */
async function runCheck(earlier: ChapterStep[], code: string, checkFile: string): Promise<{ run: NodeRun; results: CheckResult[] }> {
  const run = await runStepsInNode([...earlier.map((s) => s.source), code, checkStepSource(checkFile)], kube);
  return { run, results: splitCheckOutput(run.consoleLines).results };
}

const withSteps = chapters().filter((chapter) => chapter.steps.length > 0);

it('finds the chapters that have steps', () => {
  expect(withSteps.length).toBeGreaterThan(0);
});

describe.each(withSteps.map((chapter) => [chapter.slug, chapter] as const))('%s', (_slug, chapter) => {
  it('has only step, solution and check files, numbered in order', () => {
    expect(chapter.orphans).toEqual([]);
    expect(chapter.steps.map((s) => Number(s.id.slice(0, 2)))).toEqual(chapter.steps.map((_, i) => i + 1));
  });

  it('marks an expected error only on its last step', () => {
    const marked = chapter.steps.filter((s) => s.expectError !== undefined).map((s) => s.id);
    expect(marked.every((id) => id === chapter.steps.at(-1)!.id)).toBe(true);
  });

  it.each(chapter.steps.map((step, index) => [step.id, index] as const))('step %s runs after the steps before it and prints something', async (_id, index) => {
    const step = chapter.steps[index];
    const run = await runStepsInNode(chapter.steps.slice(0, index + 1).map((s) => s.source), kube);
    if (step.expectError !== undefined) {
      expect(run.error, describeRun(run)).toBeDefined();
      expect(run.error).toContain(step.expectError);
    } else {
      expect(run.error, describeRun(run)).toBeUndefined();
    }
    expect(run.consoleLines.length, `${step.id} printed nothing`).toBeGreaterThan(0);
  });

  const exercises = chapter.steps.map((step, index) => [step.id, index] as const).filter(([, index]) => chapter.steps[index].check !== undefined);
  if (exercises.length > 0) {
    describe.each(exercises)('exercise %s', (_id, index) => {
      const step = chapter.steps[index];
      const earlier = chapter.steps.slice(0, index);

      it('has a solution that differs from the starter', () => {
        expect(step.solution, `${step.id} has a check but no solution`).toBeDefined();
        expect(step.solution!.trim()).not.toBe(step.source.trim());
      });

      it('fails its check with the starter code, saying why', async () => {
        const { run, results } = await runCheck(earlier, step.source, step.check!);
        expect(run.error, describeRun(run)).toBeUndefined();
        const failed = results.filter((r) => !r.passed);
        expect(failed.length, describeRun(run)).toBeGreaterThan(0);
        for (const result of failed) {
          expect(result.description.trim().length, JSON.stringify(result)).toBeGreaterThanOrEqual(10);
          expect(result.message, JSON.stringify(result)).toBeTruthy();
        }
      });

      it('passes every expectation of its check with the solution', async () => {
        const { run, results } = await runCheck(earlier, step.solution!, step.check!);
        expect(run.error, describeRun(run)).toBeUndefined();
        expect(results.length).toBeGreaterThan(0);
        expect(results.filter((r) => !r.passed), describeRun(run)).toEqual([]);
      });
    });
  }

  it('prints, traces and stores the same in the QuickJS sandbox as in Node', { timeout: 120_000 }, async () => {
    const report = await compareWithSandbox(runner, chapter.steps.map((s) => s.source), kube);
    expect(report.differences).toEqual([]);
    const expected = chapter.steps.at(-1)!.expectError;
    if (expected === undefined) expect(report.sandbox.error?.message, JSON.stringify(report.sandbox.error)).toBeUndefined();
    else expect(report.sandbox.error?.message).toContain(expected);
  });
});
