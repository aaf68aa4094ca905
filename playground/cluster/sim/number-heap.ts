/**
 * NumberHeap is a binary min-heap of numbers: the task queue's distinct due times. Its comparison
 * is written inline rather than passed in as a function: the queue holds one time per future
 * instant with work (a thousand nodes' lease renewals and status reports spread over ten
 * seconds), so each pop walks ten levels, and a call per comparison is what an interpreter feels.
 * Written here rather than taken from a package because it is a few lines on the hottest path of
 * the simulation and must behave the same in Node and QuickJS with no dependency to bundle.
 */
export class NumberHeap {
  private readonly items: number[] = [];

  /** size is the number of values in the heap. */
  get size(): number {
    return this.items.length;
  }

  /** peek returns the smallest value without removing it. */
  peek(): number | undefined {
    return this.items[0];
  }

  /** push adds a value. */
  push(value: number): void {
    // Sift a hole up instead of swapping pairs.
    const items = this.items;
    let i = items.length;
    items.push(value);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const above = items[parent];
      if (!(value < above)) break;
      items[i] = above;
      i = parent;
    }
    items[i] = value;
  }

  /** pop removes and returns the smallest value. */
  pop(): number | undefined {
    const items = this.items;
    if (items.length === 0) return undefined;
    const top = items[0];
    const last = items.pop()!;
    const size = items.length;
    if (size > 0) {
      // Sift a hole down from the root and drop `last` where it belongs.
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= size) break;
        let value = items[child];
        const right = child + 1;
        if (right < size) {
          const other = items[right];
          if (other < value) {
            child = right;
            value = other;
          }
        }
        if (!(value < last)) break;
        items[i] = value;
        i = child;
      }
      items[i] = last;
    }
    return top;
  }
}
