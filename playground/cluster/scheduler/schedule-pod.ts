/**
 * The scheduling algorithm for one pod, as kube-scheduler's `schedulePod`: filter the nodes, score
 * the feasible ones, select the best. Pure over the framework and the node snapshot, so tests and
 * the benchmark can call it without a cluster. Each phase is its own function.
 */
import type { Pod } from '../api/types';
import type { EquivalenceCache } from './equivalence-cache';
import { attemptCached } from './equivalence-score';
import { filterPhase, type FilterOutcome } from './filter-phase';
import type { Framework } from './framework';
import type { NodeBoard } from './node-board';
import type { NodeInfo } from './node-info';
import { podInfoOf, type PodInfo } from './pod-info';
import { scorePhase } from './score-phase';
import { selectPhase } from './select-phase';
import type { CycleState, PluginStatus } from './types';

export { filterPhase, numFeasibleNodesToFind, type FilterOutcome } from './filter-phase';
export { scorePhase } from './score-phase';
export { selectPhase } from './select-phase';

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
  /**
   * The equivalence cache to reuse verdicts and raw scores from (and to fill), when there is no
   * trace and the framework runs only built-in plugins. The decision is the same with or without;
   * with it, `filtered.rejected` is filled only when no node is selected (the one case a caller
   * needs it), `filtered.feasible` is reused by the cache's next attempt (and left empty when a
   * shape's node index answers without a walk), and the node list must not be reordered in place
   * between attempts.
   */
  equivalence?: EquivalenceCache;
  /**
   * With `equivalence`: the generation board of the node list (SchedulerCache.nodeBoard()), the
   * generation of every node in order and current, and the log of their changes. Without it, the
   * cached walk gathers the generations from the nodes, and no node index is used.
   */
  board?: NodeBoard;
  /**
   * runsOnlyBuiltIns(framework), when the caller has asked it for this attempt already (the
   * scheduler does, to decide whether to shield its objects): asked again when left out.
   */
  builtInsOnly?: boolean;
}

/**
 * AttemptState is the CycleState of one attempt. Its `values` Map is made on first use: the
 * built-in plugins keep nothing there, so most attempts never need one.
 */
class AttemptState implements CycleState {
  private map: Map<string, unknown> | undefined = undefined;
  constructor(readonly pod: PodInfo) {}
  get values(): Map<string, unknown> {
    return (this.map ??= new Map());
  }
}

/**
 * attemptSchedule runs filter → score → select for one pod, keeping the rejections as arrays.
 * `podInfo` is the pod's PodInfo when the caller already has it (the queue keeps one per entry).
 */
export function attemptSchedule(
  framework: Framework,
  pod: Pod,
  nodes: readonly NodeInfo[],
  options: ScheduleOptions = {},
  podInfo: PodInfo = podInfoOf(pod),
): ScheduleAttempt {
  const state: CycleState = new AttemptState(podInfo);
  const traces: NodeTrace[] | undefined = options.detail ? [] : undefined;

  const entry = traces === undefined && options.equivalence ? options.equivalence.entryFor(framework, pod, podInfo, nodes.length, options.builtInsOnly) : undefined;
  if (entry) return attemptCached(framework, pod, nodes, state, options, entry);
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
