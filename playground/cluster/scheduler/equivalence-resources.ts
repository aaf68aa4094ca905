/**
 * Resolving a changed node at once for the common pod shape: one whose only filter that reads a
 * node's pods is NodeResourcesFit, and whose summed scores (see equivalence-sums.ts) are
 * NodeResourcesFit's and NodeResourcesBalancedAllocation's. A binding changes one node, and every
 * shape's node index then resolves it again (equivalence-indexed.ts): judge runs the filter, then
 * weightedSum the two scores, five calls per node, where this is one. It leaves the entry exactly
 * as judge then weightedSum would, and answers only a node that fits on a node object the entry
 * has judged before (its object filters passed and still stand): a node that does not fit goes
 * to judge, whose failure status names the plugin.
 *
 * The formulas are the plugins' own, written out once more (QuickJS pays for every call of a
 * plugin); a property test compares this with judge and weightedSum. Math's functions stay: in
 * QuickJS `x - (x % 1)` for Math.trunc measured slower, not faster.
 */
import type { Pod } from '../api/types';
import type { ShapeEntry } from './equivalence-cache';
import { ObjectVerdicts } from './equivalence-objects';
import type { Summed } from './equivalence-sums';
import type { Framework } from './framework';
import type { NodeBoard } from './node-board';
import type { NodeInfo } from './node-info';
import { NodeResourcesBalancedAllocation } from './plugins/node-resources-balanced-allocation';
import { NodeResourcesFit } from './plugins/node-resources-fit';
import { MAX_NODE_SCORE, SUCCESS, type CycleState, type FilterPlugin, type PluginStatus } from './types';

/**
 * resourcesOnly says whether resolveResources may stand for judge and weightedSum in an attempt:
 * after the `objectFilters` object filters, `plugins` (the filters that run) hold NodeResourcesFit
 * alone, and `summed` holds only NodeResourcesFit and NodeResourcesBalancedAllocation, each at
 * most once (a list step code filled by hand may hold one twice). The caller runs only unchanged
 * built-ins (the equivalence cache's condition).
 */
export function resourcesOnly(plugins: readonly FilterPlugin[], objectFilters: number, summed: Summed): boolean {
  if (plugins.length !== objectFilters + 1 || plugins[objectFilters] !== NodeResourcesFit) return false;
  const scorers = summed.plugins;
  let fit = 0;
  let balanced = 0;
  for (let k = 0; k < scorers.length; k++) {
    if (scorers[k] === NodeResourcesFit) fit++;
    else if (scorers[k] === NodeResourcesBalancedAllocation) balanced++;
    else return false;
  }
  return fit <= 1 && balanced <= 1;
}

/**
 * Where resolveResources writes the raw score of a summed plugin the attempt does not sum (with
 * weight 0): a throwaway table, so that each node stores both scores without asking which it sums.
 */
let unsummed = new Float64Array(0);

/**
 * resolveResources judges and sums, for the pod (`state.pod` its PodInfo), each node at the first
 * `count` positions of `positions` the entry does not know as it is now, as judge then weightedSum
 * would, and returns how many it resolved. `plugins` are the filters that run and `objectFilters`
 * how many of them are object filters (see objectFilterCount). On a node object the entry has not
 * judged, it runs the object filters, as judge would first, and stores a failure as judge would.
 * It leaves a node alone (for judge to decide, or for the caller to settle as failing) when it is
 * not immutable, an object filter does not pass it or throws, its object failed an object filter as
 * the entry knows, the pod does not fit, or a score is not a whole number in 0..100. `summed` must pass resourcesOnly. One call for all the changed nodes of
 * an attempt, everything but the node read once.
 *
 * It moves the positions it left alone to the front of `positions`, in their order, and writes
 * those it resolved into `scratch` (room for `count`), in theirs, so that a caller settles the
 * resolved ones in one call (see ShapeIndex.settleSums). What `positions` holds after the ones left
 * alone is undefined.
 *
 * `objectScoreBits` are the `entry.scored` bits of score plugins whose raw score reads only the
 * node object and the pod's shape (see equivalence-plan.ts): on a node whose object the entry has
 * judged before, their raw scores stay known, where judge would forget them.
 */
