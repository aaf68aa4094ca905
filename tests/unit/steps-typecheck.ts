/**
 * Type-checks every runnable step the way the reader's editor sees it, with one tsc process for
 * the whole course. The editor (src/scripts/step/monaco-editor.ts) checks a step as a module,
 * with lib es2022, strict, the "kube" declarations, the sandbox's console, and the earlier steps
 * of its chapter given as globals by earlierStepsLib. Here each step file gets its own copy in a
 * temporary project, and its earlier steps become a sibling module:
 *
 *   ch05/03-node-down.ts          the step, unchanged, plus one appended line:
 *                                 declare var cluster: typeof import("./03-node-down.earlier").cluster;
 *   ch05/03-node-down.earlier.ts  earlierStepsLib(steps 1..2) without its `declare global` block
 *
 * Why module-scoped `declare var` instead of the editor's `declare global`: every step is in the
 * same program, and each step sees a different set of earlier steps; a global per step would
 * clash. A `declare var` is hoisted and assignable like the editor's global var, and appending it
 * keeps every line of the step where it was, so tsc's line numbers are the step file's.
 *
 * What each file sees (the same as on the page and in chapters.test.ts):
 *   step N (starter)   starters 1..N-1
 *   solution N         starters 1..N-1 (the reader pastes it over the starter)
 *   check N            starters 1..N-1 and solution N, plus `check(description, predicate)`
 */
import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { earlierStepsLib, topLevelNames } from '../../src/scripts/step/earlier-steps';

const run = promisify(execFile);

/** ROOT is the repository root. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** StepSource is one file to check: its path from the root, its text, and the earlier steps it sees. */
export interface StepSource {
  /** Path from the repository root, e.g. `content/chapters/05-…/steps/04-filter-ssd.check.ts`. */
  path: string;
  source: string;
  /** Sources whose top-level names the file may use, in run order. */
  earlier: string[];
  /** Whether the file is an exercise check, which may call the global `check`. */
  isCheck: boolean;
}

/** StepChapter is a folder of steps run in file order: a chapter's steps/ or content/intro. */
export interface StepChapter {
  /** Directory from the repository root. */
  dir: string;
  /** File names of the steps, `NN-name.ts`, sorted. */
  steps: string[];
  /** Every file in the folder, by name. */
  files: Map<string, string>;
}

/** StepDiagnostic is one tsc error in a step file, at the step file's own line and column. */
export interface StepDiagnostic {
  path: string;
  line: number;
  column: number;
  code: string;
  message: string;
}

const STEP_FILE = /^\d{2}-[a-z0-9-]+\.ts$/;

/** readStepChapter reads a folder of steps and their exercise companions. */
export async function readStepChapter(dir: string): Promise<StepChapter> {
  const names = (await readdir(join(ROOT, dir))).filter((name) => name.endsWith('.ts')).sort();
  const files = new Map<string, string>();
  for (const name of names) files.set(name, await readFile(join(ROOT, dir, name), 'utf8'));
  return { dir, steps: names.filter((name) => STEP_FILE.test(name)), files };
}

/** courseStepChapters lists content/intro and every content/chapters/NN-slug/steps folder. */
export async function courseStepChapters(): Promise<StepChapter[]> {
  const dirs = ['content/intro'];
  for (const slug of (await readdir(join(ROOT, 'content/chapters'))).sort()) {
    const steps = join('content/chapters', slug, 'steps');
    if (/^\d{2}-/.test(slug) && (await readdir(join(ROOT, steps)).catch(() => null))) dirs.push(steps);
  }
  return Promise.all(dirs.map(readStepChapter));
}

/** stepSources lists every file of a chapter to check: each step, solution and check. */
export function stepSources(chapter: StepChapter): StepSource[] {
  const out: StepSource[] = [];
  const starters = chapter.steps.map((name) => chapter.files.get(name)!);
  chapter.steps.forEach((name, index) => {
    const earlier = starters.slice(0, index);
    const base = name.slice(0, -'.ts'.length);
    const at = (file: string) => join(chapter.dir, file);
    out.push({ path: at(name), source: starters[index], earlier, isCheck: false });
    const solution = chapter.files.get(`${base}.solution.ts`);
    if (solution !== undefined) out.push({ path: at(`${base}.solution.ts`), source: solution, earlier, isCheck: false });
    const check = chapter.files.get(`${base}.check.ts`);
    if (check !== undefined) {
      out.push({ path: at(`${base}.check.ts`), source: check, earlier: [...earlier, solution ?? starters[index]], isCheck: true });
    }
  });
  return out;
}

/**
 * sandboxGlobals is the editor's SANDBOX_GLOBALS declaration (the sandbox's console), read from
 * monaco-editor.ts so this check never drifts from what the reader's editor declares. That module
 * imports Monaco and cannot load in Node, hence reading its text.
 */
