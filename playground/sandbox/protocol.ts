/**
 * The JSON shapes that cross between the page, the sandbox worker and the runner. Everything here
 * is plain data (no functions, no class instances), so it survives postMessage and JSON.stringify.
 */
import type { SandboxErrorInfo } from './errors';

/** StepSource is one runnable step: the reader's (possibly edited) TypeScript text. */
export interface StepSource {
  /** TypeScript source of the step. */
  source: string;
  /** Optional label used in messages instead of "step N" (e.g. the step's title). Not used yet. */
  title?: string;
}

/** RunLimits bounds one run; each field is clamped to its ceiling. */
export interface RunLimits {
  /** CPU (wall-clock, measured in the sandbox) time per step in ms. Default 2,000, ceiling 10,000. */
  timeLimitMs?: number;
  /** Size of the sandbox's WebAssembly memory in MB. Default 64, ceiling 1,024 (only for steps that ask). */
  memoryLimitMb?: number;
  /** QuickJS stack limit in bytes. Default 128 KB: below Chromium workers' own stack (STACK-NOTES). */
  stackLimitBytes?: number;
}

/** RunRequest asks for steps 1..N to run, in order, in one fresh sandbox; step N is the last one. */
export interface RunRequest {
  steps: StepSource[];
  limits?: RunLimits;
}

/** ConsoleLevel is the console method a line came from (`dir` and `table` count as log). */
export type ConsoleLevel = 'log' | 'info' | 'warn' | 'error' | 'debug';

/** ConsoleLine is one console call, already formatted to text inside the sandbox. */
export interface ConsoleLine {
  level: ConsoleLevel;
  text: string;
  /** 1-based step that printed it. */
  step: number;
}

/**
 * EtcdKeyValue is one key of the final etcd keyspace with the value as etcd stores it. The page
 * renders a value as YAML (storedValueYaml) only when the reader opens it: a big run leaves tens
 * of thousands of keys, and rendering them all would hold up every result for rows never shown.
 */
export interface EtcdKeyValue {
  key: string;
  createRevision: number;
  modRevision: number;
  version: number;
  /** The stored bytes as text: JSON for Kubernetes objects. */
  stored: string;
}

/** RunResult is everything a run produced; `ok` is false when `error` is set. */
export interface RunResult {
  ok: boolean;
  /** Console output of the last step (and of an earlier step that failed), capped in size. */
  consoleLines: ConsoleLine[];
  error?: SandboxErrorInfo;
  /** Trace entries of every cluster created during the run, in creation order (plain JSON). */
  trace: unknown[];
  /** Index into `trace` of the first entry recorded while the last step ran. */
  traceStartOfLastStep: number;
  /** Final keyspace of the most recently created cluster, sorted by key. */
  etcdKeys: EtcdKeyValue[];
  /** Real time the run took, in ms (sandbox creation included). */
  durationMs: number;
  /** Virtual time reached by the most advanced cluster, in ms. */
  virtualTimeMs: number;
  /** Size the sandbox's memory had grown to by the end (its peak: it never shrinks), in MB. */
  memoryMb?: number;
}

/** RunProgress tells the page what the sandbox is doing, for a spinner label. */
export type RunProgress =
  | { phase: 'loading' }
  | { phase: 'running'; step: number; of: number }
  | { phase: 'collecting' };

/** Defaults and ceilings of RunLimits. */
export const DEFAULT_TIME_LIMIT_MS = 2_000;
export const MAX_TIME_LIMIT_MS = 10_000;
export const DEFAULT_MEMORY_LIMIT_MB = 64;
/**
 * MAX_MEMORY_LIMIT_MB is what a step may ask for. The memory's maximum only reserves address space:
 * pages are committed as the guest's heap grows, so a step pays for what it uses, and a device that
 * cannot give that much refuses the growth, which the run reports as running out of memory. The
 * largest bench scenario (1,000 nodes, 10,000 pods) grows it to about 820 MB: 610 MB by the last
 * step, the rest while the run's etcd keys are collected.
 */
export const MAX_MEMORY_LIMIT_MB = 1_024;
export const DEFAULT_STACK_LIMIT_BYTES = 128 * 1024;
/** Console caps: past either, one final "… output truncated" line is added. */
export const MAX_CONSOLE_LINES = 2_000;
export const MAX_CONSOLE_BYTES = 200 * 1024;

/** ResolvedLimits is RunLimits with defaults applied and ceilings enforced. */
export interface ResolvedLimits {
  timeLimitMs: number;
  memoryLimitMb: number;
  stackLimitBytes: number;
}

/** resolveLimits applies defaults and clamps every limit to its ceiling (and to a sane floor). */
export function resolveLimits(limits: RunLimits | undefined): ResolvedLimits {
  const clamp = (value: number | undefined, fallback: number, min: number, max: number) =>
    Math.min(max, Math.max(min, Number.isFinite(value) ? (value as number) : fallback));
  return {
    timeLimitMs: clamp(limits?.timeLimitMs, DEFAULT_TIME_LIMIT_MS, 50, MAX_TIME_LIMIT_MS),
    // 16 MB is what the QuickJS build starts with; less cannot even instantiate it.
    memoryLimitMb: Math.round(clamp(limits?.memoryLimitMb, DEFAULT_MEMORY_LIMIT_MB, 16, MAX_MEMORY_LIMIT_MB)),
    stackLimitBytes: clamp(limits?.stackLimitBytes, DEFAULT_STACK_LIMIT_BYTES, 32 * 1024, 256 * 1024),
  };
}

/**
 * runTimeBudgetMs is the most time a run can legitimately take once QuickJS is loaded: every step
 * gets its time limit, and so do setup and the final settle/collect. The page adds a margin.
 */
export function runTimeBudgetMs(request: RunRequest): number {
  const { timeLimitMs } = resolveLimits(request.limits);
  return (request.steps.length + 2) * timeLimitMs;
}

/** WorkerRequest is what the page posts to the sandbox worker. */
export interface WorkerRequest {
  id: number;
  request: RunRequest;
}

/** WorkerReply is what the sandbox worker posts back: progress, then one result or failure. */
export type WorkerReply =
  | { id: number; type: 'progress'; progress: RunProgress }
  | { id: number; type: 'result'; result: RunResult }
  /** The worker itself failed (a bug, or QuickJS could not load); `message` says why. */
  | { id: number; type: 'failure'; message: string };
