/**
 * Every step, solution and check type-checks the way the reader's editor checks it (see
 * steps-typecheck.ts), so an author's typo — a wrong method name, a wrong option — fails here with
 * its file and line instead of failing at run time for readers. One tsc process checks the whole
 * course, plus a probe chapter with known typos that proves the check still catches them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { courseStepChapters, formatDiagnostic, stepSources, typecheckSteps, type StepChapter, type StepDiagnostic, type StepSource } from './steps-typecheck';

/** PROBE is a chapter written with the mistakes this test exists to catch, at known lines. */
const PROBE: StepChapter = {
  dir: 'probe/steps',
  steps: ['01-start.ts', '02-typo.ts'],
  files: new Map([
    ['01-start.ts', 'import { createCluster } from "kube";\nconst cluster = createCluster({ nodes: 1 });\nlet runs = 0;\n'],
    [
      '02-typo.ts',
      'runs += 1;\nconsole.log(await cluster.kubctl("get pods"));\nconst other = createCluster({ nodes: 1 });\n' +
        'import { createCluster as makeCluster } from "kube";\nconst third = makeCluster({ nodez: 1 });\n',
    ],
    ['02-typo.check.ts', 'await check("the pod runs", () => cluster.kubectl("get pods"));\nawait check(42, () => true);\n'],
    ['02-typo.solution.ts', 'console.log(await cluster.kubectl("get pods"));\n'],
  ]),
};

const chapters = await courseStepChapters();
const files: StepSource[] = chapters.flatMap(stepSources);
let diagnostics: StepDiagnostic[] = [];

beforeAll(async () => {
  diagnostics = await typecheckSteps([...files, ...stepSources(PROBE)]);
}, 120_000);

function errorsIn(path: string): string[] {
  return diagnostics.filter((d) => d.path === path).map(formatDiagnostic);
}

it('finds the intro and every chapter with steps, and their exercises', () => {
  expect(chapters[0].dir).toBe('content/intro');
  expect(chapters.length).toBeGreaterThan(1);
  expect(files.some((file) => file.isCheck)).toBe(true);
  expect(files.some((file) => file.path.endsWith('.solution.ts'))).toBe(true);
});

describe('the probe chapter', () => {
  it('reports a wrong method name on an earlier step\'s variable at its line', () => {
    const errors = errorsIn('probe/steps/02-typo.ts');
    expect(errors.some((e) => e.startsWith('probe/steps/02-typo.ts:2:27 TS2551') && e.includes("'kubctl'"))).toBe(true);
  });

  it('reports a wrong option of the kube API at its line', () => {
    expect(errorsIn('probe/steps/02-typo.ts').some((e) => e.startsWith('probe/steps/02-typo.ts:5:') && e.includes('nodez'))).toBe(true);
  });

  it('sees imported names as local to their step, and earlier variables as assignable', () => {
    const errors = errorsIn('probe/steps/02-typo.ts');
    // createCluster was imported by step 1 only: like the sandbox, step 2 does not see it.
    expect(errors.some((e) => e.startsWith('probe/steps/02-typo.ts:3:15 TS2304'))).toBe(true);
    expect(errors.filter((e) => e.startsWith('probe/steps/02-typo.ts:1:'))).toEqual([]);
  });

  it('gives check files a typed `check` and the solution\'s names', () => {
    expect(errorsIn('probe/steps/02-typo.check.ts').map((e) => e.split(' ')[0])).toEqual(['probe/steps/02-typo.check.ts:2:13']);
    expect(errorsIn('probe/steps/02-typo.solution.ts')).toEqual([]);
  });
});

describe.each(chapters.map((chapter) => [chapter.dir, chapter] as const))('%s', (_dir, chapter) => {
  it.each(stepSources(chapter).map((file) => [file.path.split('/').pop()!, file.path] as const))('%s type-checks as the editor sees it', (_name, path) => {
    expect(errorsIn(path)).toEqual([]);
  });
});
