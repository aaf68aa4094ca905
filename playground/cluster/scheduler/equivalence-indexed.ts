/**
 * A cached attempt answered by the shape's node index (equivalence-index.ts) instead of a walk:
 * the same `evaluated`, feasible count and selected node as the cached walk, from a few tree and
 * bitset steps plus the plugins on the nodes that changed and that the walk would have reached.
 *
 * It answers only the common case, and leaves every other attempt to the walk (which then decides
 * exactly as before): the SchedulerCache's board, node names sorted with positions (so a tie goes
 * to the lowest position), every score plugin either constant over the whole node list or summed
 * (whole weights, sums within the index's range), and a node that fits somewhere (otherwise the
 * walk gathers the rejections). It answers from a shape's first attempt on: a node the entry does
 * not know is presumed to fit if it did (or was never judged), and judged once the walk would reach
 * it. A node the walk would reach that is not immutable, a filter that errors or throws, or a score
 * that is not a whole number also hands the attempt to the walk.
 *
 * One normalizing plugin (NodeAffinity with preferred terms, TaintToleration on soft taints) is
 * folded into the sums too: a built-in's normalized score depends on the node's raw score and the
 * highest raw score among the feasible nodes only. The index normalizes against the highest raw
 * score it knows of a fitting node, and the answer stands when a feasible node of the attempt has
 * that raw score (and none more: a higher one makes the index start over).
 */
import type { Pod } from '../api/types';
import type { ShapeEntry } from './equivalence-cache';
import { INDEX_DIRTY, INDEX_DIRTY_FITTING, INDEX_FAILS, MAX_INDEXED_SUM, ShapeIndex } from './equivalence-index';
import { filtersOf, scorePlanOf } from './equivalence-plan';
import { resolveResources, storeKnownObjectFailures } from './equivalence-resources';
import { isWholeScore, weightedSum } from './equivalence-sums';
import { judge } from './equivalence-walk';
import { walkBounds } from './filter-phase';
import type { Framework } from './framework';
import type { NodeBoard } from './node-board';
import type { NodeInfo } from './node-info';
import type { ScheduleAttempt, ScheduleOptions } from './schedule-pod';
import { SUCCESS, type CycleState, type FilterPlugin, type ScorePlugin } from './types';

/**
 * The lists of an indexed attempt's FilterOutcome, shared and frozen: the index walks no list,
 * and it answers only attempts that select a node, whose rejections no caller reads.
 */
