import { MinHeap } from './min-heap';

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
  private count = 0;

  /** size is the number of tasks queued. */
  get size(): number {
    return this.count;
  }

  /** push queues a task (its seq must be higher than every queued task's). */
  push(task: T): void {
    let bucket = this.buckets.get(task.at);
    if (!bucket) {
      bucket = { tasks: [], next: 0 };
      this.buckets.set(task.at, bucket);
      this.times.push(task.at);
    }
    bucket.tasks.push(task);
    this.count++;
  }

  /** peek returns the first task without removing it. */
  peek(): T | undefined {
    const at = this.times.peek();
    if (at === undefined) return undefined;
    const bucket = this.buckets.get(at)!;
    return bucket.tasks[bucket.next];
  }

  /** pop removes and returns the first task. */
  pop(): T | undefined {
    const at = this.times.peek();
    if (at === undefined) return undefined;
    const bucket = this.buckets.get(at)!;
    const task = bucket.tasks[bucket.next++];
    this.count--;
    if (bucket.next === bucket.tasks.length) {
      this.buckets.delete(at);
      this.times.pop();
    }
    return task;
  }
}
