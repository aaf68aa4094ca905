/**
 * Driver turns the callback-driven simulation into promises for step code. A promise-API call
 * schedules its request on the event loop and registers a waiter; one pump (never more) then steps
 * the loop until every waiter is satisfied, its deadline passes, or nothing is left to run.
 *
 * Determinism rules it keeps: the loop is only ever stepped by the pump, which is async and never
 * runs inside a task; each pump starts with a yield to the host; after a step in which a
 * promise-API call settled, the pump yields again, so the reader's continuation (which may send
 * the next request) runs before the next simulated event. Between other steps it does not yield,
 * which keeps long runs fast. Before declaring any wait finished it yields once more and re-checks,
 * so work started by a continuation is never missed.
 */
import type { EventLoop } from '../sim/loop';
import { formatDuration } from './duration';
import { yieldToHost } from './yield';

/** DriveTimeoutError is a drive that could not finish: the virtual-time ceiling passed or nothing was left to run. */
export class DriveTimeoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DriveTimeoutError';
  }
}

/** DEFAULT_CALL_TIMEOUT_MS is how long a request may wait for its answer, in virtual time (60 s). */
export const DEFAULT_CALL_TIMEOUT_MS = 60_000;

interface Waiter {
  label: string;
  /**
   * True once the wait is over (checked after each step). A plain function, never called as a
   * method of the waiter: it may be the reader's own `until`, which then sees no `this`.
   */
  done: () => boolean;
  /** Virtual time at which the wait ends anyway. */
  deadline: number;
  /** What happens at the deadline: a clean finish (run for a duration) or a failure. */
  onDeadline(): void;
  /** What happens when the queue runs dry before done(). */
  onIdle(): void;
  finish(): void;
  fail(error: unknown): void;
  /** The pump's step count when this waiter was registered (steps taken since: for run summaries). */
  firstStep: number;
}

/** WaitOptions describe a wait on a condition (see Driver.wait). */
export interface WaitOptions {
  label: string;
  /**
   * done is true once the wait is over. Its answer is only ever tested for truth and it is called
   * without a `this`, so the reader's `until` (which may answer any value) is passed as it is,
   * without a wrapper call per simulated event.
   */
  done: () => boolean;
  /** Virtual ms from now after which the wait ends. */
  timeoutMs: number;
  /** `resolve`: reaching the deadline is success (run for a duration); `reject`: it is a DriveTimeoutError. */
  atDeadline: 'resolve' | 'reject';
  /** Message of the error when the deadline is hit or the loop runs dry. */
  failure: () => string;
}

export class Driver {
  private readonly waiters = new Set<Waiter>();
  private pumping = false;
  /** Loop steps taken by the pump before its current run of the loop (all of them between runs): see steps. */
  private stepCount = 0;
  /** The loop's tasksRun when the pump's current run began; undefined between runs. */
  private runStartedAt: number | undefined = undefined;
  private settledSinceYield = false;

  constructor(
    private readonly loop: EventLoop,
    private readonly yieldFn: () => Promise<void> = yieldToHost,
  ) {}

  /** busy is true while a drive is in progress (for diagnostics). */
  get busy(): boolean {
    return this.pumping;
  }

