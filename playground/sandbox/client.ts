/**
 * createSandboxClient is what the page uses to run steps: it owns the sandbox Web Worker, gets it
 * on the first run from `createWorker` (the page passes the worker it started when the reader
 * showed intent, src/scripts/step/worker-boot.ts), and guarantees an answer: if the worker does not reply within the run's time budget plus a margin, or the reader
 * presses Stop, the worker is terminated and a new one serves the next run.
 */
import { SandboxStopped, SandboxTimeout } from './errors';
import { resolveLimits, runTimeBudgetMs, type RunProgress, type RunRequest, type RunResult, type WorkerReply, type WorkerRequest } from './protocol';

/** WorkerLike is the part of Worker the client uses (tests pass a fake). */
export interface WorkerLike {
  postMessage(message: WorkerRequest): void;
  terminate(): void;
  onmessage: ((event: MessageEvent<WorkerReply>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
}

/** SandboxClientOptions tunes the client; the defaults are for the page. */
export interface SandboxClientOptions {
  /** Makes (or hands over an already started) worker. Default: a new module worker from worker.ts. */
  createWorker?: () => WorkerLike;
  /** Added to the run's own time budget before the worker is ended. Default 3,000 ms. */
  backstopMarginMs?: number;
  /** Time allowed to download and start QuickJS before the first step. Default 20,000 ms. */
  loadingBudgetMs?: number;
}

/** RunOptions are per-run callbacks. */
export interface RunOptions {
  onProgress?: (progress: RunProgress) => void;
}

/** SandboxClient runs requests in the worker; one run at a time (a new run stops the previous one). */
export interface SandboxClient {
  run(request: RunRequest, options?: RunOptions): Promise<RunResult>;
  /** stop ends the current run (its promise resolves with a SandboxStopped error). */
  stop(): void;
}

interface ActiveRun {
  id: number;
  request: RunRequest;
  step: number;
  timer: ReturnType<typeof setTimeout> | undefined;
  startedAt: number;
  options: RunOptions;
  resolve(result: RunResult): void;
}

function defaultWorker(): WorkerLike {
  return new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' }) as unknown as WorkerLike;
}

/** createSandboxClient returns a client; no worker exists until the first run. */
export function createSandboxClient(clientOptions: SandboxClientOptions = {}): SandboxClient {
  const createWorker = clientOptions.createWorker ?? defaultWorker;
  const margin = clientOptions.backstopMarginMs ?? 3_000;
  const loadingBudget = clientOptions.loadingBudgetMs ?? 20_000;
  let worker: WorkerLike | undefined;
  let active: ActiveRun | undefined;
  let nextId = 1;

  const finish = (run: ActiveRun, result: RunResult) => {
    clearTimeout(run.timer);
    if (active === run) active = undefined;
    run.resolve(result);
  };

  /** endWorker terminates the worker; the next run makes a fresh one. */
  const endWorker = () => {
    worker?.terminate();
    worker = undefined;
  };

  const failRun = (run: ActiveRun, error: RunResult['error']) => {
    endWorker();
    finish(run, {
      ok: false,
      consoleLines: [],
      error,
      trace: [],
      traceStartOfLastStep: 0,
      etcdKeys: [],
      durationMs: Date.now() - run.startedAt,
      virtualTimeMs: 0,
    });
  };

  const armBackstop = (run: ActiveRun, budgetMs: number) => {
    clearTimeout(run.timer);
    run.timer = setTimeout(() => {
      const { timeLimitMs } = resolveLimits(run.request.limits);
      const error = new SandboxTimeout({ step: run.step }, timeLimitMs).toErrorInfo();
      error.message = `The run did not stop in time and was ended (each step may run for ${timeLimitMs / 1000} s). Run again to start a fresh sandbox.`;
      failRun(run, error);
    }, budgetMs);
  };

  const ensureWorker = (): WorkerLike => {
    if (worker) return worker;
    const created = createWorker();
    created.onmessage = (event) => {
      const reply = event.data;
      const run = active;
      if (!run || reply.id !== run.id) return;
      if (reply.type === 'progress') {
        if (reply.progress.phase === 'running') {
          // The clock of the backstop starts when QuickJS is loaded and the first step begins.
          if (run.step === 0) armBackstop(run, runTimeBudgetMs(run.request) + margin);
          run.step = reply.progress.step;
        }
        run.options.onProgress?.(reply.progress);
      } else if (reply.type === 'result') {
        finish(run, reply.result);
      } else {
        failRun(run, { kind: 'SandboxCrash', step: run.step, message: `The sandbox could not run the step (${reply.message}). Run again to retry.`, stack: '' });
      }
    };
    created.onerror = (event) => {
      if (active) failRun(active, { kind: 'SandboxCrash', step: active.step, message: `The sandbox failed to start (${event.message || 'worker error'}). Run again to retry.`, stack: '' });
      else endWorker();
    };
    worker = created;
    return created;
  };

  const stop = () => {
    if (!active) return;
    failRun(active, new SandboxStopped({ step: active.step }).toErrorInfo());
  };

  return {
    stop,
    run(request, options = {}) {
      stop();
      return new Promise<RunResult>((resolve) => {
        const run: ActiveRun = { id: nextId++, request, step: 0, timer: undefined, startedAt: Date.now(), options, resolve };
        active = run;
        armBackstop(run, loadingBudget + runTimeBudgetMs(request) + margin);
        ensureWorker().postMessage({ id: run.id, request });
      });
    },
  };
}