export function resolveResources(
  framework: Framework,
  entry: ShapeEntry,
  nodes: readonly NodeInfo[],
  positions: Int32Array,
  count: number,
  pod: Pod,
  state: CycleState,
  filters: readonly FilterPlugin[],
  objectFilters: number,
  summed: Summed,
  scratch: Int32Array,
  objectScoreBits = 0,
): number {
  const info = state.pod;
  const { stamps, verdicts, objectStamps, scored } = entry;
  const sums = entry.sums!;
  const sumStamps = entry.sumStamps!;
  const { plugins, tables, bits, weights } = summed;
  const podMilliCpu = info.requests.milliCpu;
  const podMemory = info.requests.memory;
  const podNonZeroMilliCpu = info.nonZeroRequests.milliCpu;
  const podNonZeroMemory = info.nonZeroRequests.memory;
  // The fit checks' `request > 0 && request > free` as one comparison: -Infinity exceeds nothing.
  const cpuNeed = podMilliCpu > 0 ? podMilliCpu : -Infinity;
  const memoryNeed = podMemory > 0 ? podMemory : -Infinity;
  // With ordinary numbers on both sides (see NodeInfo.plainResources), the scores need no Math.
  // A node's plainResources is compared with `plain`: true for a plain pod, else a value it never has.
  const plain = podNonZeroMilliCpu >= 0 && podNonZeroMilliCpu < Infinity && podNonZeroMemory >= 0 && podNonZeroMemory < Infinity ? true : undefined;
  // The summed plugins (each at most once: see resourcesOnly), in either order: a node's sum is
  // least × w + balanced × v, whole numbers, so the same as weightedSum's in plugin order. One that
  // is not summed takes weight 0 and the throwaway table.
  if (unsummed.length < entry.size) unsummed = new Float64Array(entry.size);
  let fitTable: Float64Array = unsummed;
  let balancedTable: Float64Array = unsummed;
  let fitWeight = 0;
  let balancedWeight = 0;
  let summedBits = 0;
  for (let k = 0; k < plugins.length; k++) {
    if (plugins[k] === NodeResourcesFit) {
      fitTable = tables[k];
      fitWeight = weights[k];
    } else {
      balancedTable = tables[k];
      balancedWeight = weights[k];
    }
    summedBits |= bits[k];
  }
  // The object filters' verdicts this shape shares (an entry made outside the cache: its own).
  const objectVerdicts = (entry.objectVerdicts ??= new ObjectVerdicts(entry.size));
  objectVerdicts.readyFor(filters, objectFilters);
  const { stamps: sharedStamps, verdicts: sharedVerdicts } = objectVerdicts;
  let resolved = 0;
  let left = 0;
  for (let d = 0; d < count; d++) {
    const position = positions[d];
    const nodeInfo = nodes[position];
    const stamp = nodeInfo.generation;
    // Left alone: kept at the front, in order.
    positions[left++] = position;
    if (stamps[position] === stamp) continue;
    const objectGeneration = nodeInfo.objectGeneration;
    // The raw scores that stay known: those read from the node object, if the entry judged it.
    let keptBits = objectScoreBits;
    const objectStamp = objectStamps[position];
    // A node object the entry judged passing (most changed nodes) is immutable: the entry stores
    // verdicts of immutable nodes only, and a node is immutable or not per object (setNode sets
    // both), so only a node object the entry has not judged is asked.
    if (objectStamp !== objectGeneration) {
      // Its object failed an object filter, as the entry knows, or may change in place: left alone.
      if (objectStamp === -objectGeneration || !nodeInfo.immutable) continue;
      // A node object the entry has not judged: its object filters first, as judge runs them; a
      // node failing one is stored as judge stores it (the caller then settles it as failing).
      // A node object a shape of the same object part found passing (most are) passes without a call.
      const shared = sharedStamps[position] === objectGeneration && sharedVerdicts[position] === SUCCESS;
      if (!shared && !objectFiltersPass(framework, filters, objectFilters, pod, nodeInfo, state, entry, position, objectVerdicts)) continue;
      keptBits = 0;
    }
    // NodeResourcesFit.filter: no shortage of pods, CPU or memory.
    if (nodeInfo.podCount + 1 > nodeInfo.allocatablePods || cpuNeed > nodeInfo.freeMilliCpu || memoryNeed > nodeInfo.freeMemory) continue;
    const cpuAllocatable = nodeInfo.allocatableMilliCpu;
    const cpuRequested = nodeInfo.nonZeroMilliCpu + podNonZeroMilliCpu;
    const memoryAllocatable = nodeInfo.allocatableMemory;
    const memoryRequested = nodeInfo.nonZeroMemory + podNonZeroMemory;
    let least: number;
    let balanced: number;
    if (nodeInfo.plainResources === plain) {
      // Allocatable above 0 and below 1e300 (its free share × 100 stays finite), requested at
      // least 0 (or +Infinity, which reads as more than allocatable, as below): every quotient
      // lies in 0..100 (0..1 for the fractions),
      // where `| 0` truncates as Math.trunc does, and both scores are whole numbers in 0..100.
      // With allocatable above 0, requested / allocatable exceeds 1 (or rounds to it) exactly
      // when requested exceeds allocatable: the one test serves the free share and Math.min.
      let cpuFree = 0;
      let cpuFraction = 1;
      if (!(cpuRequested > cpuAllocatable)) {
        cpuFree = (((cpuAllocatable - cpuRequested) * MAX_NODE_SCORE) / cpuAllocatable) | 0;
        cpuFraction = cpuRequested / cpuAllocatable;
      }
      let memoryFree = 0;
      let memoryFraction = 1;
      if (!(memoryRequested > memoryAllocatable)) {
        memoryFree = (((memoryAllocatable - memoryRequested) * MAX_NODE_SCORE) / memoryAllocatable) | 0;
        memoryFraction = memoryRequested / memoryAllocatable;
      }
      least = ((cpuFree + memoryFree) / 2) | 0;
      let difference = cpuFraction - memoryFraction;
      if (difference < 0) difference = -difference;
      balanced = ((1 - difference / 2) * MAX_NODE_SCORE) | 0;
    } else {
      // NodeResourcesFit.score (LeastAllocated).
      const cpuFree = cpuAllocatable === 0 || cpuRequested > cpuAllocatable ? 0 : Math.trunc(((cpuAllocatable - cpuRequested) * MAX_NODE_SCORE) / cpuAllocatable);
      const memoryFree =
        memoryAllocatable === 0 || memoryRequested > memoryAllocatable ? 0 : Math.trunc(((memoryAllocatable - memoryRequested) * MAX_NODE_SCORE) / memoryAllocatable);
      least = Math.trunc((cpuFree + memoryFree) / 2);
      // NodeResourcesBalancedAllocation.score.
      const cpuFraction = cpuAllocatable === 0 ? 1 : Math.min(1, cpuRequested / cpuAllocatable);
      const memoryFraction = memoryAllocatable === 0 ? 1 : Math.min(1, memoryRequested / memoryAllocatable);
      balanced = Math.trunc((1 - Math.abs(cpuFraction - memoryFraction) / 2) * MAX_NODE_SCORE);
      // weightedSum's check of each score: a whole number in 0..100 (else judge and weightedSum decide).
      if (!(least >= 0 && least <= 100 && balanced >= 0 && balanced <= 100)) continue;
    }
    // judge's stores for a node that passed, then weightedSum's, in plugin order.
    stamps[position] = stamp;
    verdicts[position] = SUCCESS;
    objectStamps[position] = objectGeneration;
    fitTable[position] = least;
    balancedTable[position] = balanced;
    scored[position] = summedBits | (scored[position] & keptBits);
    sums[position] = least * fitWeight + balanced * balancedWeight;
    sumStamps[position] = stamp;
    left--;
    scratch[resolved++] = position;
  }
  return resolved;
}

