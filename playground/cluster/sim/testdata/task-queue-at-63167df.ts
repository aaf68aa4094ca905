// Test fixture, not product code: playground/cluster/sim/task-queue.ts as it was at commit 63167df,
// kept unchanged as the oracle of loop-differential.property.test.ts, through loop-at-63167df.ts
// (the code after this session's speed-ups must behave exactly as this did). Do not edit or import
// it outside that test.
import { MinHeap } from './min-heap-at-63167df';

/** QueuedTask is what TaskQueue orders: a due time and an insertion number. */
export interface QueuedTask {
  readonly at: number;
  readonly seq: number;
}

/** Bucket holds the tasks due at one time, in insertion order; `next` is the first not yet taken. */
interface Bucket<T> {
  readonly tasks: T[];
  next: number;
}

/**
 * TaskQueue orders tasks by due time, then by insertion (seq). Most tasks of a simulation fall due
 * at a few distinct times (every hop costs the same modelled latency), so tasks are kept in one
 * FIFO bucket per due time and only the distinct times go through a heap: scheduling into an
 * existing time is an array push, and taking the next task an index bump. Callers must insert in
 * increasing seq order, which makes each bucket already sorted.
 */
export class TaskQueue<T extends QueuedTask> {
  private readonly buckets = new Map<number, Bucket<T>>();
  private readonly times = new MinHeap<number>((a, b) => a < b);
  /**
   * The bucket of the earliest due time, kept at hand: peek and pop run once or twice per
   * simulated event, and a Map lookup plus a heap peek each time is what an interpreter feels.
   */
  private head: Bucket<T> | undefined;
  private headAt = 0;
  /**
   * The bucket a task was last pushed into, kept at hand too: tasks come in runs with the same
   * delay (every network hop), so most pushes go where the previous one went, without a lookup.
   */
  private last: Bucket<T> | undefined;
  private lastAt = 0;
  private count = 0;

  /** size is the number of tasks queued. */
  get size(): number {
    return this.count;
  }

  /** push queues a task (its seq must be higher than every queued task's). */
  push(task: T): void {
    const at = task.at;
    let bucket =
      this.last !== undefined && this.lastAt === at ? this.last : this.head !== undefined && this.headAt === at ? this.head : this.buckets.get(at);
    if (!bucket) {
      bucket = { tasks: [], next: 0 };
      this.buckets.set(at, bucket);
      this.times.push(at);
      if (this.head === undefined || at < this.headAt) {
        this.head = bucket;
        this.headAt = at;
      }
    }
    bucket.tasks.push(task);
    this.count++;
    this.last = bucket;
    this.lastAt = at;
  }

  /** peek returns the first task without removing it. */
  peek(): T | undefined {
    const head = this.head;
    return head === undefined ? undefined : head.tasks[head.next];
  }

  /** pop removes and returns the first task. */
  pop(): T | undefined {
    const head = this.head;
    if (head === undefined) return undefined;
    const task = head.tasks[head.next];
    // Let go of the task at once: a busy instant's bucket lives until its last task runs, and what
    // the ones already run captured would otherwise stay alive with it.
    head.tasks[head.next++] = undefined as unknown as T;
    this.count--;
    if (head.next === head.tasks.length) {
      this.buckets.delete(this.headAt);
      if (this.last === head) this.last = undefined;
      this.times.pop();
      const at = this.times.peek();
      this.head = at === undefined ? undefined : this.buckets.get(at);
      this.headAt = at ?? 0;
    }
    return task;
  }
}
