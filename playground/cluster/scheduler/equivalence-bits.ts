/**
 * Bit and Fenwick-tree helpers of the shape node index (equivalence-index.ts): positions kept one
 * bit each in Int32Array words, listed or found without a call per bit (QuickJS pays for each).
 */

/** The Fenwick tree of `size` nodes that all count (node i's cell holds its lowest bit), the last one made. */
let allOnesTree = new Int32Array(1);

/** allOnes is the Fenwick tree of `size` nodes that all count, 1-based (kept for the next call of the same size). */
export function allOnes(size: number): Int32Array {
  if (allOnesTree.length !== size + 1) {
    allOnesTree = new Int32Array(size + 1);
    for (let i = 1; i <= size; i++) allOnesTree[i] = i & -i;
  }
  return allOnesTree;
}

/** firstSet is the lowest position in [from, to) whose bit is set in the bitset at `bits[base…]`, or -1. */
export function firstSet(bits: Int32Array, base: number, from: number, to: number): number {
  while (from < to) {
    const word = from >> 5;
    const set = bits[base + word] & (-1 << (from & 31));
    if (set !== 0) {
      const found = (word << 5) + 31 - Math.clz32(set & -set);
      return found < to ? found : -1;
    }
    from = (word + 1) << 5;
  }
  return -1;
}

/** firstSetBut is firstSet over the bits set in `bits[base…]` and clear in `but` (a bitset from word 0). */
export function firstSetBut(bits: Int32Array, base: number, from: number, to: number, but: Int32Array): number {
  while (from < to) {
    const word = from >> 5;
    const set = bits[base + word] & ~but[word] & (-1 << (from & 31));
    if (set !== 0) {
      const found = (word << 5) + 31 - Math.clz32(set & -set);
      return found < to ? found : -1;
    }
    from = (word + 1) << 5;
  }
  return -1;
}

/**
 * BIT_OF[(low * 0x077cb531) >>> 27] is the number of the bit set in `low`, a power of two as an
 * int32 (De Bruijn: every product's top five bits differ), where Math.clz32 would be a call.
 */
const BIT_OF = Int8Array.of(0, 1, 28, 2, 29, 14, 24, 3, 30, 22, 20, 15, 25, 17, 4, 8, 31, 27, 13, 23, 21, 19, 16, 7, 26, 12, 18, 6, 11, 5, 10, 9);

/**
 * setPositions writes the positions in [from, to) whose bit is set in `bits` into `out` from
 * index `count` on, lowest first, and returns the new count. The last word is cut at `to` before
 * its bits are listed, so no position is compared with `to`.
 */
export function setPositions(bits: Int32Array, from: number, to: number, out: Int32Array, count: number): number {
  if (from >= to) return count;
  const last = (to - 1) >> 5;
  let word = from >> 5;
  let set = bits[word] & (-1 << (from & 31));
  // The words before the last whole, then the last one cut at `to`.
  for (; word < last; set = bits[++word]) {
    while (set !== 0) {
      const low = set & -set;
      out[count++] = (word << 5) + BIT_OF[(low * 0x077cb531) >>> 27];
      set ^= low;
    }
  }
  set &= -1 >>> (31 - ((to - 1) & 31));
  while (set !== 0) {
    const low = set & -set;
    out[count++] = (word << 5) + BIT_OF[(low * 0x077cb531) >>> 27];
    set ^= low;
  }
  return count;
}