const NONE = Object.freeze([]) as never[];

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
  // A constant score is asked over the whole node list: a built-in's constant score over a list
  // is its constant score over any part of it (the walk's feasible nodes).
  // The shape's plan (equivalence-plan.ts), with sums the entry holds for its summed plugins.
  const plan = scorePlanOf(framework, pod, nodes, state, entry);
  if (plan === undefined) return undefined;
  const summed = plan.summed;
  // At most one normalizing plugin that scores node by node, and totals within MAX_INDEXED_SUM.
  if (plan.normalizing.length > 1 || plan.highest > MAX_INDEXED_SUM) return undefined;
  const normalizer = plan.normalizing.length === 0 ? undefined : normalizerOf(framework, plan.normalizing[0], entry);
  const index = currentIndex(framework, pod, entry, board, normalizer, state);
  if (index === undefined) return undefined;
  const { stamps, verdicts, scored } = entry;
  const sums = entry.sums!;
  const sumStamps = entry.sumStamps!;
  const generations = board.generations;
  const { enough, start } = walkBounds(size, options);
  // A percentage that is not a number makes `enough` NaN: the walk then looks at no node at all.
  if (!(enough > 0)) return undefined;
  let plugins: FilterPlugin[] | undefined;
  let objectFilters = 0;
  // Whether resolveResources may resolve the changed nodes (see resourcesOnly): decided at the
  // first changed node, with the plugins that run.
  let resources: boolean | undefined;
  let misses = 0;
  // Resolve the dirty nodes before where the walk stops if every presumption holds; count again,
  // and go on if a presumption was wrong and the walk goes further. Once no dirty node is before
  // the stop, the stop is exact. Resolving a node past the true stop runs a pure built-in plugin
  // early: it changes what the entry knows, never a decision.
  let length = index.walkLength(start, enough);
  for (let from = 0; from < length; ) {
    // Resolving a node makes no other dirty: the dirty ones are listed at once.
    const dirty: Int32Array = index.dirtyList;
    const dirtyCount = index.dirtyIn(start, from, length, dirty);
    const countChanges = index.countChanges;
    if (dirtyCount > 0 && resources === undefined) {
      const filters = filtersOf(framework, pod, state, entry.plan!);
      plugins = filters.filters;
      objectFilters = filters.objectFilters;
      resources = filters.resolvable;
    }
    // The changed nodes that still fit, resolved at once for the common shape (see
    // equivalence-resources.ts), listed in the index's scratch list, the others left at the front
    // of the dirty list; judge decides the others below. With no normalizing plugin, the resolved
    // ones are settled in one call: each fits, with a sum the entry now holds, a whole number
    // within plan.highest (at most MAX_INDEXED_SUM). With one, those whose normalized score is at
    // hand are settled in one loop (settleFolded), and the rest are listed after the others.
    let judged = dirtyCount;
    if (resources === true) {
      const resolvedList = index.scratchList;
      const resolved = resolveResources(framework, entry, nodes, dirty, dirtyCount, pod, state, plugins!, objectFilters, summed, resolvedList, entry.plan!.objectScoreBits);
      misses += resolved;
      judged = dirtyCount - resolved;
      if (normalizer === undefined) index.settleSums(resolvedList, 0, resolved, sums, plan.highest);
      else judged = settleFolded(index, normalizer, resolvedList, resolved, sums, scored, dirty, judged);
    }
    for (let d = 0; d < judged; d++) {
      const position = dirty[d];
      const nodeInfo = nodes[position];
      if (stamps[position] !== generations[position]) {
        if (!nodeInfo.immutable) return undefined;
        misses++;
        try {
          if (judge(framework, plugins!, objectFilters, pod, nodeInfo, state, entry, position).code === 'Error') return undefined;
        } catch {
          return undefined;
        }
      }
      let sum = INDEX_FAILS;
      let top = false;
      if (verdicts[position] === SUCCESS) {
        if (sumStamps[position] !== stamps[position]) {
          const computed = weightedSum(summed, pod, nodeInfo, position, state, scored);
          if (computed === undefined) return undefined;
          sums[position] = computed;
          sumStamps[position] = stamps[position];
        }
        sum = sums[position];
        if (normalizer !== undefined) {
          const raw = normalizerRaw(normalizer, pod, nodeInfo, position, state, scored);
          if (raw === undefined) return undefined;
          if (raw > index.normalizerTop) {
            // Normalized against too low a top: the index starts over at the next attempt.
            index.version = -1;
            return undefined;
          }
          top = raw === index.normalizerTop;
          const score = normalizedScore(normalizer, index, raw, state);
          if (score === undefined) return undefined;
          sum += normalizer.weight * score;
        }
        if (!(sum >= 0 && sum <= MAX_INDEXED_SUM && Number.isInteger(sum))) return undefined;
      }
      index.settle(position, sum, top);
    }
    from = length;
    // Every presumption held (no count changed): the walk stops where it was counted to.
    if (index.countChanges !== countChanges) length = index.walkLength(start, enough);
  }
  const found = Math.min(index.fitting, enough);
  // The normalizing plugin's scores are as the index has them only if the top is among the feasible.
  if (found === 0 || (normalizer !== undefined && !index.anyTop(start, length))) return undefined;
  const best = index.best(start, length);
  equivalence.stats.indexed++;
  equivalence.stats.walked += length;
  equivalence.stats.misses += misses;
  return { evaluated: length, feasible: found, filtered: { feasible: NONE, evaluated: length, rejected: NONE, rejections: NONE }, selected: nodes[best].name };
}

