/**
 * A pod shape's node index: what a ShapeEntry knows of every node, arranged so that an attempt
 * answers "where does the walk stop" and "which node wins" without walking (see
 * equivalence-indexed.ts). Between two attempts of a shape only a few nodes change (each binding
 * changes one), so the index catches up on the nodes the board's log names instead of comparing
 * every node's stamp, and marks them dirty: unknown until an attempt's walk would reach them.
 *
 * Per node it holds one of: known to fail; known to fit, with its weighted score sum (a whole
 * number in 0..MAX_INDEXED_SUM); or dirty, and then presumed to fit if it did before the change
 * (a binding rarely makes a node stop fitting). A Fenwick tree counts the nodes known or presumed
 * to fit by position, so the node at which a walk from a start has found `enough` of them is a few
 * steps away; the attempt then resolves the dirty nodes before that point, and counts again until
 * no presumption was wrong there (equivalence-indexed.ts). One bitset per sum value says which
 * positions are known to fit with that sum, so the best node in a window is the lowest set
 * position in the window of the highest sum that has one. A dirty node that fitted stays in its
 * stale sum's bitset until settled (`best` and `anyTop` pass over dirty positions): marking it
 * dirty, ~28 times an attempt in the 1k-node bench, is then one bit, not five random stores.
 *
 * Sums are made ints (`| 0`, exact for the whole numbers held) before they index `bySum` and
 * `sumCounts`: QuickJS keeps a whole number read from a Float64Array as a float, which as a typed-array
 * index misses its fast path (made a property key: ~100 ns more per access, measured).
 */
import { allOnes, firstSet, firstSetBut, setPositions } from './equivalence-bits';
import type { NodeBoard } from './node-board';

/** The highest weighted score sum the index holds (one bitset per value): higher sums are not indexed. */
export const MAX_INDEXED_SUM = 511;
/** What the index takes per node, in bytes (for the equivalence cache's budget). */
export const INDEX_BYTES_PER_NODE = 4 + 4 + 2 + (MAX_INDEXED_SUM + 3) / 8;

const DIRTY = -2;
/** Dirty, and presumed to fit (counted in the Fenwick tree) until resolved. */
const DIRTY_FITTING = -3;
const FAILS = -1;

/** ShapeIndex is one shape's node index (see the file comment). */
export class ShapeIndex {
  /** Per node: DIRTY, DIRTY_FITTING, FAILS, or the sum of a node that fits (stale while dirty: see `known`). */
  readonly state: Int16Array;
  /** The Fenwick tree of "known or presumed to fit", 1-based. */
  private readonly fenwick: Int32Array;
  /** The highest power of two not above `size` (where a Fenwick search starts). */
  private readonly topStep: number;
  /** How many nodes are known or presumed to fit. */
  fitting = 0;
  /**
   * How many times a node's count in the Fenwick tree changed (a presumption found wrong, or a
   * dirty node found to fit): while it stays, walkLength answers as before.
   */
  countChanges = 0;
  /** Room for every position, for attempts to list the dirty ones in (see dirtyIn). */
  readonly dirtyList: Int32Array;
  /**
   * Room for every position, scratch for resolveResources' partition of a dirty list, and before
   * that, on an entry's first attempt, for the positions storeKnownObjectFailures lists.
   */
  readonly scratchList: Int32Array;
  /** Dirty positions, one bit each; then one such bitset per sum value (stale sums too), and how many each holds. */
  private readonly dirty: Int32Array;
  private readonly bySum: Int32Array;
  private readonly sumCounts: Int32Array;
  /**
   * With a normalizing score plugin folded into the sums (see equivalence-indexed.ts): which
   * plugin and weight, the raw score the sums were normalized against, and the known fitting
   * nodes whose raw score is that one.
   */
  normalizer = -1;
  normalizerWeight = 0;
  normalizerTop = 0;
  /** Raw score → normalized score against normalizerTop (kept by equivalence-indexed.ts). */
  readonly normalized = new Map<number, number>();
  private readonly atTop: Int32Array;
  /** No bitset above this sum holds a position (a bound that best lowers as it finds empty ones). */
  private highestSum = -1;
  private readonly words: number;
  /** The board, the number of its next change, and the entry version the index is current with. */
  board: NodeBoard | undefined = undefined;
  seq = 0;
  version = -1;

