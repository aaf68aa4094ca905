/**
 * GuestSession is the bridge: the one place that holds QuickJS handles. Everything it returns is
 * plain data (strings, booleans, JSON-parsed descriptions); every handle it makes is owned by its
 * Scope or disposed on the spot, so dispose() frees the runtime completely. QuickJS itself checks
 * that: freeing a runtime with a live object aborts, which the runner counts and tests assert on.
 *
 * Host-side exceptions thrown from here (the host stack overflowing inside wasm, an emscripten
 * abort, a wasm trap) mean the instance is broken: the caller must drop it WITHOUT dispose(), which
 * would abort again (upstream quickjs-emscripten #257, #269).
 */
import { EvalFlags, Scope, type QuickJSContext, type QuickJSHandle, type QuickJSRuntime } from 'quickjs-emscripten-core';
import { importErrorMessage } from './errors';
import type { GuestErrorDescription } from './guest/prelude';
import type { QuickJSInstance } from './quickjs';

/** QuickJS's JS_EVAL_FLAG_ASYNC: top-level await in a global script (not in EvalFlags' typings). */
const JS_EVAL_FLAG_ASYNC = 1 << 7;
/** Jobs run per executePendingJobs call, so the host can check the deadline between batches. */
const JOB_BATCH = 512;
/** Extra time given to describe a value after a deadline passed (to read the stopped code's stack). */
const DESCRIBE_GRACE_MS = 100;

/** Settlement is how an evaluation ended. */
export type Settlement =
  | { outcome: 'fulfilled' }
  /** Threw or rejected; `error` is null when the value could not be described (broken guest). */
  | { outcome: 'threw'; phase: 'parse' | 'run' | 'unhandled'; error: GuestErrorDescription | null }
  | { outcome: 'timeout'; error: GuestErrorDescription | null }
  /** Nothing left to run, yet the top-level promise is still pending. */
  | { outcome: 'stalled' }
  /** An allocation failed, even if the guest caught the error QuickJS threw for it. */
  | { outcome: 'outOfMemory' };

/** GuestSessionOptions configures a session. */
export interface GuestSessionOptions {
  stackLimitBytes: number;
  /** The guest prelude script (bundle.ts). */
  prelude: string;
  /** The "kube" ES module (bundle.ts). */
  kube: string;
  /** Receives each console line; returning false stops the guest console until the next step. */
  write(level: string, text: string): boolean;
}

/** GuestSession is one sandbox: a QuickJS runtime and context with the prelude and kube loaded. */
export class GuestSession {
  private readonly scope = new Scope();
  private deadline = Number.POSITIVE_INFINITY;
  private control!: QuickJSHandle;
  private readonly context: QuickJSContext;

  private constructor(
    private readonly instance: QuickJSInstance,
    private readonly runtime: QuickJSRuntime,
  ) {
    this.scope.manage(runtime);
    this.context = this.scope.manage(runtime.newContext());
  }

  /** open creates the runtime and context with limits and the host console function installed. */
  static open(instance: QuickJSInstance, options: GuestSessionOptions): GuestSession {
    const runtime = instance.module.newRuntime();
    const session = new GuestSession(instance, runtime);
    runtime.setMaxStackSize(options.stackLimitBytes);
    runtime.setInterruptHandler(() => Date.now() > session.deadline);
    runtime.setModuleLoader((name) => (name === 'kube' ? options.kube : { error: new Error(importErrorMessage(name)) }));
    const context = session.context;
    const write = context.newFunction('__kubeHostWrite', (level, text) =>
      options.write(context.getString(level), context.getString(text)) ? context.true : context.false,
    );
    context.setProp(context.global, '__kubeHostWrite', write);
    write.dispose();
    return session;
  }

  /** loadGuestCode evaluates the prelude, then imports "kube" and hands it to the prelude. */
  loadGuestCode(prelude: string, deadline: number): Settlement {
    this.deadline = deadline;
    const preludeResult = this.context.evalCode(prelude, 'sandbox-prelude.js', { type: 'global', strict: true });
    if (preludeResult.error) return this.failure(preludeResult.error, 'run');
    preludeResult.value.dispose();
    this.control = this.scope.manage(this.context.getProp(this.context.global, '__kubeSandbox'));
    const loader = this.context.evalCode('import * as kube from "kube";\n__kubeSandbox.adoptKube(kube);\n', 'kube-loader.js', {
      type: 'module',
    });
    if (loader.error) return this.failure(loader.error, 'run');
    return this.settle(loader.value);
  }

  /** runStep evaluates one step as an async global script and drives it until it settles. */
  runStep(code: string, fileName: string, deadline: number): Settlement {
    this.deadline = deadline;
    if (this.callControl('reopenConsole') === null) return this.guestCallFailed();
    const flags = EvalFlags.JS_EVAL_TYPE_GLOBAL | EvalFlags.JS_EVAL_FLAG_STRICT | JS_EVAL_FLAG_ASYNC;
    const result = this.context.evalCode(code, fileName, flags);
    if (result.error) return this.failure(result.error, 'parse');
    return this.settle(result.value);
  }

