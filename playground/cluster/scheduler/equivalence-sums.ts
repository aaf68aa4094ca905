/**
 * Weighted score sums for the equivalence cache: a node's weighted raw scores of the plugins that
 * score node by node without normalizing, added up in plugin order. With whole scores and whole
 * weights every sum is exact, so comparing sums compares totals (see equivalence-score.ts).
 */
import type { Pod } from '../api/types';
import type { ShapeEntry } from './equivalence-cache';
import type { Framework } from './framework';
import type { NodeInfo } from './node-info';
import { constantScore } from './score-phase';
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

/**
 * ScorePlan is how an attempt with an equivalence cache entry adds up a node's total: the weighed
 * constant scores (the same for every node), the summed plugins, and the plugins that score node
 * by node and normalize. One plan serves attempt after attempt (EquivalenceCache.scorePlan).
 */
export interface ScorePlan {
  summed: Summed;
  /** Every constant score, weighed, added up in plugin order. */
  base: number;
  /** The most the plugins that score node by node can add: 100 × their weights. */
  highest: number;
  /** The indexes of the score plugins that score node by node and normalize, in plugin order. */
  normalizing: number[];
}

/** newScorePlan is an empty ScorePlan. */
export function newScorePlan(): ScorePlan {
  return { summed: { plugins: [], indexes: [], weights: [], tables: [], bits: [] }, base: 0, highest: 0, normalizing: [] };
}

/**
 * planScores fills `plan` for the framework's score plugins, asking each plugin's constant score
 * over `nodes` (a built-in's constant score over a list is its constant score over any part of
 * it); false when the attempt must score the usual way: a weight that is not whole (see
 * isSummableWeight) or a constant score that is not a whole number.
 */
export function planScores(framework: Framework, pod: Pod, nodes: readonly NodeInfo[], state: CycleState, entry: ShapeEntry, plan: ScorePlan): boolean {
  const summed = plan.summed;
  summed.plugins.length = summed.indexes.length = summed.weights.length = summed.tables.length = summed.bits.length = 0;
  plan.normalizing.length = 0;
  plan.base = 0;
  plan.highest = 0;
  const scorePlugins = framework.scorePlugins;
  for (let p = 0; p < scorePlugins.length; p++) {
    const plugin = scorePlugins[p];
    const weight = plugin.weight;
    if (!isSummableWeight(weight)) return false;
    const constant = constantScore(plugin, pod, nodes, state);
    if (constant !== undefined) {
      if (!Number.isInteger(constant)) return false;
      plan.base += constant * weight;
      continue;
    }
    plan.highest += 100 * weight;
    if (plugin.normalize) plan.normalizing.push(p);
    else addSummed(summed, plugin, p, entry.rawScores(p));
  }
  return true;
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
