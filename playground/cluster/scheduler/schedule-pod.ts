/**
 * The scheduling algorithm for one pod, as kube-scheduler's `schedulePod`: filter the nodes, score
 * the feasible ones, select the best. Pure over the framework and the node snapshot, so tests and
 * the benchmark can call it without a cluster. Each phase is its own function.
 */
import type { Pod } from '../api/types';
import type { Framework } from './framework';
import type { NodeInfo } from './node-info';
import { podInfoOf } from './pod-info';
import type { CycleState, FilterPlugin, PluginStatus } from './types';

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

/** ScheduleOptions tunes one attempt. */
export interface ScheduleOptions {
  /** 0 (default) = kube-scheduler's adaptive percentage; 100 = always look at every node. */
  percentageOfNodesToScore?: number;
  /** Where the filter walk starts (kube-scheduler rotates it so no node is always looked at first). */
  startIndex?: number;
  /** Collect per-node detail for the trace. Default false. */
  detail?: boolean;
}

const MIN_FEASIBLE_NODES_TO_FIND = 100;
const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

/**
 * numFeasibleNodesToFind is how many feasible nodes are enough: every node in clusters under 100
 * nodes, otherwise a share that shrinks as the cluster grows (50% − nodes/125, at least 5%).
 */
export function numFeasibleNodesToFind(percentage: number, allNodes: number): number {
  if (allNodes < MIN_FEASIBLE_NODES_TO_FIND) return allNodes;
  let share = percentage;
  if (share <= 0) share = Math.max(MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND, 50 - Math.trunc(allNodes / 125));
  return Math.max(MIN_FEASIBLE_NODES_TO_FIND, Math.trunc((allNodes * Math.min(100, share)) / 100));
}

/** FilterOutcome lists the feasible nodes found and how many nodes were walked. */
export interface FilterOutcome {
  feasible: NodeInfo[];
  evaluated: number;
  error?: string;
}

/** skips asks a plugin's `skip`; one that throws is not skipped, so its filter reports the problem. */
function skips(plugin: FilterPlugin, pod: Pod, state: CycleState): boolean {
  if (typeof plugin.skip !== 'function') return false;
  try {
    return plugin.skip(pod, state) === true;
  } catch {
    return false;
  }
}

/** filterPhase runs the filter plugins on nodes (starting at `startIndex`) until enough fit. */
export function filterPhase(
  framework: Framework,
  pod: Pod,
  nodes: readonly NodeInfo[],
  state: CycleState,
  options: ScheduleOptions,
  failures: Map<string, PluginStatus>,
  traces: NodeTrace[] | undefined,
): FilterOutcome {
  const enough = numFeasibleNodesToFind(options.percentageOfNodesToScore ?? 0, nodes.length);
  // Without a per-node trace to fill, plugins that said they would pass every node are left out.
  const plugins = traces ? framework.filterPlugins : framework.filterPlugins.filter((plugin) => !skips(plugin, pod, state));
  const feasible: NodeInfo[] = [];
  const start = nodes.length === 0 ? 0 : (options.startIndex ?? 0) % nodes.length;
  let evaluated = 0;
  for (; evaluated < nodes.length && feasible.length < enough; evaluated++) {
    const nodeInfo = nodes[(start + evaluated) % nodes.length];
    const verdicts: Record<string, string> | undefined = traces ? {} : undefined;
    let failed: PluginStatus | undefined;
    for (const plugin of plugins) {
      const status = framework.runFilter(plugin, pod, nodeInfo, state);
      if (verdicts) verdicts[plugin.name] = status.code === 'Success' ? 'passed' : (status.reasons ?? [status.code]).join('; ');
      if (status.code === 'Error') {
        traces?.push({ node: nodeInfo.name, filter: verdicts! });
        return { feasible, evaluated: evaluated + 1, error: status.reasons?.[0] ?? `running "${plugin.name}" filter plugin failed` };
      }
      if (status.code !== 'Success') {
        failed = status;
        break;
      }
    }
    if (failed) failures.set(nodeInfo.name, failed);
    else feasible.push(nodeInfo);
    if (traces) traces.push({ node: nodeInfo.name, filter: verdicts! });
  }
  return { feasible, evaluated };
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
  const totals: number[] = new Array(feasible.length).fill(0);
  if (feasible.length <= 1) return { totals };
  const scores: number[] = [];
  const raw: number[] | undefined = traceByNode ? [] : undefined;
  for (const plugin of framework.scorePlugins) {
    const error = framework.runScore(plugin, pod, feasible, feasible.length, state, scores, raw);
    if (error) return { totals, error };
    for (let i = 0; i < feasible.length; i++) {
      const weighted = scores[i] * plugin.weight;
      totals[i] += weighted;
      if (traceByNode) {
        const entry = traceByNode.get(feasible[i].name)!;
        (entry.score ??= {})[plugin.name] = { raw: raw![i], normalized: scores[i], weighted };
      }
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

/** schedulePod runs filter → score → select for one pod against a node snapshot. */
export function schedulePod(framework: Framework, pod: Pod, nodes: readonly NodeInfo[], options: ScheduleOptions = {}): ScheduleResult {
  const state: CycleState = { pod: podInfoOf(pod), values: new Map() };
  const failures = new Map<string, PluginStatus>();
  const traces: NodeTrace[] | undefined = options.detail ? [] : undefined;

  const filtered = filterPhase(framework, pod, nodes, state, options, failures, traces);
  const result: ScheduleResult = { evaluated: filtered.evaluated, feasible: filtered.feasible.length, failures };
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