/**
 * settleFolded settles each node at `positions[0…count)`, resolved by resolveResources (it fits,
 * and the entry holds its sum), whose raw score of the normalizing plugin the entry holds, is not
 * above the index's normalizerTop and has its normalized score remembered in the index: its sum
 * plus the weighted normalized score, as the judged loop of attemptIndexed would settle it, with
 * none of that loop's questions, each of which this node has answered already. The total is a
 * whole number within plan.highest (a whole normalized score in 0..100 and a whole weight, the
 * plan's terms), so it needs no range check. The other nodes it writes into `rest` from `restAt`
 * on, for that loop to settle, and returns the new end. One call for the attempt's resolved nodes.
 */
function settleFolded(index: ShapeIndex, normalizer: Normalizer, positions: Int32Array, count: number, sums: Float64Array, scored: Uint8Array, rest: Int32Array, restAt: number): number {
  const { table, bit, weight } = normalizer;
  const top = index.normalizerTop;
  const normalized = index.normalized;
  for (let r = 0; r < count; r++) {
    const position = positions[r];
    const raw = table[position];
    const score = (scored[position] & bit) !== 0 && raw <= top ? normalized.get(raw) : undefined;
    if (score === undefined) rest[restAt++] = position;
    else index.settle(position, sums[position] + weight * score, raw === top);
  }
  return restAt;
}

/** Normalizer is the one normalizing score plugin an attempt folds into the index's sums. */
interface Normalizer {
  plugin: ScorePlugin;
  index: number;
  weight: number;
  /** The entry's raw-score table of the plugin, and its bit in `entry.scored`. */
  table: Float64Array;
  bit: number;
}

/** normalizerRaw is the normalizing plugin's raw score on a node, from the entry if it holds it; undefined if not a number >= 0. */
function normalizerRaw(normalizer: Normalizer, pod: Pod, nodeInfo: NodeInfo, position: number, state: CycleState, scored: Uint8Array): number | undefined {
  if ((scored[position] & normalizer.bit) !== 0) return normalizer.table[position];
  let score: unknown;
  try {
    score = normalizer.plugin.score(pod, nodeInfo, state);
  } catch {
    return undefined;
  }
  if (typeof score !== 'number' || !(score >= 0 && score <= Number.MAX_SAFE_INTEGER)) return undefined;
  normalizer.table[position] = score;
  scored[position] |= normalizer.bit;
  return score;
}

/** normalizerOf is score plugin number `index`, with its table and bit, as the Normalizer of an attempt. */
function normalizerOf(framework: Framework, index: number, entry: ShapeEntry): Normalizer {
  const plugin = framework.scorePlugins[index];
  return { plugin, index, weight: plugin.weight, table: entry.rawScores(index), bit: 1 << index };
}

/**
 * normalizedScore is what the plugin's normalize makes of raw score `raw` among scores whose
 * highest is the index's normalizerTop (remembered per raw score); undefined if not a whole score.
 */
function normalizedScore(normalizer: Normalizer, index: ShapeIndex, raw: number, state: CycleState): number | undefined {
  let score = index.normalized.get(raw);
  if (score !== undefined) return score;
  const scores = [raw, index.normalizerTop];
  try {
    normalizer.plugin.normalize!(scores, state);
  } catch {
    return undefined;
  }
  score = scores[0];
  if (!isWholeScore(score)) return undefined;
  index.normalized.set(raw, score);
  return score;
}

/**
 * currentIndex is the entry's node index, made current with the board: caught up, or rebuilt (for
 * other sums, another normalizing plugin or weight, or a board it cannot catch up with). Undefined
 * when the normalizing plugin's scores cannot be folded in.
 */
function currentIndex(framework: Framework, pod: Pod, entry: ShapeEntry, board: NodeBoard, normalizer: Normalizer | undefined, state: CycleState): ShapeIndex | undefined {
  let index = entry.index;
  if (index === undefined || index.size !== entry.size) index = entry.index = new ShapeIndex(entry.size);
  const normalizerIndex = normalizer?.index ?? -1;
  const normalizerWeight = normalizer?.weight ?? 0;
  if (
    index.board === board &&
    index.version === entry.version &&
    index.normalizer === normalizerIndex &&
    index.normalizerWeight === normalizerWeight &&
    board.remembers(index.seq)
  ) {
    index.catchUp(board, entry.objectStamps);
    return index;
  }
  return rebuiltIndex(framework, pod, entry, board, normalizer, state, index);
}

