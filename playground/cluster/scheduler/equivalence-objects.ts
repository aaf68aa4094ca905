/**
 * The object filters' verdicts on each node object, shared by pod shapes that differ only in their
 * requests (and so in nothing the object filters read: tolerations, node selector, node affinity,
 * node name). A shape judges a node object it has not judged before by running its object filters
 * (see objectFilterCount) on it; every shape does so once per node, so a thousand nodes and a few
 * dozen shapes make tens of thousands of filter runs, mostly before the first pods are bound. The
 * shapes with the same object part ask them once per node object here instead.
 */
import { SUCCESS, type FilterPlugin, type PluginStatus } from './types';

/**
 * ObjectVerdicts holds, by node list position, the settled verdict of a run of object filters on
 * the node object (SUCCESS, or the failure of the first that failed), stamped with the node's
 * objectGeneration (unique over all NodeInfos, so a node that moved or changed never matches).
 * Errors and throws are never kept: the entry's own judge reports them.
 */
export class ObjectVerdicts {
  /** objectGeneration of the node when its verdict was stored; 0: nothing stored. */
  readonly stamps: Float64Array;
  /** The verdict stored for the node object stamped there: SUCCESS or the first failure. */
  readonly verdicts: PluginStatus[];
  /** The object filters the verdicts are for, in the order they ran. */
  private readonly filters: FilterPlugin[] = [];
  /**
   * The positions where a failure was stored (see listFailure), each once, and a flag per position
   * saying it is listed: a new shape of this object part takes them all at once (see failuresNow)
   * instead of finding them one by one. A listed position may have changed since.
   */
  private readonly failing: number[] = [];
  private readonly listed: Uint8Array;

  constructor(readonly size: number) {
    this.stamps = new Float64Array(size);
    this.verdicts = new Array<PluginStatus>(size);
    this.listed = new Uint8Array(size);
  }

  /** listFailure notes that a failure was stored at `position` (after storing it in `stamps` and `verdicts`). */
  listFailure(position: number): void {
    if (this.listed[position] !== 0) return;
    this.listed[position] = 1;
    this.failing.push(position);
  }

  /**
   * failuresNow writes into `out` the positions whose stored verdict is a failure of the node
   * object there now (its objectGeneration is `objects[position]`), in the order they were first
   * stored, and returns how many it wrote.
   */
  failuresNow(objects: Float64Array, out: Int32Array): number {
    const { failing, stamps, verdicts } = this;
    let count = 0;
    for (let k = 0; k < failing.length; k++) {
      const position = failing[k];
      if (stamps[position] === objects[position] && verdicts[position] !== SUCCESS) out[count++] = position;
    }
    return count;
  }

  /**
   * readyFor makes the verdicts be for the first `count` of `filters`: kept when they are the
   * filters they were made with, else forgotten (a cordon or an uncordon somewhere adds or drops
   * NodeUnschedulable, for one).
   */
  readyFor(filters: readonly FilterPlugin[], count: number): void {
    const kept = this.filters;
    let same = kept.length === count;
    for (let k = 0; k < count && same; k++) same = kept[k] === filters[k];
    if (same) return;
    this.stamps.fill(0);
    this.listed.fill(0);
    this.failing.length = 0;
    kept.length = 0;
    for (let k = 0; k < count; k++) kept.push(filters[k]);
  }
}

/**
 * objectKey is the part of a shape key (equivalence-cache.ts shapeKey) that is not the pod's four
 * request numbers: "" for a pod that asks for nothing but resources, else the JSON array's items
 * after the fourth number (numbers hold no comma).
 */
export function objectKey(shapeKey: string): string {
  if (shapeKey.charCodeAt(0) !== 91 /* [ */) return '';
  let at = 0;
  for (let n = 0; n < 4 && at >= 0; n++) at = shapeKey.indexOf(',', at + 1);
  return at < 0 ? shapeKey : shapeKey.slice(at + 1);
}