  constructor(readonly size: number) {
    this.words = (size + 31) >> 5;
    this.state = new Int16Array(size);
    this.fenwick = new Int32Array(size + 1);
    let step = 1;
    while (step * 2 <= size) step *= 2;
    this.topStep = size === 0 ? 0 : step;
    this.dirty = new Int32Array(this.words);
    this.dirtyList = new Int32Array(size);
    this.scratchList = new Int32Array(size);
    this.atTop = new Int32Array(this.words);
    this.bySum = new Int32Array((MAX_INDEXED_SUM + 1) * this.words);
    this.sumCounts = new Int32Array(MAX_INDEXED_SUM + 1);
  }

  /**
   * rebuild makes the index current with `board` from scratch: `known(position)` is what the
   * entry knows of the node there (DIRTY, DIRTY_FITTING, FAILS or a sum), `top(position)` whether a fitting
   * node's raw score of the normalizing plugin is normalizerTop.
   */
  rebuild(board: NodeBoard, version: number, known: (position: number) => number, top?: (position: number) => boolean): void {
    this.board = board;
    this.seq = board.seq;
    this.version = version;
    this.fenwick.fill(0);
    this.dirty.fill(0);
    this.atTop.fill(0);
    this.bySum.fill(0);
    this.sumCounts.fill(0);
    this.highestSum = -1;
    this.fitting = 0;
    const { state, fenwick, size } = this;
    for (let p = 0; p < size; p++) {
      const value = known(p) | 0; // an int, as an index (see the file comment)
      state[p] = value;
      if (value === DIRTY) this.dirty[p >> 5] |= 1 << (p & 31);
      else if (value === DIRTY_FITTING) {
        this.dirty[p >> 5] |= 1 << (p & 31);
        fenwick[p + 1] = 1;
        this.fitting++;
      } else if (value >= 0) {
        fenwick[p + 1] = 1;
        this.fitting++;
        this.bySum[value * this.words + (p >> 5)] |= 1 << (p & 31);
        this.sumCounts[value]++;
        if (value > this.highestSum) this.highestSum = value;
        if (top?.(p)) this.atTop[p >> 5] |= 1 << (p & 31);
      }
    }
    // The Fenwick tree from its leaves in one pass: each node adds itself into its parent.
    for (let i = 1; i <= size; i++) {
      const parent = i + (i & -i);
      if (parent <= size) fenwick[parent] += fenwick[i];
    }
  }

  /**
   * rebuildUnknown is rebuild for an entry that knows no node yet: every node dirty, presumed to
   * fit when its verdict is `fits` (a new entry's verdicts all are; an entry made to serve another
   * shape keeps its former verdicts), in one pass without asking per node; but the first
   * `failingCount` positions of `failing` (distinct), which the entry was just given as failing
   * (see storeKnownObjectFailures), are known to fail.
   */
  rebuildUnknown(board: NodeBoard, version: number, verdicts: readonly unknown[], fits: unknown, allFit = false, failing?: Int32Array, failingCount = 0): void {
    this.board = board;
    this.seq = board.seq;
    this.version = version;
    this.fenwick.fill(0);
    this.atTop.fill(0);
    this.bySum.fill(0);
    this.sumCounts.fill(0);
    this.highestSum = -1;
    const { state, fenwick, dirty, size } = this;
    dirty.fill(-1);
    if ((size & 31) !== 0) dirty[this.words - 1] = (1 << (size & 31)) - 1;
    if (allFit && failingCount === 0) {
      // `allFit`: the caller knows every verdict is `fits` (a new entry): copied, not counted.
      state.fill(DIRTY_FITTING);
      fenwick.set(allOnes(size));
      this.fitting = size;
      return;
    }
    let fitting = 0;
    if (allFit) {
      state.fill(DIRTY_FITTING);
      fenwick.fill(1, 1);
      fitting = size;
    } else {
      for (let p = 0; p < size; p++) {
        if (verdicts[p] === fits) {
          state[p] = DIRTY_FITTING;
          fenwick[p + 1] = 1;
          fitting++;
        } else state[p] = DIRTY;
      }
    }
    for (let k = 0; k < failingCount; k++) {
      const p = failing![k];
      if (state[p] === DIRTY_FITTING) {
        fenwick[p + 1] = 0;
        fitting--;
      }
      state[p] = FAILS;
      dirty[p >> 5] &= ~(1 << (p & 31));
    }
    this.fitting = fitting;
    for (let i = 1; i <= size; i++) {
      const parent = i + (i & -i);
      if (parent <= size) fenwick[parent] += fenwick[i];
    }
  }

