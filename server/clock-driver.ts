/**
 * RealTimeDriver makes the simulation's virtual clock follow the wall clock, for the local API
 * endpoint only (playground/cluster never touches real timers). A Node timer wakes at the next
 * task's due time (or after `maxSleepMs`), advances the loop to "virtual start + wall time
 * elapsed" and runs every task due by then; kick() wakes it at once after a request arrives, so
 * an answer leaves as soon as its modelled etcd time has passed on the wall clock.
 */
import type { EventLoop } from '../playground/cluster/sim/loop';

/** RealTimeDriverOptions tune the driver; the defaults suit the CLI. */
export interface RealTimeDriverOptions {
  /** Wall clock in ms (default Date.now; tests pass a fake). */
  wallNow?: () => number;
  /** Longest sleep between two pumps, so a stalled timer cannot stall the cluster (default 1000 ms). */
  maxSleepMs?: number;
  /** Called with an error a task threw; the driver keeps going (default: print it). */
  onError?: (error: unknown) => void;
}

export class RealTimeDriver {
  private readonly wallNow: () => number;
  private readonly maxSleepMs: number;
  private readonly onError: (error: unknown) => void;
  private wallStart = 0;
  private virtualStart = 0;
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private running = false;
  private pumping = false;

  constructor(
    private readonly loop: EventLoop,
    options: RealTimeDriverOptions = {},
  ) {
    this.wallNow = options.wallNow ?? Date.now;
    this.maxSleepMs = options.maxSleepMs ?? 1000;
    this.onError = options.onError ?? ((error) => console.error('[cluster] a simulated task failed:', error));
  }

  /** start ties virtual time to the wall clock from now on and begins pumping. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.wallStart = this.wallNow();
    this.virtualStart = this.loop.now();
    this.pump();
  }

  /** stop cancels the timers; the loop keeps its state and can be started again. */
  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = undefined;
    this.immediate = undefined;
  }

  /** virtualNow is the virtual time the wall clock corresponds to right now. */
  virtualNow(): number {
    return this.virtualStart + Math.max(0, this.wallNow() - this.wallStart);
  }

  /** kick runs due tasks on the next turn of Node's event loop (after the current I/O callback). */
  kick(): void {
    if (!this.running || this.immediate) return;
    this.immediate = setImmediate(() => {
      this.immediate = undefined;
      this.pump();
    });
  }

  /**
   * submit runs `task` as an event on the loop at the current wall-clock time: the clock catches
   * up first (so timestamps it writes are current), then the task and whatever it made due run.
   */
  submit(label: string, task: () => void): void {
    this.catchUp();
    this.loop.schedule(0, label, task);
    this.pump();
  }

  /** pump runs everything due by now, then sleeps until the next task is due. */
  pump(): void {
    if (!this.running) return;
    this.catchUp();
    this.arm();
  }

  private catchUp(): void {
    if (this.pumping) return;
    this.pumping = true;
    try {
      const target = this.virtualNow();
      // A task that throws must not take the cluster down with it: report it and go on.
      for (;;) {
        try {
          this.loop.advanceTo(target);
          break;
        } catch (error) {
          this.onError(error);
        }
      }
    } finally {
      this.pumping = false;
    }
  }

  private arm(): void {
    if (!this.running) return;
    if (this.timer) clearTimeout(this.timer);
    const next = this.loop.nextDueAt();
    const sleep = next === undefined ? this.maxSleepMs : Math.min(this.maxSleepMs, Math.max(0, Math.ceil(next - this.virtualNow())));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.pump();
    }, sleep);
  }
}
