/**
 * A cached attempt answered by the shape's node index (equivalence-index.ts) instead of a walk:
 * the same `evaluated`, feasible count and selected node as the cached walk, from a few tree and
 * bitset steps plus the plugins on the nodes that changed and that the walk would have reached.
 *
 * It answers only the common case, and leaves every other attempt to the walk (which then decides
 * exactly as before): the SchedulerCache's board, node names sorted with positions (so a tie goes
 * to the lowest position), an entry that was walked before, every score plugin either constant
 * over the whole node list or summed (no normalizing, whole weights, sums within the index's
 * range), sums held for those plugins and weights, and a node that fits somewhere (otherwise the
 * walk gathers the rejections). A node the walk would reach that is not immutable, a filter that
 * errors or throws, or a score that is not a whole number also hands the attempt to the walk.
 */
import type { Pod } from '../api/types';
import { objectFilterCount, type ShapeEntry } from './equivalence-cache';
import { INDEX_DIRTY, INDEX_FAILS, MAX_INDEXED_SUM, ShapeIndex } from './equivalence-index';
import { isSummableWeight, weightedSum, type Summed } from './equivalence-sums';
import { judge, runningPlugins } from './equivalence-walk';
import { walkBounds } from './filter-phase';
import type { Framework } from './framework';
import type { NodeBoard } from './node-board';
import type { NodeInfo } from './node-info';
import type { ScheduleAttempt, ScheduleOptions } from './schedule-pod';
import { constantScore } from './score-phase';
import { SUCCESS, type CycleState, type FilterPlugin } from './types';

/**
 * attemptIndexed is attemptCached answered by the entry's node index, or undefined when the
 * attempt must walk (see the file comment). `filtered.feasible` is left empty: the index names
 * the selected node without listing the others.
 */
export function attemptIndexed(
  framework: Framework,
  pod: Pod,
  nodes: readonly NodeInfo[],
  state: CycleState,
  options: ScheduleOptions,
  entry: ShapeEntry,
): ScheduleAttempt | undefined {
  const board = options.board;
  const equivalence = options.equivalence!;
  const size = nodes.length;
  if (board === undefined || size === 0 || board.size !== size || entry.size !== size || !equivalence.sortedByName(nodes)) return undefined;
  const summed = summedPlugins(framework, pod, nodes, state, entry);
  if (summed === undefined) return undefined;
  const index = currentIndex(entry, board);
  const { stamps, verdicts, scored } = entry;
  const sums = entry.sums!;
  const sumStamps = entry.sumStamps!;
  const generations = board.generations;
  const { enough, start } = walkBounds(size, options);
  let plugins: FilterPlugin[] | undefined;
  let objectFilters = 0;
  let misses = 0;
  // Resolve the dirty nodes before where the walk stops if every presumption holds; count again,
  // and go on if a presumption was wrong and the walk goes further. Once no dirty node is before
  // the stop, the stop is exact. Resolving a node past the true stop runs a pure built-in plugin
  // early: it changes what the entry knows, never a decision.
  let length = index.walkLength(start, enough);
  for (let from = 0; from < length; ) {
    for (let distance = index.firstDirty(start, from, length); distance >= 0; distance = index.firstDirty(start, distance + 1, length)) {
      const position = start + distance < size ? start + distance : start + distance - size;
      const nodeInfo = nodes[position];
      if (stamps[position] !== generations[position]) {
        if (!nodeInfo.immutable) return undefined;
        misses++;
        if (plugins === undefined) {
          plugins = runningPlugins(framework, pod, state);
          objectFilters = objectFilterCount(framework, plugins);
        }
        try {
          if (judge(framework, plugins, objectFilters, pod, nodeInfo, state, entry, position).code === 'Error') return undefined;
        } catch {
          return undefined;
        }
      }
      let sum = INDEX_FAILS;
      if (verdicts[position] === SUCCESS) {
        if (sumStamps[position] !== stamps[position]) {
          const computed = weightedSum(summed, pod, nodeInfo, position, state, scored);
          if (computed === undefined) return undefined;
          sums[position] = computed;
          sumStamps[position] = stamps[position];
        }
        sum = sums[position];
        if (!(sum >= 0 && sum <= MAX_INDEXED_SUM && Number.isInteger(sum))) return undefined;
      }
      index.settle(position, sum);
    }
    from = length;
    length = index.walkLength(start, enough);
  }
  const found = Math.min(index.fitting, enough);
  if (found === 0) return undefined;
  const best = index.best(start, length);
  equivalence.stats.indexed++;
  equivalence.stats.walked += length;
  equivalence.stats.misses += misses;
  return { evaluated: length, feasible: found, filtered: { feasible: [], evaluated: length, rejected: [], rejections: [] }, selected: nodes[best].name };
}

/**
 * summedPlugins is the score plugins this attempt sums, or undefined when the index cannot
 * answer: a weight that is not whole, a plugin that scores node by node and normalizes, a
 * constant score that is not whole, sums that could pass MAX_INDEXED_SUM, or sums the entry
 * does not hold. A constant score is asked over the whole node list: a built-in's constant score
 * over a list is its constant score over any part of it (the walk's feasible nodes).
 */
function summedPlugins(framework: Framework, pod: Pod, nodes: readonly NodeInfo[], state: CycleState, entry: ShapeEntry): Summed | undefined {
  const summed: Summed = { plugins: [], indexes: [], weights: [], tables: [], bits: [] };
  const scorePlugins = framework.scorePlugins;
  let highest = 0;
  for (let p = 0; p < scorePlugins.length; p++) {
    const plugin = scorePlugins[p];
    const weight = plugin.weight;
    if (!isSummableWeight(weight)) return undefined;
    const constant = constantScore(plugin, pod, nodes, state);
    if (constant !== undefined) {
      if (!Number.isInteger(constant)) return undefined;
      continue;
    }
    if (plugin.normalize) return undefined;
    highest += 100 * weight;
    summed.plugins.push(plugin);
    summed.indexes.push(p);
    summed.weights.push(weight);
    summed.tables.push(entry.rawScores(p));
    summed.bits.push(1 << p);
  }
  if (highest > MAX_INDEXED_SUM || !entry.holdsSums(summed.indexes, summed.weights)) return undefined;
  return summed;
}

/** currentIndex is the entry's node index, made current with the board: caught up, or rebuilt. */
function currentIndex(entry: ShapeEntry, board: NodeBoard): ShapeIndex {
  let index = entry.index;
  if (index === undefined || index.size !== entry.size) index = entry.index = new ShapeIndex(entry.size);
  if (index.board === board && index.version === entry.version && board.remembers(index.seq)) {
    index.catchUp(board, entry.objectFails, entry.objectStamps);
    return index;
  }
  const { stamps, verdicts, sums, sumStamps } = entry;
  const generations = board.generations;
  index.rebuild(board, entry.version, (position) => {
    if (stamps[position] !== generations[position]) return INDEX_DIRTY;
    if (verdicts[position] !== SUCCESS) return INDEX_FAILS;
    if (sumStamps![position] !== stamps[position]) return INDEX_DIRTY;
    const sum = sums![position];
    return sum >= 0 && sum <= MAX_INDEXED_SUM && Number.isInteger(sum) ? sum : INDEX_DIRTY;
  });
  return index;
}
