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
    const items = this.items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(items[i], items[parent])) break;
      [items[i], items[parent]] = [items[parent], items[i]];
      i = parent;
    }
  }

  /** pop removes and returns the first item. */
  pop(): T | undefined {
    const items = this.items;
    if (items.length === 0) return undefined;
    const top = items[0];
    const last = items.pop()!;
    if (items.length > 0) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let first = i;
        if (left < items.length && this.before(items[left], items[first])) first = left;
        if (right < items.length && this.before(items[right], items[first])) first = right;
        if (first === i) break;
        [items[i], items[first]] = [items[first], items[i]];
        i = first;
      }
    }
    return top;
  }
}
