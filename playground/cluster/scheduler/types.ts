/**
 * The scheduling framework's contracts, after kube-scheduler's `pkg/scheduler/framework/interface.go`
 * in miniature: a filter plugin says whether a pod may run on a node and why not; a score plugin
 * ranks the nodes that passed. Plugins return statuses instead of throwing, so one bad plugin is
 * reported by name instead of stopping the scheduler.
 */
import type { Pod } from '../api/types';
import type { NodeInfo } from './node-info';
import type { PodInfo } from './pod-info';

/**
 * StatusCode is a plugin's verdict. `UnschedulableAndUnresolvable` means preempting other pods
 * would not help (a taint, a selector), `Unschedulable` that it might (resources, ports).
 */
export type StatusCode = 'Success' | 'Unschedulable' | 'UnschedulableAndUnresolvable' | 'Error';

/** PluginStatus is a filter verdict: a code and, unless it is Success, the reasons shown to users. */
export interface PluginStatus {
  readonly code: StatusCode;
  readonly reasons?: readonly string[];
  /** Filled in by the framework: the plugin that returned this status. */
  readonly plugin?: string;
}

/** SUCCESS is the shared, allocation-free success status. */
export const SUCCESS: PluginStatus = Object.freeze({ code: 'Success' });

/** unschedulable builds a failing status whose reasons count in the FailedScheduling message. */
export function unschedulable(...reasons: string[]): PluginStatus {
  return { code: 'Unschedulable', reasons };
}

/** unresolvable builds an UnschedulableAndUnresolvable status: preemption would not help. */
export function unresolvable(...reasons: string[]): PluginStatus {
  return { code: 'UnschedulableAndUnresolvable', reasons };
}

/**
 * sharedStatus freezes a failure (and its reasons) so that one object can stand for every node
 * failing for that reason: the built-in plugins return these instead of allocating per node.
 */
export function sharedStatus(status: PluginStatus): PluginStatus {
  if (status.reasons) Object.freeze(status.reasons);
  return Object.freeze(status);
}

/**
 * CycleState carries what is computed once per scheduling attempt: the pod's parsed requests,
 * ports and affinity (`pod`), plus a map where plugins may keep their own precomputed data.
 */
export interface CycleState {
  readonly pod: PodInfo;
  readonly values: Map<string, unknown>;
}

/** Plugin is anything with a unique name. */
export interface Plugin {
  readonly name: string;
}

/** FilterPlugin decides, node by node, whether the pod can run there. */
export interface FilterPlugin extends Plugin {
  filter(pod: Pod, nodeInfo: NodeInfo, state: CycleState): PluginStatus;
  /**
   * skip, if present, says once per pod that `filter` would pass every node (kube-scheduler's
   * PreFilter returning Skip, e.g. NodeAffinity for a pod without affinity), so the node loop can
   * leave it out. Only consulted when no per-node trace is being recorded.
   */
  skip?(pod: Pod, state: CycleState): boolean;
}

/** MAX_NODE_SCORE is the top of the 0..100 range every score must end up in. */
export const MAX_NODE_SCORE = 100;

/**
 * ScorePlugin ranks feasible nodes: `score` gives a raw number per node; `normalize`, if present,
 * rewrites the raw scores of all feasible nodes (same order) into 0..100. The framework multiplies
 * by `weight` and sums over plugins; the highest total wins.
 */
export interface ScorePlugin extends Plugin {
  readonly weight: number;
  score(pod: Pod, nodeInfo: NodeInfo, state: CycleState): number;
  normalize?(scores: number[], state: CycleState): void;
  /**
   * constantScore, if present, may say once per pod that every one of the feasible `nodes` would
   * end up with the same normalized score, and which (NodeAffinity for a pod without preferred
   * terms: 0). The framework then adds that score to every node's total instead of calling `score`
   * and `normalize` per node; an equal share cannot change the choice. Only consulted when no
   * per-node trace is being recorded.
   */
  constantScore?(pod: Pod, nodes: readonly NodeInfo[], state: CycleState): number | undefined;
}

/** isFilterPlugin tells whether a plugin implements the filter extension point. */
export function isFilterPlugin(plugin: unknown): plugin is FilterPlugin {
  return typeof (plugin as FilterPlugin)?.filter === 'function' && typeof (plugin as Plugin).name === 'string';
}

/** isScorePlugin tells whether a plugin implements the score extension point. */
export function isScorePlugin(plugin: unknown): plugin is ScorePlugin {
  return typeof (plugin as ScorePlugin)?.score === 'function' && typeof (plugin as Plugin).name === 'string';
}
