/**
 * chapterSteps finds every chapter's runnable steps on disk, with the conventions the chapter
 * tests enforce (see chapters.test.ts for what is checked):
 *
 *   content/chapters/NN-slug/steps/NN-name.ts            a step (starter code), run in file order
 *   content/chapters/NN-slug/steps/NN-name.solution.ts   an exercise's solution
 *   content/chapters/NN-slug/steps/NN-name.check.ts      an exercise's check (calls check(...))
 *
 * A step that is meant to end in an error starts with `// expect-error: <text>`; <text> must
 * appear in the error the run reports.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_KUBE_ENTRY } from '../../playground/sandbox/bundle';

/** CHAPTERS_DIR is content/chapters. */
export const CHAPTERS_DIR = fileURLToPath(new URL('../../content/chapters', import.meta.url));

/** FALLBACK_KUBE_ENTRY wraps playground/cluster for runs until the sandbox's kube-entry.ts exists. */
export const FALLBACK_KUBE_ENTRY = fileURLToPath(new URL('./chapters-kube-entry.ts', import.meta.url));

/** kubeEntry is the "kube" module the page bundles, or the fallback while it does not exist. */
export const kubeEntry = existsSync(DEFAULT_KUBE_ENTRY) ? DEFAULT_KUBE_ENTRY : FALLBACK_KUBE_ENTRY;

/** ChapterStep is one step file and its exercise companions. */
export interface ChapterStep {
  /** File name without `.ts`, e.g. `04-filter-ssd`: the Step component's id. */
  id: string;
  source: string;
  solution?: string;
  check?: string;
  /** Text the step's error must contain, from a first line `// expect-error: <text>`. */
  expectError?: string;
}

/** Chapter is one chapter folder that has steps. */
export interface Chapter {
  slug: string;
  steps: ChapterStep[];
  /** Companion files whose step does not exist (a typo in a name). */
  orphans: string[];
}

const STEP_FILE = /^(\d{2}-[a-z0-9-]+)\.ts$/;
const COMPANION_FILE = /^(\d{2}-[a-z0-9-]+)\.(solution|check)\.ts$/;
const EXPECT_ERROR = /^\/\/ expect-error: (.+)$/;

/** chapters lists every chapter with a steps/ folder, in course order. */
export function chapters(): Chapter[] {
  return readdirSync(CHAPTERS_DIR)
    .filter((slug) => /^\d{2}-/.test(slug) && existsSync(join(CHAPTERS_DIR, slug, 'steps')))
    .sort()
    .map((slug) => readChapter(slug));
}

function readChapter(slug: string): Chapter {
  const dir = join(CHAPTERS_DIR, slug, 'steps');
  const files = readdirSync(dir).sort();
  const read = (name: string) => readFileSync(join(dir, name), 'utf8');
  const steps: ChapterStep[] = [];
  for (const file of files) {
    const match = STEP_FILE.exec(file);
    if (!match) continue;
    const source = read(file);
    const step: ChapterStep = { id: match[1], source };
    const expected = EXPECT_ERROR.exec(source.split('\n', 1)[0]);
    if (expected) step.expectError = expected[1].trim();
    if (files.includes(`${match[1]}.solution.ts`)) step.solution = read(`${match[1]}.solution.ts`);
    if (files.includes(`${match[1]}.check.ts`)) step.check = read(`${match[1]}.check.ts`);
    steps.push(step);
  }
  const ids = new Set(steps.map((s) => s.id));
  const orphans = files.filter((file) => {
    const companion = COMPANION_FILE.exec(file);
    return companion ? !ids.has(companion[1]) : !STEP_FILE.test(file);
  });
  return { slug, steps, orphans };
}