/**
 * storeKnownObjectFailures stores in `entry`, which knows no node yet (its first attempt), the
 * nodes whose object the shapes of its object part found failing an object filter (see
 * ObjectVerdicts.failuresNow), as objectFiltersPass would store each when the walk reaches it,
 * writes their positions into `out` and returns how many: the shape's node index then starts
 * with them known to fail (ShapeIndex.rebuildUnknown) instead of presuming that they fit and
 * learning otherwise one by one. Only for a shape resolveResources stands for (the shapes that
 * fill ObjectVerdicts), with its filters `filters` of which `objectFilters` are object filters.
 *
 * The node objects the part found passing it takes as judged by the entry itself (their object
 * stamps, in one copy of the part's): resolveResources then resolves such a node as one whose
 * pods alone changed, without asking the shared verdict on the entry's first sight of it (20k
 * first sights in a run of 1k nodes). The entry keeps no object score of a node yet (a new
 * entry's `scored` is empty, and clear empties a reused one's), so none is kept wrongly.
 */
export function storeKnownObjectFailures(entry: ShapeEntry, filters: readonly FilterPlugin[], objectFilters: number, board: NodeBoard, out: Int32Array): number {
  const objectVerdicts = (entry.objectVerdicts ??= new ObjectVerdicts(entry.size));
  objectVerdicts.readyFor(filters, objectFilters);
  const objects = board.objects;
  // Every stamp the part holds, positive: the current failures are negated below (failuresNow
  // lists each), and a stamp of an object since changed matches no node's objectGeneration.
  if (objectVerdicts.size === entry.size) entry.objectStamps.set(objectVerdicts.stamps);
  const count = objectVerdicts.failuresNow(objects, out);
  const generations = board.generations;
  const { stamps, verdicts, scored, objectStamps } = entry;
  for (let k = 0; k < count; k++) {
    const position = out[k];
    // objectFiltersPass's stores for a node that failed an object filter (ObjectVerdicts holds
    // verdicts of immutable nodes only: resolveResources asks it of no other).
    stamps[position] = generations[position];
    verdicts[position] = objectVerdicts.verdicts[position];
    scored[position] = 0;
    objectStamps[position] = -objects[position];
  }
  return count;
}

