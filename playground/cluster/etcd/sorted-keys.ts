/**
 * SortedKeys is an ordered set of strings kept as a list of sorted chunks (the "sorted list" idea
 * of Python's sortedcontainers). One flat sorted array would cost O(n) per insert, which adds up
 * to seconds when tens of thousands of keys arrive in random order; chunks keep each insert or
 * removal to a binary search plus a splice of at most 2 * chunkLoad elements, and range scans stay a
 * linear walk. Keys compare by UTF-16 code units, which matches etcd's byte order for ASCII keys.
 */
const DEFAULT_CHUNK_LOAD = 512;

/** Cursor is a position in SortedKeys: chunk index and offset inside that chunk. */
interface Cursor {
  chunk: number;
  offset: number;
}

/** lowerBound returns the first index whose element is >= key (array.length when none is). */
export function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * inKeyRange tells whether `key` lies in etcd's range [start, rangeEnd): no rangeEnd means the
 * single key `start`, and rangeEnd "\0" means "every key from start on".
 */
export function inKeyRange(key: string, start: string, rangeEnd: string | undefined): boolean {
  if (rangeEnd === undefined || rangeEnd === '') return key === start;
  if (rangeEnd === '\0') return key >= start;
  return key >= start && key < rangeEnd;
}

/**
 * SortedKeys keeps unique strings in sorted order with cheap insert, remove and range scans.
 * Inserts wait in an unordered list until anything else reads or removes, then go in all at
 * once: most keys an API server writes are new (every pod, every event), and range scans are rare
 * (lists, the watch cache's start), so the sorted structure is rebuilt in one merge instead of
 * being spliced once per key. A plain array is the cheapest waiting room (no hashing per key).
 */
export class SortedKeys {
  private chunks: string[][] = [];
  /** Last (largest) key of each chunk, for the binary search that picks a chunk. */
  private maxes: string[] = [];
  /** Keys of the sorted chunks (pending ones not counted). */
  private count = 0;
  /** Added keys not yet merged into the chunks (may repeat each other or a chunk key). */
  private pending: string[] = [];
  private readonly chunkMax: number;

  /** `chunkLoad` is the size chunks split back to; tests make it tiny to exercise splitting. */
  constructor(private readonly chunkLoad = DEFAULT_CHUNK_LOAD) {
    if (!(Number.isInteger(chunkLoad) && chunkLoad >= 1)) throw new RangeError(`SortedKeys: chunkLoad must be a positive integer, got ${chunkLoad}`);
    this.chunkMax = chunkLoad * 2;
  }

  /** size is the number of keys held. */
  get size(): number {
    this.flush();
    return this.count;
  }

  /** insert adds `key` and returns false when it was already present. */
  insert(key: string): boolean {
    if (this.has(key)) return false;
    this.pending.push(key);
    return true;
  }

  /** add inserts `key` without saying whether it was new (no lookup now; a repeat is dropped at the merge). */
  add(key: string): void {
    this.pending.push(key);
  }

  /** flush merges the pending keys into the sorted chunks (repeats among them collapse). */
  private flush(): void {
    if (this.pending.length === 0) return;
    const incoming = this.pending.sort();
    this.pending = [];
    // A few keys into many: splice each in. Many keys: one merge and a rebuild.
    if (incoming.length * 16 < this.count) {
      for (const key of incoming) this.insertSorted(key);
      return;
    }
    const merged: string[] = [];
    const existing = this.toSortedArray();
    let i = 0;
    let j = 0;
    while (i < existing.length || j < incoming.length) {
      const next = j >= incoming.length || (i < existing.length && existing[i] <= incoming[j]) ? existing[i++] : incoming[j++];
      if (merged.length === 0 || merged[merged.length - 1] !== next) merged.push(next);
    }
    this.chunks = [];
    this.maxes = [];
    for (let start = 0; start < merged.length; start += this.chunkLoad) {
      const chunk = merged.slice(start, start + this.chunkLoad);
      this.chunks.push(chunk);
      this.maxes.push(chunk[chunk.length - 1]);
    }
    this.count = merged.length;
  }

