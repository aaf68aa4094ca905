/**
 * Exercise checks. A step's check file runs as one more step right after the reader's code, in
 * the same sandbox, so it sees the reader's top-level variables (steps are global scripts). It
 * calls `check(description, predicate)` once per expectation; a one-line prelude defines `check`
 * and prints each verdict as a marked console line, which the page turns into a checklist.
 *
 * Why console lines: they are the only channel out of the sandbox besides the cluster, and the
 * marker (an invisible separator no reader types) keeps them apart from the reader's own output.
 */
import type { ConsoleLine } from '../../../playground/sandbox/protocol';

/** CHECK_MARKER starts a verdict line: U+2063 INVISIBLE SEPARATOR, then "check ". */
export const CHECK_MARKER = '\u2063check ';

/** CheckResult is one expectation's verdict. */
export interface CheckResult {
  description: string;
  passed: boolean;
  /** Why it failed: the predicate returned false, or what it threw. */
  message?: string;
}

/**
 * CHECK_PRELUDE defines the global `check`. It is a single line so the check file keeps its line
 * numbers in error messages. A predicate passes when it returns (or resolves to) anything but
 * `false`, and fails when it returns false or throws.
 */
export const CHECK_PRELUDE =
  'globalThis.check = async (description, predicate) => { let passed = false, message; ' +
  'try { const value = await predicate(); passed = value !== false; if (!passed) message = "expected it to hold, but it did not"; } ' +
  'catch (error) { message = error instanceof Error ? error.message : String(error); } ' +
  `console.log(${JSON.stringify(CHECK_MARKER)} + JSON.stringify({ description: String(description), passed, message })); return passed; };`;

/** checkStepSource is the source to run after the reader's step: the prelude, then the check file. */
export function checkStepSource(checkFile: string): string {
  return `${CHECK_PRELUDE} ${checkFile}`;
}

/** splitCheckOutput separates verdict lines from the rest of the console output. */
export function splitCheckOutput(lines: readonly ConsoleLine[]): { results: CheckResult[]; console: ConsoleLine[] } {
  const results: CheckResult[] = [];
  const console: ConsoleLine[] = [];
  for (const line of lines) {
    if (!line.text.startsWith(CHECK_MARKER)) {
      console.push(line);
      continue;
    }
    try {
      const parsed = JSON.parse(line.text.slice(CHECK_MARKER.length)) as Partial<CheckResult>;
      const result: CheckResult = { description: String(parsed.description), passed: parsed.passed === true };
      if (typeof parsed.message === 'string') result.message = parsed.message;
      results.push(result);
    } catch {
      console.push(line);
    }
  }
  return { results, console };
}
