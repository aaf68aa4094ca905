import { TaskQueue } from './task-queue';

/**
 * EventLoop is the simulation's only source of time and ordering: a virtual clock plus a queue of
 * tasks ordered by due time, then by insertion. Nothing in the control plane uses real timers, so
 * the same inputs always produce the same sequence of events, in Node and in QuickJS alike.
 */
export interface ScheduledTask {
  /** Virtual time (ms since the cluster started) when the task runs. */
  readonly at: number;
  /** Insertion number; breaks ties between tasks due at the same time. */
  readonly seq: number;
  /** Short description, kept for debugging and for "what is still pending" messages. */
  readonly label: string;
  /** Set by cancel(); a cancelled task is skipped when it comes up. */
  cancelled: boolean;
  /**
   * Background tasks (lease renewals, periodic status reports, resyncs) keep a cluster alive but do
   * not count as work in progress: runUntilQuiet stops when only background tasks are left.
   */
  readonly background: boolean;
  /** Set when the task leaves the queue (ran, or dropped after being cancelled). */
  done: boolean;
  /** What runs. */
  readonly run: () => void;
}

/** The largest finite delay (Number.MAX_VALUE): schedule refuses anything above it. */
const LARGEST_DELAY = Number.MAX_VALUE;

/** EventLoop runs synchronous tasks in virtual-time order. */
export class EventLoop {
  private clockMs = 0;
  /** Tasks ordered by (at, seq). */
  private readonly heap = new TaskQueue<unknown>();
  private running = false;
  /** Live (not cancelled, not yet run) foreground tasks in the queue. */
  private foregroundPending = 0;
  /** Tasks run so far (see tasksRun). */
  private tasksRunSoFar = 0;
  /** Set by stopRun: the runDueBy in progress returns after the task now running. */
  private stopRequested = false;

  /** now returns the current virtual time in milliseconds. */
  now(): number {
    return this.clockMs;
  }

  /** schedule queues `run` to execute after `delayMs` of virtual time (0 = after tasks already due now). */
  schedule(delayMs: number, label: string, run: () => void, options?: { background?: boolean }): ScheduledTask {
    // Number.isFinite spelled out (a call per task is what an interpreter feels): NaN, negative and
    // infinite delays, and non-numbers, are refused.
    if (typeof delayMs !== 'number' || !(delayMs >= 0 && delayMs <= LARGEST_DELAY)) {
      throw new RangeError(`schedule(${label}): delay must be a finite number >= 0, got ${delayMs}`);
    }
    const background = options?.background === true;
    // The queue's insertion number is the seq: posted tasks are numbered too, as they always were.
    const task: ScheduledTask = { at: this.clockMs + delayMs, seq: this.heap.pushed, label, cancelled: false, background, done: false, run };
    if (!background) this.foregroundPending++;
    this.heap.push(task.at, runTask as (arg: unknown) => void, task);
    return task;
  }

  /**
   * post queues `run(arg)` like schedule queues `run()`, for a task nobody cancels (a message on the
   * wire, a reply): a foreground task that is never handed out as a ScheduledTask, so none is built.
   * A hot path (every network hop) passes one module-level function and the object it works on
   * instead of a fresh closure per task, which an interpreter pays for in allocations. The label
   * names the task at the call site only; nothing reads it back.
   */
  post<A>(delayMs: number, label: string, run: (arg: A) => void, arg: A): void {
    // A whole number of ms below 2^32 (every modelled hop: 1 ms on the wire, 2 or 3 for the
    // server's answer) is the only kind of value that `>>> 0` leaves unchanged, and is a valid delay:
    // one test per post, whichever latencies alternate. Anything else gets schedule's full check.
    if (delayMs >>> 0 !== delayMs && (typeof delayMs !== 'number' || !(delayMs >= 0 && delayMs <= LARGEST_DELAY))) {
      throw new RangeError(`schedule(${label}): delay must be a finite number >= 0, got ${delayMs}`);
    }
    this.foregroundPending++;
    this.heap.push(this.clockMs + delayMs, run as (arg: unknown) => void, arg);
  }

  /** cancel stops a scheduled task from running; cancelling twice or after it ran is harmless. */
  cancel(task: ScheduledTask | undefined): void {
    if (!task || task.cancelled) return;
    task.cancelled = true;
    if (!task.background && !task.done) this.foregroundPending--;
  }

  /** hasForegroundWork is true while any non-background task is waiting to run. */
  hasForegroundWork(): boolean {
    return this.foregroundPending > 0;
  }

  /** tasksRun counts the tasks run so far (cancelled ones are dropped, not run): a driver counts its steps with it. */
  get tasksRun(): number {
    return this.tasksRunSoFar;
  }

  /**
   * stopRun makes the runDueBy in progress return after the task now running, without asking its
   * stop(): for a driver whose own state changes inside a task (a promise settled, a drive
   * started), so that its stop() can be the reader's condition itself rather than a wrapper called
   * after every task. Only the code that called runDueBy may ask it (runUntil and advanceTo do not
   * expect it); between runs it does nothing, as each runDueBy starts afresh.
   */
  stopRun(): void {
    this.stopRequested = true;
  }

  /** pending counts the tasks still queued (cancelled ones included until they come up). */
  get pending(): number {
    return this.heap.size;
  }

  /** nextDueAt is the virtual time of the next live task, or undefined when the queue is empty. */
  nextDueAt(): number | undefined {
    this.dropCancelledHead();
    return this.heap.peekAt();
  }

