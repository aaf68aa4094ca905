/**
 * The filter walk and the per-node scoring with an equivalence cache entry (see
 * equivalence-cache.ts): the same walk as filterPhase, in the same order with the same stopping
 * point, where a node whose state the entry knows takes the stored verdict instead of running the
 * plugins, and a node it does not know runs them and is remembered.
 */
import type { Pod } from '../api/types';
import { objectFilterCount, type ShapeEntry } from './equivalence-cache';
import { isWholeScore } from './equivalence-sums';
import { errorMessage, failWith, skips, walkBounds, type FilterOutcome } from './filter-phase';
import { filterThrewStatus, scoreThrewMessage, type Framework } from './framework';
import type { NodeInfo } from './node-info';
import type { ScheduleOptions } from './schedule-pod';
import { SUCCESS, type CycleState, type FilterPlugin, type PluginStatus, type ScorePlugin } from './types';

/** CachedWalk is a FilterOutcome plus where the walk started and where each feasible node sits. */
export interface CachedWalk extends FilterOutcome {
  start: number;
  /**
   * positions[i] is the node list position of feasible node i, where the entry holds its verdict
   * for the node as it is now; or, for a node that is not cached (its object may change in place),
   * the position's bitwise complement (a negative number).
   */
  positions: number[];
  /** The best feasible node by the sums the entry held during the walk (see Speculation). */
  speculation: Speculation | undefined;
}

/**
 * Speculation is the selection made while walking, from the weighted score sums the entry held
 * (see scoreAndSelectCached): the best feasible node among those with a sum (by sum, then list
 * position), and the feasible nodes that had none. It stands if this attempt sums the same
 * plugins with the same weights and nothing is normalized; otherwise it is ignored.
 */
export interface Speculation {
  /** Index in `feasible` of the best node so far, or -1. */
  best: number;
  sum: number;
  /** Indexes in `feasible` of nodes without a sum. */
  pending: number[];
}

/**
 * filterCached is filterPhase without a trace, using and filling `entry`. The rejected nodes are
 * left out (`rejected` stays empty): they only matter when the pod fits nowhere, and then
 * collectRejections walks the same nodes again, from the entry, in the same order. `feasible` and
 * `positions` are the equivalence cache's own arrays, valid until its next attempt.
 */
export function filterCached(
  framework: Framework,
  pod: Pod,
  nodes: readonly NodeInfo[],
  state: CycleState,
  options: ScheduleOptions,
  entry: ShapeEntry,
): CachedWalk {
  const { enough, start } = walkBounds(nodes.length, options);
  // The cache's two arrays, reused from attempt to attempt rather than grown anew each time.
  const equivalence = options.equivalence!;
  const feasible = equivalence.feasibleBuffer;
  const positions = equivalence.positionBuffer;
  const walk: CachedWalk = { feasible, evaluated: 0, rejected: [], rejections: [], start, positions, speculation: undefined };
  const { stamps, verdicts, sumStamps } = entry;
  const nodeCount = nodes.length;
  // Selecting while walking needs sums, and ties broken by position (names sorted with positions).
  const sums = sumStamps !== undefined && equivalence.sortedByName(nodes) ? entry.sums : undefined;
  const pending: number[] = [];
  let best = -1;
  let bestSum = 0;
  let bestPosition = 0;
  const generations = options.board?.size === nodeCount ? options.board.generations : generationsOf(nodes);
  // The plugins that run on a node the entry does not know: decided at the first such node.
  let plugins: FilterPlugin[] | undefined;
  let objectFilters = 0;
  let index = start;
  let evaluated = 0;
  let found = 0;
  let misses = 0;
  try {
    for (; evaluated < nodeCount && found < enough; evaluated++) {
      const position = index;
      if (++index === nodeCount) index = 0;
      let verdict: PluginStatus;
      let code = position;
      // A known node is not looked at (nor loaded from memory): its stamp, generation and verdict
      // sit in three arrays.
      if (stamps[position] === generations[position]) verdict = verdicts[position];
      else {
        const nodeInfo = nodes[position];
        misses++;
        if (plugins === undefined) {
          plugins = runningPlugins(framework, pod, state);
          objectFilters = objectFilterCount(framework, plugins);
        }
        verdict = judge(framework, plugins, objectFilters, pod, nodeInfo, state, entry, position);
        if (verdict.code === 'Error') return failWith(walk, evaluated + 1, errorMessage(verdict, plugins[judging]));
        if (!nodeInfo.immutable) code = ~position;
      }
      // Indexed appends rather than push: a method call per node costs QuickJS more than the store.
      if (verdict === SUCCESS) {
        feasible[found] = nodes[position];
        positions[found] = code;
        if (sums !== undefined) {
          if (code >= 0 && sumStamps![code] === stamps[code]) {
            const sum = sums[code];
            if (best < 0 || sum > bestSum || (sum === bestSum && code < bestPosition)) {
              best = found;
              bestSum = sum;
              bestPosition = code;
            }
          } else pending.push(found);
        }
        found++;
      }
    }
  } catch (error) {
    return failWith(walk, evaluated + 1, errorMessage(filterThrewStatus(plugins![judging], error), plugins![judging]));
  } finally {
    feasible.length = found;
    positions.length = found;
    equivalence.stats.walked += evaluated;
    equivalence.stats.misses += misses;
  }
  walk.evaluated = evaluated;
  if (sums !== undefined) walk.speculation = { best, sum: bestSum, pending };
  return walk;
}

