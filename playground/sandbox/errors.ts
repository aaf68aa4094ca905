/**
 * The ways a run can fail, as named classes. The runner throws (and catches) these on the host
 * side; what crosses to the page is their JSON form, SandboxErrorInfo, built by toErrorInfo().
 */

/** SandboxErrorKind names the class of a failure; the page picks an icon and wording from it. */
export type SandboxErrorKind =
  | 'SandboxTimeout'
  | 'SandboxOutOfMemory'
  | 'SandboxStackOverflow'
  | 'SandboxCrash'
  | 'SandboxStopped'
  | 'StepSyntaxError'
  | 'StepRuntimeError'
  | 'StepImportError';

/** SandboxErrorInfo is the JSON form of a failure, with positions in the reader's TypeScript. */
export interface SandboxErrorInfo {
  kind: SandboxErrorKind;
  /** 1-based step the failure happened in (0 when it happened before any step ran). */
  step: number;
  /** 1-based line in that step's TypeScript source, when known. */
  line?: number;
  /** 1-based column in that step's TypeScript source, when known. */
  column?: number;
  /** Plain-language message, ready to show. */
  message: string;
  /** Stack with frames mapped to step files and TypeScript lines ("at f (step 2:3:7)"). */
  stack: string;
}

/** Position is where in a step's TypeScript source something happened. */
export interface StepPosition {
  step: number;
  line?: number;
  column?: number;
}

/** SandboxError is the base of every run failure; `kind` equals the class name. */
export abstract class SandboxError extends Error {
  abstract readonly kind: SandboxErrorKind;
  readonly step: number;
  readonly line?: number;
  readonly column?: number;
  readonly guestStack: string;

  constructor(message: string, where: StepPosition, guestStack = '') {
    super(message);
    this.step = where.step;
    this.line = where.line;
    this.column = where.column;
    this.guestStack = guestStack;
  }

  /** toErrorInfo returns the JSON form that crosses to the page. */
  toErrorInfo(): SandboxErrorInfo {
    const info: SandboxErrorInfo = { kind: this.kind, step: this.step, message: this.message, stack: this.guestStack };
    if (this.line !== undefined) info.line = this.line;
    if (this.column !== undefined) info.column = this.column;
    return info;
  }
}

/** SandboxTimeout: a step used up its time limit (an endless loop, a catastrophic regex…). */
export class SandboxTimeout extends SandboxError {
  readonly kind = 'SandboxTimeout';
  override readonly name = 'SandboxTimeout';
  constructor(where: StepPosition, limitMs: number, stack = '') {
    super(
      `${stepLabel(where.step)} ran for more than ${formatSeconds(limitMs)} of CPU time and was stopped. Is there an infinite loop?`,
      where,
      stack,
    );
  }
}

/** SandboxOutOfMemory: the sandbox's fixed-size memory ran out. */
export class SandboxOutOfMemory extends SandboxError {
  readonly kind = 'SandboxOutOfMemory';
  override readonly name = 'SandboxOutOfMemory';
  constructor(where: StepPosition, limitMb: number, stack = '') {
    super(
      `${stepLabel(where.step)} ran out of memory (the sandbox has ${limitMb} MB) and was stopped. ` +
        'Is something growing without end, such as an array, a string or a map?',
      where,
      stack,
    );
  }
}

/** SandboxStackOverflow: recursion went deeper than the sandbox's stack allows. */
export class SandboxStackOverflow extends SandboxError {
  readonly kind = 'SandboxStackOverflow';
  override readonly name = 'SandboxStackOverflow';
  constructor(where: StepPosition, stack = '') {
    super(
      `Maximum call stack size exceeded in ${stepLabel(where.step).toLowerCase()}. Is a function calling itself without end?`,
      where,
      stack,
    );
  }
}

/** SandboxCrash: the sandbox itself failed (never the reader's fault); the next run gets a new one. */
export class SandboxCrash extends SandboxError {
  readonly kind = 'SandboxCrash';
  override readonly name = 'SandboxCrash';
  constructor(where: StepPosition, detail: string) {
    super(`The sandbox stopped unexpectedly (${detail}). Run again to start a fresh one.`, where);
  }
}

/** SandboxStopped: the reader pressed Stop; the worker was ended and will be replaced. */
export class SandboxStopped extends SandboxError {
  readonly kind = 'SandboxStopped';
  override readonly name = 'SandboxStopped';
  constructor(where: StepPosition) {
    super('The run was stopped.', where);
  }
}

/** StepSyntaxError: the step's TypeScript could not be parsed. */
export class StepSyntaxError extends SandboxError {
  readonly kind = 'StepSyntaxError';
  override readonly name = 'StepSyntaxError';
}

/** StepRuntimeError: the step threw (or rejected) while running. */
export class StepRuntimeError extends SandboxError {
  readonly kind = 'StepRuntimeError';
  override readonly name = 'StepRuntimeError';
}

/** StepImportError: the step imported something other than "kube". */
export class StepImportError extends SandboxError {
  readonly kind = 'StepImportError';
  override readonly name = 'StepImportError';
}

/** importErrorMessage is the one wording used for a forbidden import, inside and outside the sandbox. */
export function importErrorMessage(specifier: string): string {
  return `Cannot import "${specifier}": steps can only import "kube"`;
}

/**
 * withEarlierStepContext rewrites a failure of an earlier step so the reader knows why the step
 * they ran did not: "step 2 failed, so step 4 could not run: …".
 */
export function withEarlierStepContext(info: SandboxErrorInfo, lastStep: number): SandboxErrorInfo {
  if (info.step === 0 || info.step >= lastStep) return info;
  return { ...info, message: `Step ${info.step} failed, so step ${lastStep} could not run: ${info.message}` };
}

function stepLabel(step: number): string {
  return step > 0 ? `Step ${step}` : 'Setting up the sandbox';
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}