  /**
   * step runs the next task, advancing the clock to its due time, and returns false when nothing is
   * left. Tasks must not call step() themselves: a task is one atomic event.
   */
  step(): boolean {
    return this.stepDueBy(Number.POSITIVE_INFINITY);
  }

  /**
   * stepDueBy runs the next task if one is due at or before `limitMs` and returns whether it ran:
   * step and nextDueAt in one call, for drivers that run one task per iteration.
   */
  stepDueBy(limitMs: number): boolean {
    return this.runDueBy(limitMs, stopAfterOne);
  }

  /**
   * runDueBy runs the tasks due at or before `limitMs` one after another, advancing the clock to
   * each one's time, and asks `stop()` after each whether to stop there (unless the task called
   * stopRun, which stops it without asking); it returns whether any ran. stop() runs between tasks
   * (inTask is false): a driver that asks the same question after every task (a wait done?) runs a
   * whole batch in one call, which an interpreter feels at hundreds of thousands of tasks. Tasks
   * must not step the loop themselves.
   */
  runDueBy(limitMs: number, stop: () => boolean): boolean {
    if (this.running) throw new Error('EventLoop.step() called from inside a task; tasks are atomic events');
    this.stopRequested = false;
    const heap = this.heap;
    let ran = false;
    for (;;) {
      // The entries of the first instant due, taken here one after another: one queue call per
      // instant (dozens of hops each in a busy cluster), not one per task.
      const bucket = heap.dueHead(limitMs);
      if (bucket === undefined) {
        // Nothing due: cancelled tasks past the limit go now, as nextDueAt would drop them.
        this.dropCancelledHead();
        return ran;
      }
      const at = heap.peekAt()!;
      const entries = bucket.entries;
      // Read again after every task: one may add entries due now (a delay of 0) or drop cancelled
      // ones at the head (nextDueAt). Once the last is taken the bucket leaves the queue, and
      // what is queued for now after that goes to a new bucket, which the next round finds.
      while (bucket.next < entries.length) {
        const next = bucket.next;
        let run = entries[next] as (arg: unknown) => void;
        let arg = entries[next + 1];
        // Cleared at once: the queue holds nothing of a task that has left it.
        entries[next] = entries[next + 1] = undefined;
        bucket.next = next + 2;
        if (next + 2 === entries.length) heap.dropHead();
        // An if and an else, so that a posted task (nearly every one) takes a single test.
        if (run === runTask) {
          const task = arg as ScheduledTask;
          task.done = true;
          // Dropped; the next task due runs in its place.
          if (task.cancelled) continue;
          if (!task.background) this.foregroundPending--;
          run = task.run as (arg: unknown) => void;
          arg = undefined;
        } else {
          // A posted task: foreground, never cancelled.
          this.foregroundPending--;
        }
        // No queued task is due before now (each is queued at now + a delay >= 0, and the clock
        // only moves to the earliest due time or to a limit nothing queued is due by), so the
        // clock moves to the task's time without a test.
        this.clockMs = at;
        this.running = true;
        // A catch rather than a finally: the same effect, without the finally's subroutine per task.
        try {
          run(arg);
          this.running = false;
        } catch (error) {
          this.running = false;
          throw error;
        }
        this.tasksRunSoFar++;
        ran = true;
        if (this.stopRequested || stop()) return true;
      }
    }
  }

  /**
   * runUntil steps until `done()` is true, the queue is empty, or the next task is due after
   * `deadlineMs`; in the last case the clock moves to the deadline. Returns the number of tasks run.
   */
  runUntil(done: () => boolean, deadlineMs = Number.POSITIVE_INFINITY, maxTasks = Number.POSITIVE_INFINITY): number {
    if (done() || !(maxTasks > 0)) return 0;
    let ran = 0;
    // Asked after each task, as a loop around stepDueBy would: done() first, then the task limit.
    let stopped = false;
    this.runDueBy(deadlineMs, () => {
      ran++;
      return (stopped = done() || ran >= maxTasks);
    });
    if (!stopped && this.nextDueAt() !== undefined) this.clockMs = Math.max(this.clockMs, deadlineMs);
    return ran;
  }

  /**
   * runUntilQuiet runs tasks until only background tasks are left, or until `deadlineMs`.
   * Returns the number of tasks run.
   */
  runUntilQuiet(deadlineMs = Number.POSITIVE_INFINITY, maxTasks = Number.POSITIVE_INFINITY): number {
    return this.runUntil(() => !this.hasForegroundWork(), deadlineMs, maxTasks);
  }

  /** advanceTo runs every task due up to `timeMs`, then sets the clock to `timeMs`. */
  advanceTo(timeMs: number): number {
    const ran = this.runUntil(() => false, timeMs);
    this.clockMs = Math.max(this.clockMs, timeMs);
    return ran;
  }

  /** inTask is true while a task is running (used to refuse re-entrant synchronous driving). */
  get inTask(): boolean {
    return this.running;
  }

  private dropCancelledHead(): void {
    const heap = this.heap;
    while (heap.peekRun() === runTask && (heap.peekArg() as ScheduledTask).cancelled) {
      heap.popDueBy(Number.POSITIVE_INFINITY);
      (heap.poppedArg as ScheduledTask).done = true;
      heap.poppedArg = undefined;
    }
  }
}

/** stopAfterOne is stepDueBy's stop(): one task at a time. */
const stopAfterOne = (): boolean => true;

/**
 * runTask marks a queue entry whose argument is a ScheduledTask: the loop sees it, does the task's
 * bookkeeping (cancelled, background, done) and calls the task's own run. Called directly it
 * simply runs the task.
 */
function runTask(task: ScheduledTask): void {
  task.run();
}
