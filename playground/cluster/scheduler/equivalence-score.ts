/**
 * A cached attempt, and scoring and selecting in one pass over the feasible nodes for the common
 * case, where every weight and every score is a whole number (as with the built-in plugins and
 * their weights). Then every total is a whole number well below 2^53, added up exactly in any
 * order: a node's total is the constant scores (TaintToleration and NodeAffinity mostly answer one
 * for the whole list), plus the weighted sum of the plugins without `normalize`
 * (NodeResourcesFit, NodeResourcesBalancedAllocation), which the entry keeps per node, plus the
 * normalizing plugins' weighted scores, normalized for this attempt. The best total is kept as
 * selectPhase keeps it, with no array of totals. Anything else (a plugin that throws or answers a
 * score outside 0..100, a fractional weight) takes scorePhase and selectPhase, which also report
 * any problem exactly as without the cache.
 */
import type { Pod } from '../api/types';
import type { ShapeEntry } from './equivalence-cache';
import { collectRejections, filterCached, scoreCached, type Speculation } from './equivalence-walk';
import { attemptIndexed } from './equivalence-indexed';
import { isWholeScore, planScores, weightedSum, type ScorePlan, type Summed } from './equivalence-sums';
import type { Framework } from './framework';
import type { NodeInfo } from './node-info';
import type { ScheduleAttempt, ScheduleOptions } from './schedule-pod';
import { scorePhase } from './score-phase';
import { selectPhase } from './select-phase';
import type { CycleState } from './types';

/**
 * attemptCached is attemptSchedule without a trace, with an equivalence cache entry: the cached
 * filter walk, then scoring and selecting in one pass when it can, else scorePhase and selectPhase
 * over cached raw scores. The rejected nodes are gathered only when no node was selected. From
 * the shape's first attempt on, the entry's node index may answer instead (equivalence-indexed.ts).
 */
export function attemptCached(
  framework: Framework,
  pod: Pod,
  nodes: readonly NodeInfo[],
  state: CycleState,
  options: ScheduleOptions,
  entry: ShapeEntry,
): ScheduleAttempt {
  entry.uses++;
  const indexed = attemptIndexed(framework, pod, nodes, state, options, entry);
  if (indexed !== undefined) return indexed;
  const walk = filterCached(framework, pod, nodes, state, options, entry);
  const feasible = walk.feasible;
  const result: ScheduleAttempt = { evaluated: walk.evaluated, feasible: feasible.length, filtered: walk };
  if (walk.error) return { ...result, error: walk.error };
  let selected: string | null | undefined = null;
  if (feasible.length > 1) {
    const equivalence = options.equivalence!;
    const byPosition = equivalence.sortedByName(nodes);
    selected = scoreAndSelectCached(framework, pod, feasible, walk.positions, state, entry, byPosition, equivalence.scorePlan, walk.speculation);
  }
  if (selected === undefined || feasible.length === 1) {
    const scored = scorePhase(framework, pod, feasible, state, undefined, { entry, positions: walk.positions });
    if (scored.error) return { ...result, error: scored.error };
    selected = selectPhase(feasible, scored.totals) ?? null;
  }
  if (selected !== null) result.selected = selected;
  else collectRejections(framework, pod, nodes, state, entry, walk);
  return result;
}

/**
 * scoreAndSelectCached returns the selected node's name, null when no node is selected, or
 * undefined when the attempt must score the usual way. `feasible` holds at least two nodes;
 * `byPosition`: names increase with list positions, so a tie goes to the lower position. `plan`
 * is filled for this attempt (EquivalenceCache.scorePlan).
 */
export function scoreAndSelectCached(
  framework: Framework,
  pod: Pod,
  feasible: readonly NodeInfo[],
  positions: readonly number[],
  state: CycleState,
  entry: ShapeEntry,
  byPosition: boolean,
  plan: ScorePlan,
  speculation?: Speculation,
): string | null | undefined {
  if (!planScores(framework, pod, feasible, state, entry, plan)) return undefined;
  const { summed, base, normalizing } = plan;
  const normalized: number[][] = [];
  const normalizedWeights: number[] = [];
  for (let k = 0; k < normalizing.length; k++) {
    // Normalized over this attempt's feasible nodes: scored (from the entry's raw scores where it
    // has them) and normalized for this attempt, as scorePhase does, never summed ahead.
    const p = normalizing[k];
    const plugin = framework.scorePlugins[p];
    const scores: number[] = [];
    if (scoreCached(plugin, p, pod, feasible, positions, state, scores, entry) !== undefined) return undefined;
    for (let i = 0; i < scores.length; i++) if (!isWholeScore(scores[i])) return undefined;
    normalized.push(scores);
    normalizedWeights.push(plugin.weight);
  }
  if (speculation !== undefined && normalized.length === 0 && entry.holdsSums(summed.indexes, summed.weights)) {
    return settleSpeculation(summed, pod, feasible, positions, state, entry, speculation);
  }
  const sums = entry.sumsFor(summed.indexes, summed.weights);
  const sumStamps = entry.sumStamps!;
  const stamps = entry.stamps;
  let best = -1;
  let bestPosition = 0;
  let bestScore = -Infinity;
  for (let i = 0; i < feasible.length; i++) {
    const position = positions[i];
    let total: number;
    if (position >= 0 && sumStamps[position] === stamps[position]) total = base + sums[position];
    else {
      const sum = weightedSum(summed, pod, feasible[i], position, state, entry.scored);
      if (sum === undefined) return undefined;
      if (position >= 0) {
        sums[position] = sum;
        sumStamps[position] = stamps[position];
      }
      total = base + sum;
    }
    for (let k = 0; k < normalized.length; k++) total += normalized[k][i] * normalizedWeights[k];
    // selectPhase's rule: the highest total; a tie goes to the node whose name sorts first.
    if (total > bestScore || (total === bestScore && best >= 0 && (byPosition ? (position < 0 ? ~position : position) < bestPosition : feasible[i].name < feasible[best].name))) {
      best = i;
      bestPosition = position < 0 ? ~position : position;
      bestScore = total;
    }
  }
  return best < 0 ? null : feasible[best].name;
}

/**
 * settleSpeculation completes the walk's selection with the nodes that had no sum, by the same
 * rule (the highest sum, then the lowest list position, i.e. the first name): the best total,
 * since every total is the same constant part plus the node's sum, exactly.
 */
function settleSpeculation(
  summed: Summed,
  pod: Pod,
  feasible: readonly NodeInfo[],
  positions: readonly number[],
  state: CycleState,
  entry: ShapeEntry,
  speculation: Speculation,
): string | null | undefined {
  const { sums, sumStamps, stamps } = entry;
  let { best, sum: bestSum } = speculation;
  let bestPosition = best >= 0 ? positions[best] : 0;
  for (const i of speculation.pending) {
    const code = positions[i];
    const sum = weightedSum(summed, pod, feasible[i], code, state, entry.scored);
    if (sum === undefined) return undefined;
    if (code >= 0) {
      sums![code] = sum;
      sumStamps![code] = stamps[code];
    }
    const position = code < 0 ? ~code : code;
    if (best < 0 || sum > bestSum || (sum === bestSum && position < bestPosition)) {
      best = i;
      bestSum = sum;
      bestPosition = position;
    }
  }
  return best < 0 ? null : feasible[best].name;
}
