/**
 * Small wording helpers for the output panel, kept DOM-free so they are unit-tested.
 */
import type { SandboxErrorInfo } from '../../../playground/sandbox/errors';

/** plural writes `1 key` / `3 keys`. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** formatDuration writes real time: `840 ms`, `1.2 s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

/** formatVirtualTime writes simulated time: `0 s`, `4.25 s`, `2 min 30 s`. */
export function formatVirtualTime(ms: number): string {
  if (ms < 60_000) return `${Number((ms / 1000).toFixed(2))} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return seconds ? `${minutes} min ${seconds} s` : `${minutes} min`;
}

const ERROR_TITLES: Record<SandboxErrorInfo['kind'], string> = {
  SandboxTimeout: 'Time limit reached',
  SandboxOutOfMemory: 'Out of memory',
  SandboxStackOverflow: 'Stack overflow',
  SandboxCrash: 'The sandbox crashed',
  SandboxStopped: 'Stopped',
  StepSyntaxError: 'Syntax error',
  StepRuntimeError: 'Error',
  StepImportError: 'Import not allowed',
};

/** errorTitle is the heading of an error box: `Syntax error in step 2`. */
export function errorTitle(error: SandboxErrorInfo, stepTitles: readonly string[]): string {
  const title = ERROR_TITLES[error.kind] ?? 'Error';
  if (error.step <= 0) return `${title} while starting the sandbox`;
  return `${title} in ${stepTitles[error.step - 1] ?? `step ${error.step}`}`;
}

/** positionLabel is the text of the "go to" link: `line 3, column 7`. */
export function positionLabel(line: number, column?: number): string {
  return column ? `line ${line}, column ${column}` : `line ${line}`;
}
