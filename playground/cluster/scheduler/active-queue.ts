/**
 * ActiveQueue is the order of kube-scheduler's activeQ (PrioritySort): the highest priority first,
 * then the lowest sequence number, i.e. the pod that became active first. Sequence numbers only
 * grow (the SchedulingQueue hands out the next one at each activation), so one first-in-first-out
 * list per priority keeps that order without comparing anything: a push appends, a pop takes the
 * head of the highest priority's list. A binary heap of ten thousand pods compared each pop's pod
 * about thirty times, each comparison a call, which QuickJS pays for.
 *
 * A pushed pod stays valid while its priority and sequence number are the ones it was pushed
 * with: a pod pushed again under a new priority (see SchedulingQueue.update) leaves a stale copy
 * behind, which pop skips, as the SchedulingQueue itself skips pods deleted or moved since.
 */

/** Queued is what the ActiveQueue orders: a priority and a sequence number. */
export interface Queued {
  readonly priority: number;
  readonly seq: number;
}

/** The pods pushed under one priority, in sequence order, and their sequence numbers then. */
interface Fifo<T> {
  items: (T | undefined)[];
  seqs: number[];
  head: number;
}

/** ActiveQueue orders pushed items by priority (highest first), then sequence number (see the file comment). */
export class ActiveQueue<T extends Queued> {
  /** The priorities that have a list, highest first, and their lists. */
  private readonly priorities: number[] = [];
  private readonly fifos: Fifo<T>[] = [];

  /** push adds an item under its current priority and sequence number. */
  push(item: T): void {
    const fifo = this.fifoFor(item.priority);
    const { items, seqs } = fifo;
    let at = items.length;
    // Pushed in sequence order but for a pod whose priority changed: placed where its number goes.
    while (at > fifo.head && seqs[at - 1] > item.seq) at--;
    if (at === items.length) {
      items.push(item);
      seqs.push(item.seq);
    } else {
      items.splice(at, 0, item);
      seqs.splice(at, 0, item.seq);
    }
  }

  /**
   * pop removes and returns the first item whose priority and sequence number are still the ones
   * it was pushed with, or undefined when none is left.
   */
  pop(): T | undefined {
    const priorities = this.priorities;
    for (let p = 0; p < priorities.length; p++) {
      const fifo = this.fifos[p];
      const { items, seqs } = fifo;
      while (fifo.head < items.length) {
        const at = fifo.head++;
        const item = items[at]!;
        const seq = seqs[at];
        items[at] = undefined;
        if (fifo.head === items.length) {
          items.length = seqs.length = fifo.head = 0;
        } else if (fifo.head >= 1024 && fifo.head * 2 >= items.length) {
          // Drop the taken half now and then, so a long-lived list does not grow without end.
          items.splice(0, fifo.head);
          seqs.splice(0, fifo.head);
          fifo.head = 0;
        }
        if (item.priority === priorities[p] && item.seq === seq) return item;
      }
    }
    return undefined;
  }

  /** fifoFor is the list of `priority`, made (in its place among the priorities) if there is none. */
  private fifoFor(priority: number): Fifo<T> {
    const priorities = this.priorities;
    let p = 0;
    while (p < priorities.length && priorities[p] > priority) p++;
    if (p < priorities.length && priorities[p] === priority) return this.fifos[p];
    const fifo: Fifo<T> = { items: [], seqs: [], head: 0 };
    priorities.splice(p, 0, priority);
    this.fifos.splice(p, 0, fifo);
    return fifo;
  }
}