  /**
   * call starts a callback-style operation and resolves with the value it settles with. It fails
   * with DriveTimeoutError if no answer arrives within `timeoutMs` of virtual time. `start` may
   * throw synchronously (a bad argument); the promise then rejects with that error.
   */
  call<T>(label: string, start: (settle: (value: T) => void) => void, timeoutMs = DEFAULT_CALL_TIMEOUT_MS): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let answered = false;
      const waiter = this.register({
        label,
        done: () => answered,
        timeoutMs,
        atDeadline: 'reject',
        failure: () => `${label} did not get an answer within ${formatDuration(timeoutMs)} of virtual time`,
        resolve: () => undefined,
        reject,
      });
      try {
        start((value) => {
          if (answered) return;
          answered = true;
          this.waiters.delete(waiter);
          this.noteSettled();
          resolve(value);
        });
      } catch (error) {
        this.waiters.delete(waiter);
        reject(error);
        return;
      }
      this.pump();
    });
  }

  /** wait drives the loop until `done()` or the deadline; resolves with the number of steps taken. */
  wait(options: WaitOptions): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      const waiter = this.register({ ...options, resolve: () => resolve(this.steps() - waiter.firstStep), reject });
      this.pump();
    });
  }

  private register(spec: WaitOptions & { resolve: () => void; reject: (error: unknown) => void }): Waiter {
    const deadline = this.loop.now() + spec.timeoutMs;
    const waiter: Waiter = {
      label: spec.label,
      done: spec.done,
      deadline,
      firstStep: this.steps(),
      finish: () => {
        this.waiters.delete(waiter);
        this.noteSettled();
        spec.resolve();
      },
      fail: (error) => {
        this.waiters.delete(waiter);
        this.noteSettled();
        spec.reject(error);
      },
      onDeadline: () => (spec.atDeadline === 'resolve' ? waiter.finish() : waiter.fail(new DriveTimeoutError(spec.failure()))),
      onIdle: () => (spec.atDeadline === 'resolve' ? waiter.onDeadline() : waiter.fail(new DriveTimeoutError(`${spec.failure()}: the cluster had nothing left to do`))),
    };
    this.waiters.add(waiter);
    // A drive started inside a task may have an earlier deadline than the run in progress: the
    // run stops after that task, so the pump sees it.
    this.stopPumpRun();
    return waiter;
  }

  /** noteSettled records that a promise settled: the pump yields before its next step. */
  private noteSettled(): void {
    this.settledSinceYield = true;
    this.stopPumpRun();
  }

  /**
   * stopPumpRun ends the pump's run of the loop after the task now running (EventLoop.stopRun), if
   * the pump is running the loop: a run someone else started (a cluster booting) is not the
   * driver's to end.
   */
  private stopPumpRun(): void {
    if (this.runStartedAt !== undefined) this.loop.stopRun();
  }

  /** steps is the number of loop steps the pump has taken so far, the task now running excluded. */
  private steps(): number {
    return this.runStartedAt === undefined ? this.stepCount : this.stepCount + this.loop.tasksRun - this.runStartedAt;
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      await this.yieldFn();
      for (;;) {
        if (this.anyDone()) {
          // Let continuations run first: they may have queued work that un-finishes a wait.
          await this.yieldFn();
          for (const waiter of [...this.waiters]) if (isDone(waiter)) waiter.finish();
          continue;
        }
        if (this.waiters.size === 0) {
          await this.yieldFn();
          if (this.waiters.size === 0) break;
          continue;
        }
        let earliest = Number.POSITIVE_INFINITY;
        for (const waiter of this.waiters) if (waiter.deadline < earliest) earliest = waiter.deadline;
        // Run the tasks due by the earliest deadline, one simulated event per iteration, until a
        // waiter is done, a promise settled or the set of waiters changed (a task may start a drive).
        // The waiters stay the same until the loop breaks (a removal settles, an addition stops the
        // run), so they are read into an array once: iterating the Set after every step allocates
        // an iterator and its results, which an interpreter pays for ~28 times a pod.
        const waiting = [...this.waiters];
        // Nearly always one drive (a step's cluster.run): its done() is asked directly.
        const only = waiting.length === 1 ? waiting[0] : undefined;
        // Read out of the waiter, so that it is called without a `this` (see Waiter.done).
        const onlyDone = only?.done;
        // The loop runs the due tasks itself and asks after each whether to stop. A promise that
        // settled before the run stops it after its first task; one that settles (or a drive that
        // starts) inside the run stops it through loop.stopRun (noteSettled, register), so the
        // loop can ask the wait's own condition, with no wrapper called after every task. The
        // steps taken are the loop's tasks run meanwhile (see steps).
        const stop = this.settledSinceYield ? stopAtOnce : (onlyDone ?? (() => anyDone(waiting)));
        this.runStartedAt = this.loop.tasksRun;
        let ran: boolean;
        try {
          ran = this.loop.runDueBy(earliest, stop);
        } finally {
          this.stepCount = this.steps();
          this.runStartedAt = undefined;
        }
        if (ran) {
          if (this.settledSinceYield) {
            this.settledSinceYield = false;
            await this.yieldFn();
          }
          continue;
        }
        if (earliest === Number.POSITIVE_INFINITY) {
          // Nothing is queued and no drive has a deadline.
          await this.yieldFn();
          if (this.loop.nextDueAt() !== undefined || this.anyDone()) continue;
          for (const waiter of [...this.waiters]) waiter.onIdle();
          continue;
        }
        this.loop.advanceTo(earliest);
        for (const waiter of [...this.waiters]) if (waiter.deadline <= this.loop.now() && !isDone(waiter)) waiter.onDeadline();
        await this.yieldFn();
      }
    } catch (error) {
      // A task threw (reader code in a callback, or a bug): every current drive fails with it.
      for (const waiter of [...this.waiters]) waiter.fail(error);
    } finally {
      this.pumping = false;
      this.settledSinceYield = false;
    }
    // A waiter registered while the pump was failing still needs a pump.
    if (this.waiters.size > 0) void this.pump();
  }

  private anyDone(): boolean {
    for (const waiter of this.waiters) if (isDone(waiter)) return true;
    return false;
  }
}

/** stopAtOnce is the pump's stop() for a run that takes one step: a promise settled before it. */
const stopAtOnce = (): boolean => true;

/** isDone asks a waiter's done() as a plain call, without the waiter as its `this` (see Waiter.done). */
function isDone(waiter: Waiter): boolean {
  const done = waiter.done;
  return !!done();
}

/** anyDone tells whether one of `waiters` is done, checked in order without an iterator. */
function anyDone(waiters: readonly Waiter[]): boolean {
  for (let i = 0; i < waiters.length; i++) {
    // Read out first: called without the waiter as its `this`, and no helper call per waiter per step.
    const done = waiters[i].done;
    if (done()) return true;
  }
  return false;
}
