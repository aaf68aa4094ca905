/**
 * classifySettlement turns how a step ended (bridge.ts) into a named SandboxError with positions
 * in the reader's TypeScript, and mapStack rewrites QuickJS stacks to step lines.
 */
import type { Settlement } from './bridge';
import {
  SandboxCrash,
  SandboxOutOfMemory,
  SandboxStackOverflow,
  SandboxTimeout,
  StepImportError,
  StepRuntimeError,
  StepSyntaxError,
  type SandboxError,
  type StepPosition,
} from './errors';
import type { GuestErrorDescription } from './guest/prelude';
import type { TranspiledStep } from './transpile';

/** StepFiles knows each step's transpiled code, to map positions; index 0 is step 1. */
export type StepFiles = readonly TranspiledStep[];

/** stepFileName is the file name a step is evaluated under (and how stacks name it). */
export function stepFileName(step: number): string {
  return `step-${step}.ts`;
}

/** Frames kept in a mapped stack; a recursion bomb would otherwise list hundreds. */
const MAX_FRAMES = 20;
const FRAME = /^\s*at (?:(.*?) \()?([^()\s]+?):(\d+)(?::(\d+))?\)?\s*$/;

/** MappedStack is a stack rewritten to TypeScript positions, plus its first step frame. */
export interface MappedStack {
  stack: string;
  top?: StepPosition;
  /** Name of the function of the top step frame; undefined for a step's top-level code. */
  topFunction?: string;
}

/**
 * mapStack rewrites "at f (step-2.ts:3:9)" frames to TypeScript lines and columns, shows frames of
 * the control plane as "at f (kube)" (it is minified: its positions mean nothing to the reader) and
 * drops the sandbox's own frames.
 */
export function mapStack(stack: string, steps: StepFiles): MappedStack {
  let top: StepPosition | undefined;
  let topFunction: string | undefined;
  const lines: string[] = [];
  for (const raw of stack.split('\n')) {
    if (raw.trim() === '') continue;
    const frame = FRAME.exec(raw);
    if (!frame) {
      if (/\(native\)\s*$/.test(raw)) lines.push(raw.trimEnd());
      continue;
    }
    const [, fn, file, lineText, columnText] = frame;
    const stepMatch = /^step-(\d+)\.ts$/.exec(file);
    if (stepMatch) {
      const step = Number(stepMatch[1]);
      const mapper = steps[step - 1];
      const generated = { line: Number(lineText), column: columnText ? Number(columnText) : 1 };
      const source = mapper ? mapper.toSource(generated.line, generated.column) : generated;
      const named = fn && fn !== '<eval>' ? fn : undefined;
      if (!top) {
        top = { step, line: source.line, column: source.column };
        topFunction = named;
      }
      const where = `${file}:${source.line}:${source.column}`;
      lines.push(`    at ${named ? `${named} (${where})` : where}`);
    } else if (file === 'kube') {
      lines.push(`    at ${fn ?? '<anonymous>'} (kube)`);
    }
  }
  if (lines.length > MAX_FRAMES) {
    const hidden = lines.length - MAX_FRAMES;
    lines.splice(MAX_FRAMES, hidden, `    … ${hidden} more frame${hidden > 1 ? 's' : ''}`);
  }
  return { stack: lines.join('\n'), top, topFunction };
}

/** ClassifyContext is what classification needs besides the settlement. */
export interface ClassifyContext {
  step: number;
  steps: StepFiles;
  timeLimitMs: number;
  memoryLimitMb: number;
  /** An allocation of this sandbox failed (GuestSession.allocationFailed). */
  allocationFailed: boolean;
}

/** classifySettlement returns the error for a failed settlement (undefined when it succeeded). */
export function classifySettlement(settlement: Settlement, context: ClassifyContext): SandboxError | undefined {
  const { step } = context;
  switch (settlement.outcome) {
    case 'fulfilled':
      return undefined;
    case 'stalled':
      return new StepRuntimeError(
        `${step > 0 ? `Step ${step}` : 'The sandbox setup'} is still waiting on a promise that never settles (nothing else is left to run). ` +
          'Is an `await` waiting for something that never happens?',
        { step },
      );
    case 'timeout': {
      const mapped: MappedStack = settlement.error ? mapStack(settlement.error.stack, context.steps) : { stack: '' };
      // QuickJS stamps an interrupted frame with the START of its function, not the looping line:
      // inside a function that still says where to look; for top-level code it would say "line 1".
      const where = mapped.top && mapped.topFunction ? mapped.top : { step: mapped.top?.step ?? step };
      return new SandboxTimeout(where, context.timeLimitMs, mapped.stack);
    }
    case 'outOfMemory':
      return new SandboxOutOfMemory({ step }, context.memoryLimitMb);
    case 'threw':
      return classifyThrown(settlement.error, settlement.phase, context);
  }
}

function classifyThrown(error: GuestErrorDescription | null, phase: 'parse' | 'run' | 'unhandled', context: ClassifyContext): SandboxError {
  const { step } = context;
  if (error === null) {
    // The guest could not even describe what it threw: in practice, memory ran out.
    if (context.allocationFailed) return new SandboxOutOfMemory({ step }, context.memoryLimitMb);
    return new SandboxCrash({ step }, 'the error could not be read');
  }
  const mapped = mapStack(error.stack, context.steps);
  const where: StepPosition = mapped.top ?? { step };
  const isInternal = error.isError && error.name === 'InternalError';
  if ((isInternal && error.message === 'out of memory') || (!error.isError && context.allocationFailed && error.text === 'null')) {
    return new SandboxOutOfMemory(where, context.memoryLimitMb, mapped.stack);
  }
  if (isInternal && error.message === 'stack overflow') return new SandboxStackOverflow(where, mapped.stack);
  if (error.isError && error.name === 'ImportError') return new StepImportError(error.message, where, mapped.stack);
  if (phase === 'parse' && error.isError && error.name === 'SyntaxError') {
    return new StepSyntaxError(`SyntaxError: ${friendlySyntaxMessage(error.message)}`, where, mapped.stack);
  }
  const what = error.isError ? (error.message ? `${error.name}: ${error.message}` : error.name) : `Uncaught ${error.text}`;
  const message = phase === 'unhandled' ? `Unhandled promise rejection: ${what}` : what;
  return new StepRuntimeError(message, where, mapped.stack);
}

/** friendlySyntaxMessage explains QuickJS wordings a reader hits because steps share one scope. */
function friendlySyntaxMessage(message: string): string {
  if (/^redeclaration of /.test(message) || /^invalid redefinition of/.test(message)) return `${message} (an earlier step already declares this name; steps share their top-level names)`;
  return message;
}
