/**
 * The runner: one RunRequest in, one RunResult out, in a FRESH sandbox every time. The same code
 * runs in Node (tests, in-process) and in the page's Web Worker (worker.ts).
 *
 * How steps run: each step is an async global script (QuickJS's JS_EVAL_FLAG_ASYNC) in the same
 * context, evaluated in order under the file name `step-N.ts`. Global scripts share one top-level
 * scope, so a step's declarations are visible to the steps after it, top-level await works, and
 * each step keeps its own line numbers without offset bookkeeping. Imports become `require`
 * (transpile.ts). Steps before the last run silently; if one fails, the run stops there and says so.
 */
import type { GuestSession, Settlement } from './bridge';
import type { KubeBundle } from './bundle';
import { classifySettlement, stepFileName, type StepFiles } from './classify';
import { SandboxCrash, SandboxOutOfMemory, SandboxStackOverflow, SandboxTimeout, StepSyntaxError, withEarlierStepContext } from './errors';
import type { SandboxError } from './errors';
import { OutputCollector } from './output';
import { resolveLimits, type EtcdKeyValue, type ResolvedLimits, type RunLimits, type RunProgress, type RunRequest, type RunResult } from './protocol';
import { PreparedSandbox } from './prepared';
import { newQuickJSInstance, type QuickJSInstance, type WasmCompiler } from './quickjs';
import { storedText, unpackRunCollection, type RawEtcdKey, type RunCollection } from './run-registry';
import { isTranspileFailure, transpileStep, type TranspiledStep } from './transpile';

/** RunnerOptions says where the runner gets its two prebuilt inputs. */
export interface RunnerOptions {
  /** Compiles the QuickJS wasm; called once per runner (then the WebAssembly.Module is reused). */
  compileWasm: WasmCompiler;
  /** Returns the prelude and "kube" bundle (bundle.ts in Node, the Vite virtual module in the page). */
  loadBundle: () => Promise<KubeBundle>;
}

/** RunnerStats counts how runs ended for the sandbox itself; tests use it to prove nothing leaks. */
export interface RunnerStats {
  runs: number;
  /** Sandboxes freed with dispose(), which QuickJS refuses (aborts) if any object leaked. */
  disposedCleanly: number;
  /** Sandboxes dropped without dispose() after out-of-memory or a host-side error. */
  discarded: number;
  /** dispose() failures: a leak or a bug in the bridge. Must stay 0. */
  disposeFailures: number;
  /** Message of the last dispose() failure, for diagnosis. */
  lastDisposeError?: string;
  /** Runs that started in a sandbox made ahead of time by prepare(). */
  preparedRuns: number;
}

/** SandboxRunner runs requests one after another. */
export interface SandboxRunner {
  run(request: RunRequest, onProgress?: (progress: RunProgress) => void): Promise<RunResult>;
  /**
   * prepare makes the NEXT run's sandbox ahead of time (a new QuickJS instance in its own bounded
   * memory, with the prelude and "kube" evaluated) so that run skips that work. The sandbox is
   * still fresh: no reader code has touched it, and it serves exactly one run. A run whose limits
   * need a different sandbox drops it and makes its own.
   */
  prepare(limits?: RunLimits): Promise<void>;
  stats(): RunnerStats;
}

/** Time allowed for collecting results after a step failed or timed out. */
const COLLECT_AFTER_FAILURE_MS = 500;

