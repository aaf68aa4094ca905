/**
 * The score phase of a scheduling attempt: every score plugin rates every feasible node, the
 * framework weighs and adds the ratings up. Without a trace it takes shortcuts that leave every
 * total exactly as the traced walk computes it.
 */
import type { Pod } from '../api/types';
import type { EquivalenceWalk } from './equivalence-cache';
import { scoreCached } from './equivalence-walk';
import { invalidScoreMessage, type Framework } from './framework';
import type { NodeInfo } from './node-info';
import type { NodeTrace } from './schedule-pod';
import type { CycleState, ScorePlugin } from './types';

/**
 * constantScore asks a plugin's `constantScore` (only without a trace); a plugin that throws or
 * answers anything but a score in 0..100 is scored node by node, so `score` reports the problem.
 */
export function constantScore(plugin: ScorePlugin, pod: Pod, feasible: readonly NodeInfo[], state: CycleState): number | undefined {
  if (typeof plugin.constantScore !== 'function') return undefined;
  try {
    const score = plugin.constantScore(pod, feasible, state);
    return typeof score === 'number' && score >= 0 && score <= 100 ? score : undefined;
  } catch {
    return undefined;
  }
}

/**
 * scorePhase totals the weighted scores of every score plugin for each feasible node. With a single
 * feasible node there is nothing to compare, and kube-scheduler skips scoring; so do we. With
 * `cached` (no trace), raw scores the equivalence cache holds are taken from it.
 */
export function scorePhase(
  framework: Framework,
  pod: Pod,
  feasible: readonly NodeInfo[],
  state: CycleState,
  traceByNode: Map<string, NodeTrace> | undefined,
  cached?: EquivalenceWalk,
): { totals: number[]; error?: string } {
  const count = feasible.length;
  if (count <= 1) return { totals: new Array(count).fill(0) };
  if (traceByNode) return scoreTraced(framework, pod, feasible, state, traceByNode);
  const scores: number[] = [];
  const plugins = framework.scorePlugins;
  // Until a plugin scores node by node, every node has the same total: `base` stands for all of
  // them, and constant scores are added to it once instead of once per node. The sums are the
  // same operations on the same numbers, in the same order, as adding per node.
  let base = 0;
  let totals: number[] | undefined;
  for (let p = 0; p < plugins.length; p++) {
    const plugin = plugins[p];
    const constant = constantScore(plugin, pod, feasible, state);
    if (constant !== undefined) {
      const weighted = constant * plugin.weight;
      if (totals === undefined) base += weighted;
      else for (let i = 0; i < count; i++) totals[i] += weighted;
      continue;
    }
    const error = cached
      ? scoreCached(plugin, p, pod, feasible, cached.positions, state, scores, cached.entry)
      : framework.scoreNodes(plugin, pod, feasible, count, state, scores);
    if (error) return { totals: totals ?? [], error };
    const weight = plugin.weight;
    const first = totals === undefined;
    if (totals === undefined) totals = [];
    // Check each score while adding it up, written out rather than isValidScore: one pass over the
    // nodes instead of two, and no call per node (what QuickJS is slowest at).
    for (let i = 0; i < count; i++) {
      const score = scores[i];
      if (typeof score !== 'number' || !(score >= 0 && score <= 100)) return { totals, error: invalidScoreMessage(plugin, score) };
      if (first) totals.push(base + score * weight);
      else totals[i] += score * weight;
    }
  }
  return { totals: totals ?? new Array(count).fill(base) };
}

/** scoreTraced is scorePhase recording each plugin's raw, normalized and weighted score per node. */
function scoreTraced(
  framework: Framework,
  pod: Pod,
  feasible: readonly NodeInfo[],
  state: CycleState,
  traceByNode: Map<string, NodeTrace>,
): { totals: number[]; error?: string } {
  const count = feasible.length;
  const totals: number[] = new Array(count).fill(0);
  const scores: number[] = [];
  const raw: number[] = [];
  for (const plugin of framework.scorePlugins) {
    const error = framework.runScore(plugin, pod, feasible, count, state, scores, raw);
    if (error) return { totals, error };
    const weight = plugin.weight;
    for (let i = 0; i < count; i++) {
      const weighted = scores[i] * weight;
      totals[i] += weighted;
      const entry = traceByNode.get(feasible[i].name)!;
      (entry.score ??= {})[plugin.name] = { raw: raw[i], normalized: scores[i], weighted };
    }
  }
  feasible.forEach((node, i) => (traceByNode.get(node.name)!.total = totals[i]));
  return { totals };
}