/**
 * objectFiltersPass says whether each of the first `objectFilters` of `filters` passes the node, as
 * judge runs them, taking the verdict from `objectVerdicts` when a shape with the same object part
 * has judged this node object (and storing it there otherwise). When one fails, it stores the
 * failure in the entry at `position` exactly as judge would (the node must be immutable) and
 * returns false; it returns false and stores nothing when one throws or answers an error (judge
 * then runs it again and reports it).
 */
function objectFiltersPass(
  framework: Framework,
  filters: readonly FilterPlugin[],
  objectFilters: number,
  pod: Pod,
  nodeInfo: NodeInfo,
  state: CycleState,
  entry: ShapeEntry,
  position: number,
  objectVerdicts: ObjectVerdicts,
): boolean {
  const objectGeneration = nodeInfo.objectGeneration;
  let verdict: PluginStatus = SUCCESS;
  if (objectVerdicts.stamps[position] === objectGeneration) verdict = objectVerdicts.verdicts[position];
  else {
    for (let k = 0; k < objectFilters; k++) {
      let status: PluginStatus;
      try {
        status = filters[k].filter(pod, nodeInfo, state);
        if (status === SUCCESS) continue;
        status = framework.settleFilterStatus(filters[k], status);
      } catch {
        return false;
      }
      if (status.code === 'Success') continue;
      if (status.code === 'Error') return false;
      verdict = status;
      break;
    }
    objectVerdicts.stamps[position] = objectGeneration;
    objectVerdicts.verdicts[position] = verdict;
    if (verdict !== SUCCESS) objectVerdicts.listFailure(position);
  }
  if (verdict === SUCCESS) return true;
  // judge's stores for a node that failed an object filter.
  entry.stamps[position] = nodeInfo.generation;
  entry.verdicts[position] = verdict;
  entry.scored[position] = 0;
  entry.objectStamps[position] = -objectGeneration;
  return false;
}