/** createRunner returns a runner; the wasm and bundle are loaded on the first run (or prepare). */
export function createRunner(options: RunnerOptions): SandboxRunner {
  const stats: RunnerStats = { runs: 0, disposedCleanly: 0, discarded: 0, disposeFailures: 0, preparedRuns: 0 };
  let bundle: Promise<KubeBundle> | undefined;
  /** The sandbox made ahead of time for the next run, if any (at most one exists). */
  let prepared: Promise<PreparedSandbox> | undefined;
  /**
   * Freeing the last run's sandbox, put off until the runner is next used (stats, prepare, run):
   * the worker posts the result first and frees the sandbox while the page draws it.
   */
  let pendingRelease: (() => void) | undefined;
  const flushRelease = () => {
    const release = pendingRelease;
    pendingRelease = undefined;
    release?.();
  };

  const makeSandbox = async (limits: ResolvedLimits): Promise<PreparedSandbox> => {
    if (!bundle) {
      bundle = options.loadBundle();
      bundle.catch(() => (bundle = undefined));
    }
    const [guestCode, instance] = await Promise.all([bundle, newQuickJSInstance(options.compileWasm, limits.memoryLimitMb)]);
    return PreparedSandbox.open(instance, guestCode, limits);
  };

  /** takeSandbox hands out the prepared sandbox when it fits these limits, else a new one. */
  const takeSandbox = async (limits: ResolvedLimits): Promise<PreparedSandbox> => {
    const ahead = prepared;
    prepared = undefined;
    const sandbox = await ahead?.catch(() => undefined);
    if (sandbox?.fits(limits)) {
      stats.preparedRuns++;
      return sandbox;
    }
    if (sandbox) noteDisposal(sandbox.dispose(), false);
    return makeSandbox(limits);
  };

  const noteDisposal = (disposal: Disposal, countRun: boolean) => {
    if (disposal === 'discarded') {
      if (countRun) stats.discarded++;
    } else if (disposal === 'clean') {
      if (countRun) stats.disposedCleanly++;
    } else {
      stats.disposeFailures++;
      stats.lastDisposeError = disposal.failed;
    }
  };

  return {
    stats: () => {
      flushRelease();
      return { ...stats };
    },
    async prepare(requested) {
      flushRelease();
      const limits = resolveLimits(requested);
      const ahead = prepared;
      const current = await ahead?.catch(() => undefined);
      // Meanwhile a run may have taken it, or another prepare() replaced it: theirs now.
      if (prepared !== ahead || current?.fits(limits)) return;
      if (current) noteDisposal(current.dispose(), false);
      const next = makeSandbox(limits);
      prepared = next;
      await next;
    },
    async run(request, onProgress = () => {}) {
      const startedAt = performance.now();
      flushRelease();
      stats.runs++;
      const limits = resolveLimits(request.limits);
      const lastStep = request.steps.length;
      const steps: TranspiledStep[] = [];
      for (const [index, step] of request.steps.entries()) {
        const transpiled = transpileStep(step.source, stepFileName(index + 1));
        if (isTranspileFailure(transpiled)) {
          const error = new StepSyntaxError(`SyntaxError: ${transpiled.message}`, { step: index + 1, line: transpiled.line, column: transpiled.column });
          return emptyResult(startedAt, withEarlierStepContext(error.toErrorInfo(), lastStep));
        }
        steps.push(transpiled);
      }
      onProgress({ phase: 'loading' });
      const sandbox = await takeSandbox(limits);
      const run = new Run(sandbox, limits, steps);
      const outcome = run.execute(onProgress);
      pendingRelease = () => noteDisposal(run.release(), true);
      const error = outcome.error ? withEarlierStepContext(outcome.error.toErrorInfo(), lastStep) : undefined;
      const collection = outcome.collection;
      const result: RunResult = {
        ok: !error,
        consoleLines: outcome.consoleLines,
        trace: collection?.trace ?? [],
        traceStartOfLastStep: collection?.traceStartOfLastStep ?? 0,
        etcdKeys: (collection?.etcdKeys ?? []).map(toEtcdKeyValue),
        durationMs: Math.round((performance.now() - startedAt) * 10) / 10,
        virtualTimeMs: collection?.virtualTimeMs ?? 0,
        memoryMb: Math.round(sandbox.instance.memory.buffer.byteLength / 2 ** 20),
      };
      if (error) result.error = error;
      return result;
    },
  };
}

interface RunOutcome {
  error?: SandboxError;
  consoleLines: RunResult['consoleLines'];
  collection?: RunCollection;
}

/** Disposal is how a sandbox was freed: disposed, dropped (broken or stopped mid-run), or failed. */
type Disposal = 'clean' | 'discarded' | { failed: string };

/** Run is one execution: it owns the session and decides whether it may be disposed. */
class Run {
  private readonly output = new OutputCollector();
  private readonly session?: GuestSession;
  private readonly instance: QuickJSInstance;
  /** Set when the guest must not run any more code (out of memory, host-side error). */
  private broken = false;
  /** Set when the instance must be dropped rather than disposed (broken, or stopped mid-run). */
  private dropInsteadOfDispose = false;

