/**
 * The scheduler's reasoning, made inspectable: for each scheduling attempt in a trace, which
 * filter plugin rejected which node and why, and how each plugin scored the nodes that passed.
 * kube-scheduler records an `action` entry per attempt whose `data` carries the per-node detail
 * (`NodeTrace` from scheduler/schedule-pod.ts); this file turns it into table rows.
 */
import { SCHEDULER, type ActionEntry, type TraceEntry } from '../cluster/sim/trace';

/** FilterVerdict is one cell of the filter table. */
export interface FilterVerdict {
  plugin: string;
  /** `not run`: an earlier filter already rejected the node, so this one was skipped. */
  verdict: 'passed' | 'failed' | 'not run';
  reason?: string;
}

/** PluginScore is one cell of the score table. */
export interface PluginScore {
  plugin: string;
  raw: number;
  normalized: number;
  weighted: number;
}

/** NodeDecision is one node's row: its filter verdicts and, if it passed, its scores. */
export interface NodeDecision {
  node: string;
  feasible: boolean;
  /** The filter plugin that rejected the node, and its reason. */
  rejectedBy?: string;
  reason?: string;
  filters: FilterVerdict[];
  scores: PluginScore[];
  total?: number;
  selected: boolean;
}

/** SchedulingAttempt is one scheduling cycle for one pod. */
export interface SchedulingAttempt {
  /** Virtual time of the attempt, in ms. */
  t: number;
  /** `namespace/name` of the pod. */
  pod: string;
  outcome: 'scheduled' | 'unschedulable' | 'error';
  selected?: string;
  /** The FailedScheduling message or the plugin error, when not scheduled. */
  message?: string;
  summary: string;
  /** Which attempt for this pod this was (1 = first), when the scheduler says. */
  attempt?: number;
  /** Filter and score plugins in the order they ran. */
  filterPlugins: string[];
  scorePlugins: string[];
  /** Score plugin name → its weight, when the scheduler says. */
  weights: Record<string, number>;
  nodes: NodeDecision[];
}

interface RawNodeTrace {
  node: string;
  filter: Record<string, string>;
  score?: Record<string, { raw: number; normalized: number; weighted: number }>;
  total?: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNodeTrace(value: unknown): value is RawNodeTrace {
  return isRecord(value) && typeof value.node === 'string' && isRecord(value.filter);
}

function podNameOf(data: Record<string, unknown>, entry: ActionEntry): string {
  const pod = data.pod;
  if (typeof pod === 'string') return pod;
  if (isRecord(pod)) {
    const meta = isRecord(pod.metadata) ? pod.metadata : pod;
    if (typeof meta.name === 'string') return typeof meta.namespace === 'string' ? `${meta.namespace}/${meta.name}` : meta.name;
  }
  return entry.summary;
}

/** orderedUnion merges key lists keeping first-seen order: the order plugins ran in. */
function orderedUnion(lists: string[][]): string[] {
  const longestFirst = [...lists].sort((a, b) => b.length - a.length);
  const seen = new Set<string>();
  for (const list of longestFirst) for (const key of list) seen.add(key);
  return [...seen];
}

function nodeDecision(raw: RawNodeTrace, filterPlugins: string[], scorePlugins: string[], selected: string | undefined): NodeDecision {
  const filters: FilterVerdict[] = [];
  let rejectedBy: string | undefined;
  let reason: string | undefined;
  for (const plugin of filterPlugins) {
    const verdict = raw.filter[plugin];
    if (verdict === undefined) filters.push({ plugin, verdict: 'not run' });
    else if (verdict === 'passed') filters.push({ plugin, verdict: 'passed' });
    else {
      filters.push({ plugin, verdict: 'failed', reason: verdict });
      rejectedBy ??= plugin;
      reason ??= verdict;
    }
  }
  const scores: PluginScore[] = [];
  for (const plugin of scorePlugins) {
    const score = raw.score?.[plugin];
    if (score) scores.push({ plugin, raw: score.raw, normalized: score.normalized, weighted: score.weighted });
  }
  const decision: NodeDecision = { node: raw.node, feasible: rejectedBy === undefined, filters, scores, selected: raw.node === selected };
  if (rejectedBy !== undefined) Object.assign(decision, { rejectedBy, reason });
  if (typeof raw.total === 'number') decision.total = raw.total;
  return decision;
}

/** schedulingAttemptOf reads one scheduler action entry; undefined when it carries no node detail. */
export function schedulingAttemptOf(entry: ActionEntry): SchedulingAttempt | undefined {
  if (entry.from !== SCHEDULER || !isRecord(entry.data)) return undefined;
  const data = entry.data;
  const rawNodes = Array.isArray(data.nodes) ? data.nodes.filter(isNodeTrace) : [];
  if (rawNodes.length === 0 && typeof data.selected !== 'string' && typeof data.message !== 'string') return undefined;
  const selected = typeof data.selected === 'string' ? data.selected : typeof data.node === 'string' ? data.node : undefined;
  const error = typeof data.error === 'string' ? data.error : undefined;
  // The scheduler lists its plugins; older or hand-written entries only have them in the node detail.
  const declaredFilters = Array.isArray(data.filterPlugins) ? data.filterPlugins.filter((p): p is string => typeof p === 'string') : [];
  const declaredScores = Array.isArray(data.scorePlugins) ? data.scorePlugins.filter(isRecord) : [];
  const weights: Record<string, number> = {};
  for (const plugin of declaredScores) if (typeof plugin.name === 'string' && typeof plugin.weight === 'number') weights[plugin.name] = plugin.weight;
  const filterPlugins = orderedUnion([declaredFilters, ...rawNodes.map((n) => Object.keys(n.filter))]);
  const scorePlugins = orderedUnion([Object.keys(weights), ...rawNodes.map((n) => Object.keys(n.score ?? {}))]);
  const attempt: SchedulingAttempt = {
    t: entry.t,
    pod: podNameOf(data, entry),
    outcome: error ? 'error' : selected ? 'scheduled' : 'unschedulable',
    summary: entry.summary,
    filterPlugins,
    scorePlugins,
    weights,
    nodes: rawNodes.map((raw) => nodeDecision(raw, filterPlugins, scorePlugins, selected)),
  };
  if (selected) attempt.selected = selected;
  if (typeof data.attempt === 'number') attempt.attempt = data.attempt;
  const message = error ?? (typeof data.message === 'string' ? data.message : undefined);
  if (message) attempt.message = message;
  return attempt;
}

/** schedulingAttempts lists every scheduling attempt in the trace, in order. */
export function schedulingAttempts(entries: readonly TraceEntry[]): SchedulingAttempt[] {
  const attempts: SchedulingAttempt[] = [];
  for (const entry of entries) {
    if (entry.kind !== 'action') continue;
    const attempt = schedulingAttemptOf(entry);
    if (attempt) attempts.push(attempt);
  }
  return attempts;
}
