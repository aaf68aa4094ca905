/**
 * RingBuffer keeps the last `capacity` items pushed, oldest first: the watch cache's window of
 * recent events. A full window used to drop its oldest event with Array.prototype.shift, which
 * moves every remaining element (1,000 of them per pod event in QuickJS); here the oldest slot is
 * simply overwritten and a start index moves on.
 */
export class RingBuffer<T> {
  /** The items; once `capacity` are held, slot `head` is the oldest. */
  private readonly items: T[] = [];
  private head = 0;

  /** `capacity` is how many items are kept (0 keeps none: every push comes straight back out). */
  constructor(readonly capacity: number) {
    if (!(Number.isInteger(capacity) && capacity >= 0)) throw new RangeError(`RingBuffer: capacity must be a whole number >= 0, got ${capacity}`);
  }

  /** length is the number of items held. */
  get length(): number {
    return this.items.length;
  }

  /** push appends `item` and returns the oldest item it pushed out when the buffer was full. */
  push(item: T): T | undefined {
    const items = this.items;
    if (items.length < this.capacity) {
      items.push(item);
      return undefined;
    }
    if (this.capacity === 0) return item;
    const oldest = items[this.head];
    items[this.head] = item;
    // The next slot round the ring as a remainder (capacity > 0 here): no test per event.
    this.head = (this.head + 1) % this.capacity;
    return oldest;
  }

  /** at returns the item `index` places after the oldest (0: the oldest); index must be < length. */
  at(index: number): T {
    const slot = this.head + index;
    return this.items[slot < this.items.length ? slot : slot - this.items.length];
  }
}
