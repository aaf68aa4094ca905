/**
 * The scheduling algorithm for one pod, as kube-scheduler's `schedulePod`: filter the nodes, score
 * the feasible ones, select the best. Pure over the framework and the node snapshot, so tests and
 * the benchmark can call it without a cluster. Each phase is its own function.
 */
import type { Pod } from '../api/types';
import { filterPhase, type FilterOutcome } from './filter-phase';
import { invalidScoreMessage, type Framework } from './framework';
import type { NodeInfo } from './node-info';
import { podInfoOf } from './pod-info';
import type { CycleState, PluginStatus, ScorePlugin } from './types';

export { filterPhase, numFeasibleNodesToFind, type FilterOutcome } from './filter-phase';

/** NodeTrace is what the trace shows for one node: each plugin's verdict, then its scores. */
export interface NodeTrace {
  node: string;
  /** Plugin name → "passed" or the reason it failed (plugins after a failure do not run). */
  filter: Record<string, string>;
  /** Plugin name → raw score, normalized score (0..100) and weighted score. */
  score?: Record<string, { raw: number; normalized: number; weighted: number }>;
  total?: number;
}

/** ScheduleResult is the outcome of one attempt. */
export interface ScheduleResult {
  /** The chosen node, when one fits. */
  selected?: string;
  /** Nodes the filters looked at (all of them when none fits). */
  evaluated: number;
  feasible: number;
  /** Node name → the failing status, for nodes the filters rejected. */
  failures: Map<string, PluginStatus>;
  /** A plugin error: the attempt is abandoned and reported with this message. */
  error?: string;
  /** Per-node detail, only when asked for (tracing on). */
  nodes?: NodeTrace[];
}

/**
 * ScheduleAttempt is a ScheduleResult before the failures are gathered into a Map: the scheduler
 * needs that Map only when no node fits, so it keeps the filter phase's arrays until then.
 */
export type ScheduleAttempt = Omit<ScheduleResult, 'failures'> & { filtered: FilterOutcome };

/** ScheduleOptions tunes one attempt. */
export interface ScheduleOptions {
  /** 0 (default) = kube-scheduler's adaptive percentage; 100 = always look at every node. */
  percentageOfNodesToScore?: number;
  /** Where the filter walk starts (kube-scheduler rotates it so no node is always looked at first). */
  startIndex?: number;
  /** Collect per-node detail for the trace. Default false. */
  detail?: boolean;
}

/**
 * constantScore asks a plugin's `constantScore` (only without a trace); a plugin that throws or
 * answers anything but a score in 0..100 is scored node by node, so `score` reports the problem.
 */
function constantScore(plugin: ScorePlugin, pod: Pod, feasible: readonly NodeInfo[], state: CycleState): number | undefined {
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
 * feasible node there is nothing to compare, and kube-scheduler skips scoring; so do we.
 */
export function scorePhase(
  framework: Framework,
  pod: Pod,
  feasible: readonly NodeInfo[],
  state: CycleState,
  traceByNode: Map<string, NodeTrace> | undefined,
): { totals: number[]; error?: string } {
  const count = feasible.length;
  const totals: number[] = new Array(count).fill(0);
  if (count <= 1) return { totals };
  const scores: number[] = [];
  const raw: number[] | undefined = traceByNode ? [] : undefined;
  const plugins = framework.scorePlugins;
  for (let p = 0; p < plugins.length; p++) {
    const plugin = plugins[p];
    // Every node gets the same score: add it in the same order as below, so totals are identical.
    const constant = traceByNode ? undefined : constantScore(plugin, pod, feasible, state);
    if (constant !== undefined) {
      const weighted = constant * plugin.weight;
      for (let i = 0; i < count; i++) totals[i] += weighted;
      continue;
    }
    if (!traceByNode) {
      // Check each score while adding it up: one pass over the nodes instead of two.
      const error = framework.scoreNodes(plugin, pod, feasible, count, state, scores);
      if (error) return { totals, error };
      const weight = plugin.weight;
      for (let i = 0; i < count; i++) {
        const score = scores[i];
        // isValidScore, written out: a call per node is what QuickJS is slowest at.
        if (typeof score !== 'number' || !(score >= 0 && score <= 100)) return { totals, error: invalidScoreMessage(plugin, score) };
        totals[i] += score * weight;
      }
      continue;
    }
    const error = framework.runScore(plugin, pod, feasible, count, state, scores, raw);
    if (error) return { totals, error };
    const weight = plugin.weight;
    for (let i = 0; i < count; i++) {
      const weighted = scores[i] * weight;
      totals[i] += weighted;
      const entry = traceByNode.get(feasible[i].name)!;
      (entry.score ??= {})[plugin.name] = { raw: raw![i], normalized: scores[i], weighted };
    }
  }
  if (traceByNode) feasible.forEach((node, i) => (traceByNode.get(node.name)!.total = totals[i]));
  return { totals };
}

/** selectPhase picks the highest total; a tie goes to the node whose name sorts first. */
export function selectPhase(feasible: readonly NodeInfo[], totals: readonly number[]): string | undefined {
  let best: NodeInfo | undefined;
  let bestScore = -Infinity;
  for (let i = 0; i < feasible.length; i++) {
    const score = totals[i];
    if (score > bestScore || (score === bestScore && best !== undefined && feasible[i].name < best.name)) {
      best = feasible[i];
      bestScore = score;
    }
  }
  return best?.name;
}

/** attemptSchedule runs filter → score → select for one pod, keeping the rejections as arrays. */
export function attemptSchedule(framework: Framework, pod: Pod, nodes: readonly NodeInfo[], options: ScheduleOptions = {}): ScheduleAttempt {
  const state: CycleState = { pod: podInfoOf(pod), values: new Map() };
  const traces: NodeTrace[] | undefined = options.detail ? [] : undefined;

  const filtered = filterPhase(framework, pod, nodes, state, options, traces);
  const result: ScheduleAttempt = { evaluated: filtered.evaluated, feasible: filtered.feasible.length, filtered };
  if (traces) result.nodes = traces;
  if (filtered.error) return { ...result, error: filtered.error };
  if (filtered.feasible.length === 0) return result;

  const traceByNode = traces ? new Map(traces.map((t) => [t.node, t])) : undefined;
  const scored = scorePhase(framework, pod, filtered.feasible, state, traceByNode);
  if (scored.error) return { ...result, error: scored.error };

  const selected = selectPhase(filtered.feasible, scored.totals);
  if (selected !== undefined) result.selected = selected;
  return result;
}

/** failureMap is node name → failing status for the nodes the filters rejected, in walk order. */
export function failureMap(filtered: FilterOutcome): Map<string, PluginStatus> {
  const failures = new Map<string, PluginStatus>();
  for (let i = 0; i < filtered.rejected.length; i++) failures.set(filtered.rejected[i].name, filtered.rejections[i]);
  return failures;
}

/** schedulePod runs filter → score → select for one pod against a node snapshot. */
export function schedulePod(framework: Framework, pod: Pod, nodes: readonly NodeInfo[], options: ScheduleOptions = {}): ScheduleResult {
  const { filtered, ...attempt } = attemptSchedule(framework, pod, nodes, options);
  return { ...attempt, failures: failureMap(filtered) };
}
