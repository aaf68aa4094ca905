import { NumberHeap } from './number-heap';

/** TaskRun is what a queued entry runs: a function and the argument it is called with. */
export type TaskRun<A> = (arg: A) => void;

/**
 * Bucket holds the entries due at one time, in insertion order, as pairs laid flat (run, arg,
 * run, arg…); `next` is the index of the first run not yet taken. The event loop takes a due
 * bucket's entries itself (dueHead): it reads the pair at `next`, clears both slots, moves `next`
 * on by two and, having taken the last pair, calls dropHead before it runs that entry.
 */
export interface Bucket<A> {
  readonly entries: (TaskRun<A> | A)[];
  next: number;
}

/**
 * TaskQueue orders entries (a function and its argument) by due time, then by insertion. Most
 * tasks of a simulation fall due at a few distinct times (every hop costs the same modelled
 * latency), so entries are kept in one FIFO bucket per due time and only the distinct times go
 * through a heap: queueing into an existing time is an array push, and taking the next entry an
 * index bump. An entry is two array slots rather than an object: the event loop queues tens of
 * thousands of fire-and-forget hops per second of virtual time, and an interpreter pays for every
 * object it allocates and frees.
 */
export class TaskQueue<A> {
  private readonly buckets = new Map<number, Bucket<A>>();
  private readonly times = new NumberHeap();
  /**
   * The bucket of the earliest due time, kept at hand: peek and pop run once or twice per
   * simulated event, and a Map lookup plus a heap peek each time is what an interpreter feels.
   */
  private head: Bucket<A> | undefined;
  /** The due time of head, NaN without one: then no time equals it and none is due by it. */
  private headAt = Number.NaN;
  /**
   * The bucket an entry was last pushed into, kept at hand too: entries come in runs with the same
   * delay (every network hop), so most pushes go where the previous one went, without a lookup.
   */
  private last: Bucket<A> | undefined;
  /** The due time of last, NaN without one (no time equals it): one test finds it. */
  private lastAt = Number.NaN;
  /**
   * The bucket pushed into before last (another time), kept at hand as well: a request's hops
   * alternate between two delays (the server's answer after its etcd time, everything else one
   * network hop later), and a Map lookup for each switch is what an interpreter feels.
   */
  private other: Bucket<A> | undefined;
  /** The due time of other, NaN without one. */
  private otherAt = Number.NaN;
  /**
   * pushedTotal counts the entries ever queued: it is also the next entry's insertion number, which
   * the event loop hands out as a task's seq without a counter of its own.
   */
  private pushedTotal = 0;
  /**
   * The entries of the buckets already emptied and dropped. With those taken from the head bucket
   * (its `next`, halved) they are every entry taken, so a pop need not count: QuickJS has no inline
   * caches, and each field read or write is a shape lookup of some ninety machine instructions.
   */
  private takenFromDropped = 0;
  /**
   * poppedArg is the argument of the entry popDueBy last returned; the caller takes it and sets it
   * back to undefined, so the queue keeps nothing alive of an entry that has left it.
   */
  poppedArg: A | undefined;
  /** poppedAt is the due time of the entry popDueBy last returned. */
  poppedAt = 0;

  /** size is the number of entries queued. */
  get size(): number {
    const takenFromHead = this.head === undefined ? 0 : this.head.next / 2;
    return this.pushedTotal - this.takenFromDropped - takenFromHead;
  }

  /** pushed is the number of entries ever queued: the insertion number the next push gets. */
  get pushed(): number {
    return this.pushedTotal;
  }