  constructor(
    private readonly sandbox: PreparedSandbox,
    private readonly limits: ResolvedLimits,
    private readonly steps: StepFiles,
  ) {
    this.instance = sandbox.instance;
    this.session = sandbox.attach((level, text) => this.output.write(level, text));
  }

  execute(onProgress: (progress: RunProgress) => void): RunOutcome {
    let collection: RunCollection | undefined;
    let error = this.guarded(0, () => this.sandbox.setUp());
    for (let step = 1; !error && step <= this.steps.length; step++) {
      onProgress({ phase: 'running', step, of: this.steps.length });
      this.output.startStep(step);
      const isLast = step === this.steps.length;
      if (isLast) error = this.guarded(step, () => this.session!.callRunHook('markLastStep', this.deadline()));
      // No settling afterwards: the trace and keys show exactly what the steps did, so a step that
      // advances virtual time stage by stage (`cluster.run({ for: '3ms' })`) shows just that stage.
      error ??= this.guarded(step, () => this.session!.runStep(this.steps[step - 1].code, stepFileName(step), this.deadline()));
    }
    if (!this.broken && this.session) {
      onProgress({ phase: 'collecting' });
      collection = this.collect(error ? COLLECT_AFTER_FAILURE_MS : this.limits.timeLimitMs);
    }
    return { error, consoleLines: this.output.current(), collection };
  }

  private deadline(): number {
    return Date.now() + this.limits.timeLimitMs;
  }

  /**
   * guarded runs one bridge call and classifies its result. A host-side exception (our stack
   * overflowing inside wasm, an emscripten abort) marks the instance broken.
   */
  private guarded(step: number, call: () => Settlement): SandboxError | undefined {
    try {
      const settlement = call();
      const error = classifySettlement(settlement, {
        step,
        steps: this.steps,
        timeLimitMs: this.limits.timeLimitMs,
        memoryLimitMb: this.limits.memoryLimitMb,
        allocationFailed: this.session?.allocationFailed() ?? false,
      });
      // Out of memory: QuickJS may be mid-allocation. Timed out: the interrupted code can leave
      // queued jobs and suspended async functions that JS_FreeRuntime does not fully release
      // (observed: an endless promise chain stopped by the deadline aborts on dispose with
      // "list_empty(&rt->gc_obj_list)"). Either way the per-run instance is simply dropped.
      if (error instanceof SandboxOutOfMemory) this.broken = true;
      if (error instanceof SandboxTimeout) this.dropInsteadOfDispose = true;
      return error;
    } catch (hostError) {
      this.broken = true;
      if (hostError instanceof RangeError && /call stack/i.test(hostError.message)) return new SandboxStackOverflow({ step });
      if (this.instance.allocationFailures() > 0 || this.instance.memory.buffer.byteLength >= this.instance.maxBytes * 0.9) return new SandboxOutOfMemory({ step }, this.limits.memoryLimitMb);
      return new SandboxCrash({ step }, hostError instanceof Error ? hostError.message.replace(/\. Build with -sASSERTIONS.*$/, '') : String(hostError));
    }
  }

  private collect(budgetMs: number): RunCollection | undefined {
    try {
      const result = this.session!.callRunHook('collect', Date.now() + budgetMs);
      if (result.outcome !== 'fulfilled' || !result.text) return undefined;
      return unpackRunCollection(result.text);
    } catch {
      this.broken = true;
      return undefined;
    }
  }

  /** release frees the sandbox once the run's results are out (the runner calls it). */
  release(): Disposal {
    if (this.broken || this.dropInsteadOfDispose || !this.session) return 'discarded';
    try {
      this.session.dispose();
      return 'clean';
    } catch (error) {
      return { failed: error instanceof Error ? error.message : String(error) };
    }
  }
}

/** toEtcdKeyValue keeps the stored text as it is: the page renders the few values a reader opens. */
function toEtcdKeyValue(raw: RawEtcdKey): EtcdKeyValue {
  return { key: raw.key, createRevision: raw.createRevision, modRevision: raw.modRevision, version: raw.version, stored: storedText(raw.value) };
}

function emptyResult(startedAt: number, error: RunResult['error']): RunResult {
  return {
    ok: false,
    consoleLines: [],
    error,
    trace: [],
    traceStartOfLastStep: 0,
    etcdKeys: [],
    durationMs: Math.round((performance.now() - startedAt) * 10) / 10,
    virtualTimeMs: 0,
  };
}

