// Test fixture, not product code: playground/cluster/sim/min-heap.ts (since replaced by number-
// heap.ts) as it was at commit 63167df, kept unchanged as the oracle of loop-
// differential.property.test.ts, through task-queue-at-63167df.ts (the code after this session's
// speed-ups must behave exactly as this did). Do not edit or import it outside that test.
/**
 * MinHeap is a binary heap ordered by a strict "comes before" test: the event loop's task queue
 * and the scheduler's active queue both use it. Written here rather than taken from a package
 * because it is twenty lines, sits on the hottest path of the simulation, and must behave the
 * same in Node and QuickJS with no dependency to bundle.
 */
export class MinHeap<T> {
  private readonly items: T[] = [];

  constructor(private readonly before: (a: T, b: T) => boolean) {}

  /** size is the number of items in the heap. */
  get size(): number {
    return this.items.length;
  }

  /** peek returns the first item without removing it. */
  peek(): T | undefined {
    return this.items[0];
  }

  /** push adds an item. */
  push(item: T): void {
    // Sift a hole up instead of swapping pairs: no temporary arrays, which QuickJS would allocate.
    const items = this.items;
    let i = items.length;
    items.push(item);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(item, items[parent])) break;
      items[i] = items[parent];
      i = parent;
    }
    items[i] = item;
  }

  /** pop removes and returns the first item. */
  pop(): T | undefined {
    const items = this.items;
    if (items.length === 0) return undefined;
    const top = items[0];
    const last = items.pop()!;
    const size = items.length;
    if (size > 0) {
      // Sift a hole down from the root and drop `last` where it belongs.
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= size) break;
        const right = left + 1;
        const child = right < size && this.before(items[right], items[left]) ? right : left;
        if (!this.before(items[child], last)) break;
        items[i] = items[child];
        i = child;
      }
      items[i] = last;
    }
    return top;
  }
}