/**
 * collectRejections fills the walk's `rejected` and `rejections`, in walk order, as filterPhase
 * would have: from the entry, where every node the walk met that can be cached now is.
 */
export function collectRejections(framework: Framework, pod: Pod, nodes: readonly NodeInfo[], state: CycleState, entry: ShapeEntry, walk: CachedWalk): void {
  const plugins = runningPlugins(framework, pod, state);
  const objectFilters = objectFilterCount(framework, plugins);
  for (let i = 0; i < walk.evaluated; i++) {
    const position = (walk.start + i) % nodes.length;
    const nodeInfo = nodes[position];
    const known = entry.stamps[position] === nodeInfo.generation;
    // The same plugins on the same unchanged node: the same verdict as in the walk.
    const verdict = known ? entry.verdicts[position] : judge(framework, plugins, objectFilters, pod, nodeInfo, state, entry, position);
    if (verdict === SUCCESS) continue;
    walk.rejected.push(nodeInfo);
    walk.rejections.push(verdict);
  }
}

/** The index of the plugin judge ran last: the one that threw, when judge throws. */
let judging = 0;

/**
 * judge runs the plugins on one node, as filterPhase's inner loop: the settled status of the first
 * that fails (an Error status included), or SUCCESS; a throw propagates with `judging` naming the
 * plugin. On a node whose object is the one the entry last judged (only its pods changed), the
 * first `objectFilters` plugins (see objectFilterCount) answer as they did then: a failure among
 * them stands, and otherwise they are not run again. A verdict other than Error is stored in the
 * entry when the node cannot change in place.
 */
export function judge(
  framework: Framework,
  plugins: FilterPlugin[],
  objectFilters: number,
  pod: Pod,
  nodeInfo: NodeInfo,
  state: CycleState,
  entry: ShapeEntry,
  position: number,
): PluginStatus {
  let first = 0;
  const objectStamp = entry.objectStamps[position];
  if (objectStamp === -nodeInfo.objectGeneration && nodeInfo.immutable) {
    // A failure by an object filter on this very object stands.
    entry.stamps[position] = nodeInfo.generation;
    entry.scored[position] = 0;
    return entry.verdicts[position];
  }
  if (objectStamp === nodeInfo.objectGeneration) first = objectFilters;
  let verdict = SUCCESS;
  for (judging = first; judging < plugins.length; judging++) {
    const status = plugins[judging].filter(pod, nodeInfo, state);
    if (status === SUCCESS) continue;
    const settled = framework.settleFilterStatus(plugins[judging], status);
    if (settled.code === 'Success') continue;
    if (settled.code === 'Error') return settled;
    verdict = settled;
    break;
  }
  if (nodeInfo.immutable) {
    entry.stamps[position] = nodeInfo.generation;
    entry.verdicts[position] = verdict;
    entry.scored[position] = 0;
    entry.objectStamps[position] = verdict !== SUCCESS && judging < objectFilters ? -nodeInfo.objectGeneration : nodeInfo.objectGeneration;
  }
  return verdict;
}

/** generationsOf gathers the nodes' generations, for a caller that has no SchedulerCache's board. */
function generationsOf(nodes: readonly NodeInfo[]): Float64Array {
  const generations = new Float64Array(nodes.length);
  for (let i = 0; i < nodes.length; i++) generations[i] = nodes[i].generation;
  return generations;
}

/** runningPlugins: the filter plugins, less those whose `skip` says they pass every node for this pod. */
export function runningPlugins(framework: Framework, pod: Pod, state: CycleState): FilterPlugin[] {
  const plugins: FilterPlugin[] = [];
  for (const plugin of framework.filterPlugins) if (!skips(plugin, pod, state)) plugins.push(plugin);
  return plugins;
}

/**
 * scoreCached is Framework.scoreNodes for score plugin number `index`, taking each feasible node's
 * raw score from the entry where it holds one, then normalizing over all of them as scoreNodes does.
 */
export function scoreCached(
  plugin: ScorePlugin,
  index: number,
  pod: Pod,
  feasible: readonly NodeInfo[],
  positions: readonly number[],
  state: CycleState,
  out: number[],
  entry: ShapeEntry,
): string | undefined {
  const count = feasible.length;
  if (out.length > count) out.length = count;
  const scored = entry.scored;
  const raw = entry.rawScores(index);
  const bit = 1 << index;
  try {
    for (let i = 0; i < count; i++) {
      const position = positions[i];
      let score: number;
      if (position >= 0 && (scored[position] & bit) !== 0) score = raw[position];
      else {
        score = plugin.score(pod, feasible[i], state);
        // weightedSum takes a kept raw score on trust: a plugin summed unnormalized keeps only a
        // valid one, and an invalid one is scored (and reported by scorePhase) again next time.
        if (position >= 0 && (plugin.normalize !== undefined || isWholeScore(score))) {
          raw[position] = score;
          scored[position] |= bit;
        }
      }
      if (i < out.length) out[i] = score;
      else out.push(score);
    }
    if (plugin.normalize) plugin.normalize(out, state);
  } catch (error) {
    return scoreThrewMessage(plugin, error);
  }
  return undefined;
}
