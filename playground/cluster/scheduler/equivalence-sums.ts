/**
 * Weighted score sums for the equivalence cache: a node's weighted raw scores of the plugins that
 * score node by node without normalizing, added up in plugin order. With whole scores and whole
 * weights every sum is exact, so comparing sums compares totals (see equivalence-score.ts).
 */
import type { Pod } from '../api/types';
import type { NodeInfo } from './node-info';
import type { CycleState, ScorePlugin } from './types';

/** Weights above this could make the sums inexact: never cached as sums. */
export const MAX_SUMMED_WEIGHT = 2 ** 20;

/** isSummableWeight: a whole weight in 0..MAX_SUMMED_WEIGHT. */
export function isSummableWeight(weight: number): boolean {
  return Number.isInteger(weight) && weight >= 0 && weight <= MAX_SUMMED_WEIGHT;
}

/** isWholeScore: a whole number in 0..100, as every built-in plugin's score is. */
export function isWholeScore(score: unknown): boolean {
  return typeof score === 'number' && Number.isInteger(score) && score >= 0 && score <= 100;
}

/** Summed is, per attempt, the plugins whose weighted scores a node's sum adds up, in plugin order. */
export interface Summed {
  plugins: ScorePlugin[];
  indexes: number[];
  weights: number[];
  /** The entry's raw-score table of each, and its bit in `entry.scored`. */
  tables: Float64Array[];
  bits: number[];
}

/** addSummed appends score plugin number `index` to `summed`, with its raw-score table from `table`. */
export function addSummed(summed: Summed, plugin: ScorePlugin, index: number, table: Float64Array): void {
  summed.plugins.push(plugin);
  summed.indexes.push(index);
  summed.weights.push(plugin.weight);
  summed.tables.push(table);
  summed.bits.push(1 << index);
}

/**
 * weightedSum adds up one node's weighted raw scores, in plugin order, taking raw scores from the
 * entry where it holds them. Undefined when a plugin throws or answers anything but a whole number
 * in 0..100 (scorePhase then reports it).
 */
export function weightedSum(summed: Summed, pod: Pod, nodeInfo: NodeInfo, position: number, state: CycleState, scored: Uint8Array): number | undefined {
  const { plugins, tables, bits, weights } = summed;
  let sum = 0;
  for (let k = 0; k < plugins.length; k++) {
    const raw = tables[k];
    let score: number;
    if (position >= 0 && (scored[position] & bits[k]) !== 0) score = raw[position];
    else {
      try {
        score = plugins[k].score(pod, nodeInfo, state);
      } catch {
        return undefined;
      }
      // isWholeScore written out: a call per score costs QuickJS more than the test.
      if (typeof score !== 'number' || !(score >= 0 && score <= 100) || score % 1 !== 0) return undefined;
      if (position >= 0) {
        raw[position] = score;
        scored[position] |= bits[k];
      }
    }
    sum += score * weights[k];
  }
  return sum;
}