  /** known is the node's state as rebuild takes it: a dirty node with a stale sum is DIRTY_FITTING. */
  known(position: number): number {
    const value = this.state[position];
    return value >= 0 && (this.dirty[position >> 5] & (1 << (position & 31))) !== 0 ? DIRTY_FITTING : value;
  }

  /**
   * catchUp marks dirty every node the board logged a change of since the index was last current,
   * but a failing node whose verdict, by the entry (`objectStamps`, negated for such a failure: see
   * ShapeEntry), came from the node object alone, which has not changed: only its pods did.
   */
  catchUp(board: NodeBoard, objectStamps: Float64Array): void {
    const { changes, mask, objects } = board;
    const { state, dirty } = this;
    const end = board.seq;
    for (let c = this.seq; c < end; c++) {
      const position = changes[c & mask];
      // markDirty written out (a call per change costs QuickJS more): for a fitting node, one bit.
      if (state[position] === FAILS) {
        if (objectStamps[position] === -objects[position]) continue;
        state[position] = DIRTY;
      }
      dirty[position >> 5] |= 1 << (position & 31);
    }
    this.seq = board.seq;
  }

  /** markDirty forgets what the index knew of the node at `position`; one that fitted is presumed to still. */
  markDirty(position: number): void {
    if (this.state[position] === FAILS) this.state[position] = DIRTY;
    this.dirty[position >> 5] |= 1 << (position & 31);
  }

  /**
   * settle records a dirty node as failing (`sum` FAILS) or fitting with `sum` (and `top`: its
   * normalizing raw score is normalizerTop), out of its stale sum's bitsets. The count changes only
   * when the presumption was wrong.
   */
  settle(position: number, sum: number, top = false): void {
    sum |= 0; // an int, as an index (see the file comment)
    const old = this.state[position];
    const counted = old >= 0 || old === DIRTY_FITTING;
    if (old >= 0) {
      this.bySum[old * this.words + (position >> 5)] &= ~(1 << (position & 31));
      this.sumCounts[old]--;
      this.atTop[position >> 5] &= ~(1 << (position & 31));
    }
    this.state[position] = sum;
    this.dirty[position >> 5] &= ~(1 << (position & 31));
    if (sum < 0) {
      if (counted) {
        this.add(position, -1);
        this.fitting--;
      }
      return;
    }
    if (!counted) {
      this.add(position, 1);
      this.fitting++;
    }
    this.bySum[sum * this.words + (position >> 5)] |= 1 << (position & 31);
    this.sumCounts[sum]++;
    if (sum > this.highestSum) this.highestSum = sum;
    if (top) this.atTop[position >> 5] |= 1 << (position & 31);
  }

  /**
   * settleSums settles as fitting each dirty node at `positions[from…to)` with its sum `sums[position]`
   * (a whole number in 0..`highest`, at most MAX_INDEXED_SUM): settle for each, in one call with no
   * normalizing plugin (whose index alone sets `atTop` bits). The bound best starts from is raised
   * to `highest` once, not node by node (best lowers it past the empty sums, a few at most).
   */
  settleSums(positions: Int32Array, from: number, to: number, sums: Float64Array, highest: number): void {
    if (to > from && highest > this.highestSum) this.highestSum = highest;
    const { state, dirty, bySum, sumCounts, words } = this;
    for (let d = from; d < to; d++) {
      const position = positions[d];
      const sum = sums[position] | 0; // an int, as an index (see the file comment)
      const word = position >> 5;
      const bit = 1 << (position & 31);
      const old = state[position];
      if (old >= 0) {
        bySum[old * words + word] &= ~bit;
        sumCounts[old]--;
      } else if (old !== DIRTY_FITTING) {
        this.add(position, 1);
        this.fitting++;
      }
      state[position] = sum;
      dirty[word] &= ~bit;
      bySum[sum * words + word] |= bit;
      sumCounts[sum]++;
    }
  }