  /** insertSorted puts one key into the chunks (no-op when present). */
  private insertSorted(key: string): boolean {
    if (this.chunks.length === 0) {
      this.chunks.push([key]);
      this.maxes.push(key);
      this.count = 1;
      return true;
    }
    let chunkIndex = lowerBound(this.maxes, key);
    if (chunkIndex === this.chunks.length) chunkIndex--;
    const chunk = this.chunks[chunkIndex];
    const offset = lowerBound(chunk, key);
    if (chunk[offset] === key) return false;
    chunk.splice(offset, 0, key);
    this.maxes[chunkIndex] = chunk[chunk.length - 1];
    this.count++;
    if (chunk.length > this.chunkMax) {
      const upper = chunk.splice(this.chunkLoad);
      this.chunks.splice(chunkIndex + 1, 0, upper);
      this.maxes[chunkIndex] = chunk[chunk.length - 1];
      this.maxes.splice(chunkIndex + 1, 0, upper[upper.length - 1]);
    }
    return true;
  }

  /** remove deletes `key` and returns false when it was not present. */
  remove(key: string): boolean {
    this.flush();
    return this.removeSorted(key);
  }

  private removeSorted(key: string): boolean {
    const chunkIndex = lowerBound(this.maxes, key);
    if (chunkIndex === this.chunks.length) return false;
    const chunk = this.chunks[chunkIndex];
    const offset = lowerBound(chunk, key);
    if (chunk[offset] !== key) return false;
    chunk.splice(offset, 1);
    this.count--;
    if (chunk.length === 0) {
      this.chunks.splice(chunkIndex, 1);
      this.maxes.splice(chunkIndex, 1);
    } else {
      this.maxes[chunkIndex] = chunk[chunk.length - 1];
    }
    return true;
  }

  /** has tells whether `key` is present. */
  has(key: string): boolean {
    this.flush();
    const chunkIndex = lowerBound(this.maxes, key);
    if (chunkIndex === this.chunks.length) return false;
    const chunk = this.chunks[chunkIndex];
    return chunk[lowerBound(chunk, key)] === key;
  }

  /**
   * forEachInRange calls `visit` for every key in etcd's range [start, rangeEnd) in order
   * (see inKeyRange for the rangeEnd conventions); `visit` returns false to stop early.
   */
  forEachInRange(start: string, rangeEnd: string | undefined, visit: (key: string) => boolean | void): void {
    if (rangeEnd === undefined || rangeEnd === '') {
      if (this.has(start)) visit(start);
      return;
    }
    this.flush();
    const from = this.seek(start);
    const toEnd = rangeEnd === '\0';
    for (let c = from.chunk; c < this.chunks.length; c++) {
      const chunk = this.chunks[c];
      for (let i = c === from.chunk ? from.offset : 0; i < chunk.length; i++) {
        const key = chunk[i];
        if (!toEnd && key >= rangeEnd) return;
        if (visit(key) === false) return;
      }
    }
  }

  /** countInRange counts the keys in [start, rangeEnd) without visiting them one by one. */
  countInRange(start: string, rangeEnd: string | undefined): number {
    if (rangeEnd === undefined || rangeEnd === '') return this.has(start) ? 1 : 0;
    this.flush();
    const from = this.seek(start);
    const to = rangeEnd === '\0' ? { chunk: this.chunks.length, offset: 0 } : this.seek(rangeEnd);
    if (to.chunk < from.chunk || (to.chunk === from.chunk && to.offset <= from.offset)) return 0;
    if (to.chunk === from.chunk) return to.offset - from.offset;
    let total = this.chunks[from.chunk].length - from.offset;
    for (let c = from.chunk + 1; c < to.chunk; c++) total += this.chunks[c].length;
    return total + to.offset;
  }

  /** toArray returns every key in order (a copy). */
  toArray(): string[] {
    this.flush();
    return this.toSortedArray();
  }

  private toSortedArray(): string[] {
    const out: string[] = [];
    for (const chunk of this.chunks) for (const key of chunk) out.push(key);
    return out;
  }

  /** seek finds the position of the first key >= `key`. */
  private seek(key: string): Cursor {
    const chunkIndex = lowerBound(this.maxes, key);
    if (chunkIndex === this.chunks.length) return { chunk: chunkIndex, offset: 0 };
    return { chunk: chunkIndex, offset: lowerBound(this.chunks[chunkIndex], key) };
  }
}
