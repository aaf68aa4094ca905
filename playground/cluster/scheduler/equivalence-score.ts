/**
 * Scoring and selecting in one pass over the feasible nodes, for an attempt with an equivalence
 * cache entry whose scored plugins have no `normalize` (NodeResourcesFit and
 * NodeResourcesBalancedAllocation; TaintToleration and NodeAffinity mostly answer a constant score
 * for the whole list): each node's total is the cached raw scores weighed and added up in plugin
 * order, exactly the additions scorePhase makes, and the best total is kept as selectPhase keeps it,
 * so no array of scores or totals is built. When anything is out of the ordinary (a plugin that
 * normalizes, throws or answers a score outside 0..100), it answers undefined and the attempt takes
 * scorePhase and selectPhase, which report the problem exactly as without the cache.
 */
import type { Pod } from '../api/types';
import type { ShapeEntry } from './equivalence-cache';
import { collectRejections, filterCached } from './equivalence-walk';
import type { Framework } from './framework';
import type { NodeInfo } from './node-info';
import type { ScheduleAttempt, ScheduleOptions } from './schedule-pod';
import { constantScore, scorePhase } from './score-phase';
import { selectPhase } from './select-phase';
import type { CycleState, ScorePlugin } from './types';

/**
 * attemptCached is attemptSchedule without a trace, with an equivalence cache entry: the cached
 * filter walk, then scoring and selecting in one pass when it can, else scorePhase and selectPhase
 * over cached raw scores. The rejected nodes are gathered only when no node was selected.
 */
export function attemptCached(
  framework: Framework,
  pod: Pod,
  nodes: readonly NodeInfo[],
  state: CycleState,
  options: ScheduleOptions,
  entry: ShapeEntry,
): ScheduleAttempt {
  const walk = filterCached(framework, pod, nodes, state, options, entry);
  const feasible = walk.feasible;
  const result: ScheduleAttempt = { evaluated: walk.evaluated, feasible: feasible.length, filtered: walk };
  if (walk.error) return { ...result, error: walk.error };
  let selected: string | null | undefined = null;
  if (feasible.length > 1) selected = scoreAndSelectCached(framework, pod, feasible, walk.positions, state, entry);
  if (selected === undefined || feasible.length === 1) {
    const scored = scorePhase(framework, pod, feasible, state, undefined, { entry, positions: walk.positions });
    if (scored.error) return { ...result, error: scored.error };
    selected = selectPhase(feasible, scored.totals) ?? null;
  }
  if (selected !== null) result.selected = selected;
  else collectRejections(framework, pod, nodes, state, entry, walk);
  return result;
}

/** Per attempt: the score plugins scored node by node, with their raw-score tables and weights. */
interface Terms {
  plugins: ScorePlugin[];
  tables: (Float64Array | undefined)[];
  bits: number[];
  weights: number[];
  /** For a constant plugin after the first scored one: its weighted score, added per node; else NaN. */
  constants: number[];
}

/**
 * scoreAndSelectCached returns the selected node's name, null when no total beats -Infinity (as
 * selectPhase), or undefined when the attempt must score the usual way. `feasible` holds at least
 * two nodes; `positions` their list positions.
 */
export function scoreAndSelectCached(
  framework: Framework,
  pod: Pod,
  feasible: readonly NodeInfo[],
  positions: readonly number[],
  state: CycleState,
  entry: ShapeEntry,
): string | null | undefined {
  const scorePlugins = framework.scorePlugins;
  const terms: Terms = { plugins: [], tables: [], bits: [], weights: [], constants: [] };
  // Constant scores before the first plugin scored node by node add up into `base`, as in scorePhase.
  let base = 0;
  for (let p = 0; p < scorePlugins.length; p++) {
    const plugin = scorePlugins[p];
    const constant = constantScore(plugin, pod, feasible, state);
    if (constant !== undefined) {
      if (terms.plugins.length === 0) base += constant * plugin.weight;
      else addTerm(terms, plugin, undefined, 0, constant * plugin.weight);
      continue;
    }
    if (plugin.normalize) return undefined;
    addTerm(terms, plugin, entry.rawScores(p), 1 << p, NaN);
  }
  const { plugins, tables, bits, weights, constants } = terms;
  const termCount = plugins.length;
  const { stamps, scored } = entry;
  let best: NodeInfo | undefined;
  let bestScore = -Infinity;
  try {
    for (let i = 0; i < feasible.length; i++) {
      const position = positions[i];
      const nodeInfo = feasible[i];
      const known = stamps[position] === nodeInfo.generation;
      let total = base;
      for (let k = 0; k < termCount; k++) {
        const table = tables[k];
        if (table === undefined) {
          total += constants[k];
          continue;
        }
        let score: number;
        if (known && (scored[position] & bits[k]) !== 0) score = table[position];
        else {
          score = plugins[k].score(pod, nodeInfo, state);
          if (typeof score !== 'number') return undefined;
          if (known) {
            table[position] = score;
            scored[position] |= bits[k];
          }
        }
        if (!(score >= 0 && score <= 100)) return undefined;
        total += score * weights[k];
      }
      // selectPhase's rule: the highest total; a tie goes to the node whose name sorts first.
      if (total > bestScore || (total === bestScore && best !== undefined && nodeInfo.name < best.name)) {
        best = nodeInfo;
        bestScore = total;
      }
    }
  } catch {
    return undefined;
  }
  return best === undefined ? null : best.name;
}

function addTerm(terms: Terms, plugin: ScorePlugin, table: Float64Array | undefined, bit: number, constant: number): void {
  terms.plugins.push(plugin);
  terms.tables.push(table);
  terms.bits.push(bit);
  terms.weights.push(plugin.weight);
  terms.constants.push(constant);
}
