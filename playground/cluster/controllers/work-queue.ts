/**
 * WorkQueue is client-go's rate-limited work queue in miniature: a key waits at most once in the
 * queue however often it is added, is never handed to two workers at once, and a failed key comes
 * back after an exponential back-off (5 ms, 10 ms, … capped at 60 s) until it succeeds.
 */
import type { SimContext } from '../sim/context';

/** BASE_RETRY_MS and MAX_RETRY_MS bound the per-key back-off. */
export const BASE_RETRY_MS = 5;
export const MAX_RETRY_MS = 60_000;
/**
 * Retries this long or longer are background tasks: a controller stuck retrying (say, forbidden by
 * RBAC) must not keep the simulation busy forever.
 */
const BACKGROUND_RETRY_MS = 1_000;

export class WorkQueue {
  private readonly queued: string[] = [];
  private readonly queuedSet = new Set<string>();
  private readonly processing = new Set<string>();
  /** Keys added again while being processed: queued again when done. */
  private readonly dirtyWhileProcessing = new Set<string>();
  private readonly failures = new Map<string, number>();
  private scheduled = false;
  private shutDown = false;

  /**
   * @param process handles one key and calls `done(error?)` when finished; an error requeues it
   *   with back-off. `done` may be called synchronously or later (after API calls return).
   */
  constructor(
    private readonly ctx: SimContext,
    private readonly name: string,
    private readonly process: (key: string, done: (error?: unknown) => void) => void,
  ) {}

  /** add queues a key unless it is already waiting. */
  add(key: string): void {
    if (this.shutDown) return;
    if (this.processing.has(key)) {
      this.dirtyWhileProcessing.add(key);
      return;
    }
    if (this.queuedSet.has(key)) return;
    this.queuedSet.add(key);
    this.queued.push(key);
    this.kick();
  }

  /** addAfter queues a key after a delay of virtual time. */
  addAfter(key: string, delayMs: number): void {
    if (this.shutDown) return;
    this.ctx.loop.schedule(delayMs, `${this.name}: requeue ${key}`, () => this.add(key), { background: delayMs >= BACKGROUND_RETRY_MS });
  }

  /** retries is how many times in a row the key failed. */
  retries(key: string): number {
    return this.failures.get(key) ?? 0;
  }

  /** length is the number of keys waiting. */
  get length(): number {
    return this.queued.length;
  }

  /** shutdown drops waiting keys and accepts no more. */
  shutdown(): void {
    this.shutDown = true;
    this.queued.length = 0;
    this.queuedSet.clear();
  }

  private kick(): void {
    if (this.scheduled || this.queued.length === 0) return;
    this.scheduled = true;
    this.ctx.loop.schedule(0, `${this.name}: work`, () => {
      this.scheduled = false;
      this.processNext();
      this.kick();
    });
  }

  private processNext(): void {
    const key = this.queued.shift();
    if (key === undefined) return;
    this.queuedSet.delete(key);
    this.processing.add(key);
    let finished = false;
    const done = (error?: unknown): void => {
      if (finished) return;
      finished = true;
      this.processing.delete(key);
      if (error !== undefined && error !== null && !this.shutDown) {
        const failures = (this.failures.get(key) ?? 0) + 1;
        this.failures.set(key, failures);
        this.addAfter(key, Math.min(MAX_RETRY_MS, BASE_RETRY_MS * 2 ** (failures - 1)));
      } else {
        this.failures.delete(key);
      }
      if (this.dirtyWhileProcessing.delete(key)) this.add(key);
    };
    try {
      this.process(key, done);
    } catch (error) {
      done(error);
    }
  }
}