  /**
   * walkLength is how many nodes a walk from `start` looks at before it has found `enough` fitting
   * nodes (all of them if it never does), counting the nodes known or presumed to fit: exact when
   * no node before that point is dirty.
   */
  walkLength(start: number, enough: number): number {
    const size = this.size;
    const fitting = this.fitting;
    if (fitting < enough) return size;
    const before = this.countBefore(start);
    const after = fitting - before;
    if (after >= enough) return this.nth(before + enough) - start + 1;
    return size - start + this.nth(enough - after) + 1;
  }

  /**
   * firstDirty is the smallest distance in [from, to) from `start`, walking circularly, of a dirty
   * node, or -1 if there is none.
   */
  firstDirty(start: number, from: number, to: number): number {
    const size = this.size;
    const begin = start + from;
    const end = start + to;
    if (begin < size) {
      const found = firstSet(this.dirty, 0, begin, Math.min(end, size));
      if (found >= 0) return found - start;
      if (end <= size) return -1;
      const wrapped = firstSet(this.dirty, 0, 0, end - size);
      return wrapped < 0 ? -1 : wrapped + size - start;
    }
    const wrapped = firstSet(this.dirty, 0, begin - size, end - size);
    return wrapped < 0 ? -1 : wrapped + size - start;
  }

  /**
   * dirtyIn writes into `out` the positions of the dirty nodes at distances [from, to) from
   * `start`, walking circularly, in walk order, and returns how many it wrote: one call for what
   * firstDirty finds one at a time.
   */
  dirtyIn(start: number, from: number, to: number, out: Int32Array): number {
    const size = this.size;
    const begin = start + from;
    const end = start + to;
    if (begin >= size) return setPositions(this.dirty, begin - size, end - size, out, 0);
    const count = setPositions(this.dirty, begin, Math.min(end, size), out, 0);
    return end > size ? setPositions(this.dirty, 0, end - size, out, count) : count;
  }

  /**
   * best is the position of the fitting node with the highest sum among the `length` nodes from
   * `start` (circularly) known to fit, the lowest position on a tie; -1 when none does.
   */
  best(start: number, length: number): number {
    const size = this.size;
    const end = start + length;
    // The lower positions first: a wrapped window's part at the front of the list.
    const lowEnd = end > size ? end - size : 0;
    const highEnd = Math.min(end, size);
    while (this.highestSum >= 0 && this.sumCounts[this.highestSum] === 0) this.highestSum--;
    for (let sum = this.highestSum; sum >= 0; sum--) {
      if (this.sumCounts[sum] === 0) continue;
      const base = sum * this.words;
      if (lowEnd > 0) {
        const low = firstSetBut(this.bySum, base, 0, lowEnd, this.dirty);
        if (low >= 0) return low;
      }
      const high = firstSetBut(this.bySum, base, start, highEnd, this.dirty);
      if (high >= 0) return high;
    }
    return -1;
  }

  /** anyTop says whether a known fitting node at normalizerTop is among the `length` nodes from `start`. */
  anyTop(start: number, length: number): boolean {
    const size = this.size;
    const end = start + length;
    if (end > size && firstSetBut(this.atTop, 0, 0, end - size, this.dirty) >= 0) return true;
    return firstSetBut(this.atTop, 0, start, Math.min(end, size), this.dirty) >= 0;
  }

  /** countBefore is how many nodes at positions below `position` are known or presumed to fit. */
  private countBefore(position: number): number {
    let count = 0;
    for (let i = position; i > 0; i -= i & -i) count += this.fenwick[i];
    return count;
  }

  /** nth is the position of the `n`th node known or presumed to fit (1-based), by position; n <= fitting. */
  private nth(n: number): number {
    const fenwick = this.fenwick;
    let at = 0;
    for (let step = this.topStep; step > 0; step >>= 1) {
      const next = at + step;
      if (next <= this.size && fenwick[next] < n) {
        at = next;
        n -= fenwick[next];
      }
    }
    return at;
  }

  private add(position: number, delta: number): void {
    this.countChanges++;
    for (let i = position + 1; i <= this.size; i += i & -i) this.fenwick[i] += delta;
  }
}

/** The values of ShapeIndex.state other than sums. */
export const INDEX_DIRTY = DIRTY;
export const INDEX_DIRTY_FITTING = DIRTY_FITTING;
export const INDEX_FAILS = FAILS;
