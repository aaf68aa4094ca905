/**
 * The generation board of a node list: every node's current generation by list position, and a log
 * of the positions whose generation changed, numbered in order. The equivalence cache's walk reads
 * the generations from one array instead of from a thousand NodeInfos scattered in memory; its node
 * index (equivalence-index.ts) reads the log to find the few nodes that changed since a pod shape
 * was last scheduled, instead of comparing every node's generation.
 */

/** The log keeps at least this many changes; a reader further behind starts over from the board. */
const MIN_LOG_LENGTH = 1024;

/** NodeBoard holds the generations of one node list and the log of their changes (see the file comment). */
export class NodeBoard {
  /** generations[position] is the generation of the NodeInfo at that list position now. */
  readonly generations: Float64Array;
  /** objects[position] is its objectGeneration (see NodeInfo.objectGeneration). */
  readonly objects: Float64Array;
  /** The positions changed, as a ring: change number c sits at `changes[c & mask]`. */
  readonly changes: Int32Array;
  readonly mask: number;
  /** How many changes were logged so far: the number the next change gets. */
  seq = 0;

  constructor(readonly size: number) {
    this.generations = new Float64Array(size);
    this.objects = new Float64Array(size);
    let length = MIN_LOG_LENGTH;
    while (length < 2 * size) length *= 2;
    this.changes = new Int32Array(length);
    this.mask = length - 1;
  }

  /** set records that the node at `slot` has generation `generation` and object generation `object` now. */
  set(slot: number, generation: number, object: number): void {
    this.generations[slot] = generation;
    this.objects[slot] = object;
    this.changes[this.seq & this.mask] = slot;
    this.seq++;
  }

  /** remembers says whether change number `from` and every later one are still in the log. */
  remembers(from: number): boolean {
    return from >= 0 && from <= this.seq && this.seq - from <= this.changes.length;
  }
}