export async function sandboxGlobals(): Promise<string> {
  const editor = await readFile(join(ROOT, 'src/scripts/step/monaco-editor.ts'), 'utf8');
  const match = /const SANDBOX_GLOBALS = `([^`]*)`;/.exec(editor);
  if (!match) throw new Error('steps type-check: SANDBOX_GLOBALS not found in src/scripts/step/monaco-editor.ts');
  return match[1];
}

/** CHECK_DECLARATION types the `check` that CHECK_PRELUDE (src/scripts/step/check.ts) defines. */
const CHECK_DECLARATION = 'declare function check(description: string, predicate: () => unknown): Promise<boolean>;';

/** earlierModule is earlierStepsLib's module without its `declare global` block (see the file comment). */
function earlierModule(sources: readonly string[]): string {
  const lib = earlierStepsLib(sources);
  const cut = lib.lastIndexOf('\ndeclare global {');
  if (cut < 0) throw new Error('steps type-check: earlierStepsLib no longer ends with a `declare global` block');
  return lib.slice(0, cut);
}

/** appendedLine declares the earlier steps' names the file does not declare itself, and `check`. */
function appendedLine(file: StepSource, earlierFile: string): string {
  const own = new Set(topLevelNames(file.source));
  const names = new Set(file.earlier.flatMap((source) => topLevelNames(source)).filter((name) => !own.has(name)));
  const parts = [...names].map((name) => `declare var ${name}: typeof import("./${earlierFile}").${name};`);
  if (file.isCheck) parts.push(CHECK_DECLARATION);
  return parts.join(' ');
}

/**
 * typecheckSteps writes one temporary tsconfig project holding every file, runs the project's tsc
 * once, and returns the errors inside the step files, keyed by the step file's path from the root.
 * Errors in the earlier-steps modules and in playground/cluster are left out: the former are
 * reported where those steps are checked themselves, the latter belong to the project's own tsc run.
 */
export async function typecheckSteps(files: readonly StepSource[]): Promise<StepDiagnostic[]> {
  const dir = await mkdtemp(join(tmpdir(), 'steps-typecheck-'));
  try {
    const byCopy = new Map<string, StepSource>();
    const copies: string[] = ['sandbox-globals.d.ts'];
    await writeFile(join(dir, 'sandbox-globals.d.ts'), await sandboxGlobals());
    for (const [index, file] of files.entries()) {
      const folder = `f${String(index).padStart(3, '0')}`;
      await mkdir(join(dir, folder));
      const name = file.path.split('/').pop()!.slice(0, -'.ts'.length);
      const earlierFile = `${name}.earlier`;
      const copy = `${folder}/${name}.ts`;
      await writeFile(join(dir, folder, `${earlierFile}.ts`), earlierModule(file.earlier));
      // A line break first, so a last line without one stays a line of its own.
      await writeFile(join(dir, copy), `${file.source}\n${appendedLine(file, earlierFile)}\n`);
      byCopy.set(copy, file);
      copies.push(copy);
    }
    const tsconfig = {
      compilerOptions: {
        target: 'ESNext',
        module: 'ESNext',
        moduleResolution: 'Bundler',
        lib: ['es2022'],
        types: [],
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        moduleDetection: 'force',
        paths: { kube: [join(ROOT, 'playground/cluster/index.ts')] },
      },
      files: copies,
    };
    await writeFile(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
    const tsc = join(ROOT, 'node_modules', '.bin', 'tsc');
    let output = '';
    try {
      const result = await run(tsc, ['-p', 'tsconfig.json', '--pretty', 'false'], { cwd: dir, maxBuffer: 64 * 1024 * 1024 });
      output = result.stdout;
    } catch (error) {
      const failed = error as { stdout?: string; stderr?: string; code?: unknown };
      // tsc exits 1 or 2 with diagnostics on stdout; anything else is a broken toolchain.
      if (typeof failed.stdout !== 'string' || (failed.code !== 1 && failed.code !== 2)) throw error;
      output = failed.stdout;
      if (!output.trim()) throw new Error(`steps type-check: tsc failed without diagnostics\n${failed.stderr ?? ''}`);
    }
    return parseDiagnostics(output, byCopy);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** parseDiagnostics maps tsc's `file(line,col): error TSn: message` lines back to the step files. */
function parseDiagnostics(output: string, byCopy: ReadonlyMap<string, StepSource>): StepDiagnostic[] {
  const found: StepDiagnostic[] = [];
  let last: StepDiagnostic | undefined;
  for (const line of output.split('\n')) {
    const match = /^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/.exec(line);
    if (!match) {
      // Continuation lines (an error's elaboration) are indented under the error they explain.
      if (last && /^\s+\S/.test(line)) last.message += `\n${line.trimEnd()}`;
      else last = undefined;
      continue;
    }
    const file = byCopy.get(match[1].replaceAll('\\', '/'));
    last = undefined;
    if (!file) continue;
    last = { path: file.path, line: Number(match[2]), column: Number(match[3]), code: match[4], message: match[5] };
    // Past the step's last line is the appended declarations line: a name the step declares in a
    // way topLevelNames does not see, or an earlier step's name that is not a value.
    if (last.line > file.source.split('\n').length) last.message += ' (in the earlier steps\' names that steps-typecheck.ts declares after the step)';
    found.push(last);
  }
  return found;
}

/** formatDiagnostic prints one error the way editors link it: `path:line:column TSn message`. */
export function formatDiagnostic(diagnostic: StepDiagnostic): string {
  return `${diagnostic.path}:${diagnostic.line}:${diagnostic.column} ${diagnostic.code} ${diagnostic.message}`;
}