/**
 * rebuiltIndex is currentIndex's answer when the index cannot catch up: `index`, rebuilt from what
 * the entry knows. Apart from currentIndex because its closures capture the arguments: V8 then
 * makes a context for them on every call of the function that holds them, and most calls catch up.
 */
function rebuiltIndex(
  framework: Framework,
  pod: Pod,
  entry: ShapeEntry,
  board: NodeBoard,
  normalizer: Normalizer | undefined,
  state: CycleState,
  index: ShapeIndex,
): ShapeIndex | undefined {
  const normalizerIndex = normalizer?.index ?? -1;
  const normalizerWeight = normalizer?.weight ?? 0;
  const { stamps, verdicts, sums, sumStamps, scored } = entry;
  if (entry.uses === 1) {
    // The entry's first attempt since it last served another shape: it knows no node (every
    // stamp is 0), so each is what `known` below makes of a node it does not know as it is now.
    index.normalizer = normalizerIndex;
    index.normalizerWeight = normalizerWeight;
    index.normalizerTop = 0;
    index.normalized.clear();
    // But the nodes a shape of the same object part found failing by their object: the entry
    // learns them at once, as resolveResources would one by one when the walk reaches them
    // (storing a failure early changes what the entry knows, never a decision), and the index
    // does not count them as fitting (no walk is counted again for each; most zone shapes walk
    // all the nodes, two thirds of which fail).
    const plan = filtersOf(framework, pod, state, entry.plan!);
    // The scratch list is free here: the attempt fills it with resolved nodes only after this
    // returns, and rebuildUnknown reads the failing positions before that.
    const failing = index.scratchList;
    const failingCount = plan.resolvable ? storeKnownObjectFailures(entry, plan.filters!, plan.objectFilters, board, failing) : 0;
    index.rebuildUnknown(board, entry.version, verdicts, SUCCESS, !entry.recycled, failing, failingCount);
    return index;
  }
  const generations = board.generations;
  const known = (position: number) => stamps[position] === generations[position] && verdicts[position] === SUCCESS && sumStamps![position] === stamps[position];
  // The top to normalize against: the highest raw score the entry holds of a fitting node.
  let top = 0;
  if (normalizer !== undefined) {
    for (let p = 0; p < entry.size; p++) if (known(p) && (scored[p] & normalizer.bit) !== 0 && normalizer.table[p] > top) top = normalizer.table[p];
  }
  index.normalizer = normalizerIndex;
  index.normalizerWeight = normalizerWeight;
  index.normalizerTop = top;
  index.normalized.clear();
  let failed = false;
  index.rebuild(
    board,
    entry.version,
    (position) => {
      // Not known as it is now: presumed to fit if it did (or was never judged), as catchUp does.
      if (stamps[position] !== generations[position]) return verdicts[position] === SUCCESS ? INDEX_DIRTY_FITTING : INDEX_DIRTY;
      if (verdicts[position] !== SUCCESS) return INDEX_FAILS;
      if (sumStamps![position] !== stamps[position]) return INDEX_DIRTY;
      let sum = sums![position];
      if (normalizer !== undefined) {
        if ((scored[position] & normalizer.bit) === 0) return INDEX_DIRTY;
        const score = normalizedScore(normalizer, index, normalizer.table[position], state);
        if (score === undefined) failed = true;
        else sum += normalizer.weight * score;
      }
      return sum >= 0 && sum <= MAX_INDEXED_SUM && Number.isInteger(sum) ? sum : INDEX_DIRTY;
    },
    normalizer === undefined ? undefined : (position) => (scored[position] & normalizer.bit) !== 0 && normalizer.table[position] === top,
  );
  if (!failed) return index;
  index.version = -1;
  return undefined;
}
