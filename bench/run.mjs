#!/usr/bin/env node
// Runs every benchmark suite in bench/suites/*.mjs, prints a table and merges the figures into
// bench/results.json (a flat object of named numbers that later suites extend).
//
// A suite is a module that exports:
//   export async function run(context) {
//     return { 'cluster.pods_per_s': 1234, notes: ['optional', 'lines'] };
//   }
// Every numeric value is a figure (name it <suite>.<what>_<unit>); `notes` (a string or an array
// of strings) is printed under the table. `context` is described by BenchContext below.
//
// Usage: npm run bench [-- --only page,cluster]
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const benchDir = dirname(fileURLToPath(import.meta.url));
const rootDir = resolve(benchDir, '..');
const resultsPath = join(benchDir, 'results.json');

/**
 * @typedef {object} BenchContext
 * @property {string} rootDir    absolute path of the repository
 * @property {string} distDir    absolute path of the built site (dist/)
 * @property {string[]} args     command-line arguments after `--`
 * @property {(message: string) => void} log  progress output (stderr), kept out of the table
 */

/**
 * splitSuiteResult separates a suite's return value into numeric figures and notes, and
 * rejects anything else so a typo in a suite is loud.
 * @param {string} suite
 * @param {Record<string, unknown>} result
 * @returns {{ figures: Record<string, number>, notes: string[] }}
 */
export function splitSuiteResult(suite, result) {
  if (!result || typeof result !== 'object') throw new Error(`suite ${suite} returned ${typeof result}, expected an object`);
  const figures = {};
  let notes = [];
  for (const [name, value] of Object.entries(result)) {
    if (name === 'notes') {
      notes = Array.isArray(value) ? value.map(String) : [String(value)];
    } else if (typeof value === 'number' && Number.isFinite(value)) {
      figures[name] = value;
    } else {
      throw new Error(`suite ${suite}: figure "${name}" is ${JSON.stringify(value)}, expected a finite number`);
    }
  }
  return { figures, notes };
}

function parseOnly(args) {
  const index = args.indexOf('--only');
  if (index < 0) return undefined;
  return new Set((args[index + 1] ?? '').split(',').filter(Boolean));
}

async function main() {
  const args = process.argv.slice(2);
  const only = parseOnly(args);
  const suiteFiles = (await readdir(join(benchDir, 'suites'))).filter((file) => file.endsWith('.mjs')).sort();
  /** @type {BenchContext} */
  const context = { rootDir, distDir: join(rootDir, 'dist'), args, log: (message) => console.error(`  ${message}`) };

  const previous = await readFile(resultsPath, 'utf8').then(JSON.parse, () => ({}));
  const merged = { ...previous };
  const rows = [];
  const allNotes = [];
  let failed = false;

  for (const file of suiteFiles) {
    const suite = file.replace(/\.mjs$/, '');
    if (only && !only.has(suite)) continue;
    console.error(`[bench] ${suite}`);
    const started = performance.now();
    try {
      const module = await import(pathToFileURL(join(benchDir, 'suites', file)).href);
      if (typeof module.run !== 'function') throw new Error(`bench/suites/${file} does not export run(context)`);
      const { figures, notes } = splitSuiteResult(suite, await module.run(context));
      for (const [name, value] of Object.entries(figures)) {
        merged[name] = value;
        rows.push({ figure: name, value, suite });
      }
      for (const note of notes) allNotes.push(`${suite}: ${note}`);
      console.error(`[bench] ${suite} done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    } catch (error) {
      failed = true;
      console.error(`[bench] ${suite} FAILED: ${error instanceof Error ? error.stack : error}`);
    }
  }

  const sorted = Object.fromEntries(Object.entries(merged).sort(([a], [b]) => a.localeCompare(b)));
  await writeFile(resultsPath, `${JSON.stringify(sorted, null, 2)}\n`);

  const nameWidth = Math.max(6, ...rows.map((row) => row.figure.length));
  const valueWidth = Math.max(5, ...rows.map((row) => String(row.value).length));
  console.log(`${'figure'.padEnd(nameWidth)}  ${'value'.padStart(valueWidth)}  suite`);
  console.log(`${'-'.repeat(nameWidth)}  ${'-'.repeat(valueWidth)}  -----`);
  for (const row of rows) console.log(`${row.figure.padEnd(nameWidth)}  ${String(row.value).padStart(valueWidth)}  ${row.suite}`);
  if (allNotes.length > 0) console.log(`\n${allNotes.map((note) => `- ${note}`).join('\n')}`);
  console.log(`\nwrote ${resultsPath}`);
  if (failed) process.exitCode = 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