  /** push queues `run(arg)` at time `at`, after every entry already queued for that time. */
  push(at: number, run: TaskRun<A>, arg: A): void {
    // Into the bucket last pushed into (most pushes) with one test, before any other lookup.
    let bucket = this.last;
    if (at !== this.lastAt) {
      if (at === this.otherAt) bucket = this.other;
      else {
        bucket = this.headAt === at ? this.head : this.buckets.get(at);
        if (!bucket) {
          bucket = { entries: [], next: 0 };
          this.buckets.set(at, bucket);
          this.times.push(at);
          // Also when there is no head: a NaN headAt compares false.
          if (!(at >= this.headAt)) {
            const previous = this.head;
            // Only the head's taken entries are counted apart (size): a head entries were already
            // taken from (the loop drops cancelled tasks past the clock) loses those slots as it
            // steps back, and they count as taken with those of dropped buckets.
            if (previous !== undefined && previous.next > 0) {
              this.takenFromDropped += previous.next / 2;
              previous.entries.splice(0, previous.next);
              previous.next = 0;
            }
            this.head = bucket;
            this.headAt = at;
          }
        }
      }
      this.other = this.last;
      this.otherAt = this.lastAt;
      this.last = bucket;
      this.lastAt = at;
    }
    // Two writes at the end rather than push(): no native call per task (and faster in QuickJS).
    const entries = bucket!.entries;
    const end = entries.length;
    entries[end] = run;
    entries[end + 1] = arg;
    this.pushedTotal++;
  }

  /** peekAt returns the due time of the first entry, or undefined when the queue is empty. */
  peekAt(): number | undefined {
    return this.head === undefined ? undefined : this.headAt;
  }

  /** peekRun returns the function of the first entry without removing it. */
  peekRun(): TaskRun<A> | undefined {
    const head = this.head;
    return head === undefined ? undefined : (head.entries[head.next] as TaskRun<A>);
  }

  /** peekArg returns the argument of the first entry without removing it. */
  peekArg(): A | undefined {
    const head = this.head;
    return head === undefined ? undefined : (head.entries[head.next + 1] as A);
  }

  /**
   * dueHead returns the bucket of the earliest due time if that time is due by `limit` (peekAt
   * gives it), undefined otherwise: the event loop then takes the bucket's entries one after
   * another (see Bucket) with no call per entry, as most instants hold dozens of hops.
   */
  dueHead(limit: number): Bucket<A> | undefined {
    // A NaN headAt (no head) is due by no limit. A NaN limit, though, holds nothing back (as
    // `headAt > limit` is false): the rare not-due path checks for it.
    if (!(this.headAt <= limit) && (this.head === undefined || limit === limit)) return undefined;
    return this.head;
  }

  /**
   * popDueBy removes the first entry if it is due at or before `limit` and returns its function,
   * leaving its argument in poppedArg and its time in poppedAt (undefined otherwise, the queue
   * unchanged): peek, due test and pop in one call, for dropping cancelled entries at the head.
   */
  popDueBy(limit: number): TaskRun<A> | undefined {
    const head = this.dueHead(limit);
    if (head === undefined) return undefined;
    const entries = head.entries;
    const at = head.next;
    const run = entries[at] as TaskRun<A>;
    this.poppedArg = entries[at + 1] as A;
    this.poppedAt = this.headAt;
    // Let go of the entry at once: a busy instant's bucket lives until its last entry runs, and
    // what the ones already run hold would otherwise stay alive with it.
    entries[at] = entries[at + 1] = undefined as unknown as A;
    head.next = at + 2;
    if (at + 2 === entries.length) this.dropHead();
    return run;
  }

  /** dropHead drops the head bucket, whose last entry was just taken: the next due time's bucket becomes the head. */
  dropHead(): void {
    const head = this.head!;
    this.takenFromDropped += head.entries.length / 2;
    this.buckets.delete(this.headAt);
    if (this.last === head) {
      this.last = undefined;
      this.lastAt = Number.NaN;
    } else if (this.other === head) {
      this.other = undefined;
      this.otherAt = Number.NaN;
    }
    this.times.pop();
    const next = this.times.peek();
    this.head = next === undefined ? undefined : this.buckets.get(next);
    this.headAt = next ?? Number.NaN;
  }
}