  /** runHook calls `__kubeRun[method]()` (run-registry.ts) if the bundle installed it. */
  callRunHook(method: 'markLastStep' | 'collect', deadline: number): Settlement & { text?: string } {
    this.deadline = deadline;
    const hook = this.context.getProp(this.context.global, '__kubeRun');
    try {
      if (this.context.typeof(hook) !== 'object') return { outcome: 'fulfilled', text: method === 'collect' ? '' : undefined };
      const result = this.context.callMethod(hook, method);
      if (result.error) return this.failure(result.error, 'run');
      if (method === 'collect') {
        const text = this.context.getString(result.value);
        result.value.dispose();
        return { outcome: 'fulfilled', text };
      }
      return this.settle(result.value);
    } finally {
      hook.dispose();
    }
  }

  /** allocationFailed is true once any allocation of this sandbox found no memory left. */
  allocationFailed(): boolean {
    return this.instance.allocationFailures() > 0;
  }

  /** dispose frees every handle, the context and the runtime (throws if QuickJS finds a leak). */
  dispose(): void {
    this.runtime.removeInterruptHandler();
    this.scope.dispose();
  }

  /** settle drives `promise` (consumed) and then all remaining jobs and yields. */
  private settle(promise: QuickJSHandle): Settlement {
    let settlement: Settlement;
    try {
      settlement = this.drive(promise);
    } finally {
      promise.dispose();
    }
    // Whatever the guest made of a failed allocation, the run ran out of memory; a thrown
    // "out of memory" is kept as it is, for its stack.
    const threwOutOfMemory = settlement.outcome === 'threw' && settlement.error?.name === 'InternalError' && settlement.error.message === 'out of memory';
    if (this.allocationFailed() && !threwOutOfMemory) return { outcome: 'outOfMemory' };
    if (settlement.outcome !== 'fulfilled') return settlement;
    const unhandled = this.callControl('takeUnhandled');
    if (unhandled === null) return this.guestCallFailed();
    return unhandled ? { outcome: 'threw', phase: 'unhandled', error: JSON.parse(unhandled) } : settlement;
  }

  /**
   * drive runs promise jobs until `promise` settles and nothing is left to run: drain the job
   * queue, and when it is empty resume the oldest `__kubeYield()` waiter, then drain again.
   */
  private drive(promise: QuickJSHandle): Settlement {
    for (;;) {
      const jobs = this.runtime.executePendingJobs(JOB_BATCH);
      if (jobs.error) return this.failure(jobs.error, 'run');
      // A chain of jobs that ran out of memory rejects its promises and goes on (or stops) as if
      // nothing happened; the sandbox's memory is exhausted all the same.
      if (this.allocationFailed()) return { outcome: 'outOfMemory' };
      const state = jobs.value > 0 ? undefined : this.context.getPromiseState(promise);
      // A rejection caused by the interrupt is classified (with its stack) by failure().
      if (state?.type === 'rejected') return this.failure(state.error, 'run');
      if (state?.type === 'fulfilled' && !state.notAPromise) state.value.dispose();
      if (Date.now() > this.deadline) return { outcome: 'timeout', error: null };
      if (!state) continue;
      // Resume a waiting __kubeYield(); when the promise has settled this lets floating work
      // (un-awaited calls, background loops) finish before the step counts as done.
      const resumed = this.callControl('resumeOldestYield');
      if (resumed === null) return this.guestCallFailed();
      if (resumed === 'true') continue;
      return state.type === 'fulfilled' ? { outcome: 'fulfilled' } : { outcome: 'stalled' };
    }
  }

  /** failure turns a thrown guest value (consumed) into a Settlement. */
  private failure(errorHandle: QuickJSHandle, phase: 'parse' | 'run'): Settlement {
    try {
      const timedOut = Date.now() > this.deadline;
      if (timedOut) this.deadline = Date.now() + DESCRIBE_GRACE_MS;
      const error = this.describe(errorHandle);
      if (timedOut || (error?.name === 'InternalError' && error.message === 'interrupted')) return { outcome: 'timeout', error };
      return { outcome: 'threw', phase, error };
    } finally {
      errorHandle.dispose();
    }
  }

  private describe(value: QuickJSHandle): GuestErrorDescription | null {
    // A guest that ran out of memory cannot be trusted to run the describing code. (Memory that
    // merely grew near its maximum is no sign: it never shrinks, even once the guest freed it.)
    if (this.allocationFailed() || !this.control) return null;
    const result = this.context.callMethod(this.control, 'describe', [value]);
    if (result.error) {
      result.error.dispose();
      return null;
    }
    const json = this.context.getString(result.value);
    result.value.dispose();
    return JSON.parse(json) as GuestErrorDescription;
  }

  /** guestCallFailed explains why the prelude's own code could not run: out of time or memory. */
  private guestCallFailed(): Settlement {
    if (Date.now() > this.deadline) return { outcome: 'timeout', error: null };
    return { outcome: 'threw', phase: 'run', error: null };
  }

  /**
   * callControl calls a no-argument `__kubeSandbox` method and returns its result as a string;
   * null when it threw (interrupted after the deadline, or no memory left to run it).
   */
  private callControl(method: 'reopenConsole' | 'resumeOldestYield' | 'takeUnhandled'): string | null {
    const result = this.context.callMethod(this.control, method);
    if (result.error) {
      result.error.dispose();
      return null;
    }
    const text = this.context.typeof(result.value) === 'string' ? this.context.getString(result.value) : String(this.context.dump(result.value));
    result.value.dispose();
    return text;
  }
}
