/**
 * The filter phase of a scheduling attempt: walk the nodes from a rotating start, run every filter
 * plugin on each until one fails, and stop once enough nodes fit (percentageOfNodesToScore).
 */
import type { Pod } from '../api/types';
import { filterThrewStatus, type Framework } from './framework';
import type { NodeInfo } from './node-info';
import type { NodeTrace, ScheduleOptions } from './schedule-pod';
import { SUCCESS, type CycleState, type FilterPlugin, type PluginStatus } from './types';

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

/**
 * FilterOutcome lists the feasible nodes found, how many nodes were walked, and the rejected nodes
 * with the status each failed with, in walk order: two arrays rather than a Map, because a pod
 * with a zone constraint is rejected by hundreds of nodes and the Map is only needed on failure.
 */
export interface FilterOutcome {
  feasible: NodeInfo[];
  evaluated: number;
  rejected: NodeInfo[];
  rejections: PluginStatus[];
  error?: string;
}

/** skips asks a plugin's `skip`; one that throws is not skipped, so its filter reports the problem. */
export function skips(plugin: FilterPlugin, pod: Pod, state: CycleState): boolean {
  if (typeof plugin.skip !== 'function') return false;
  try {
    return plugin.skip(pod, state) === true;
  } catch {
    return false;
  }
}

/** walkBounds: how many feasible nodes are enough, and the list position the walk starts at. */
export function walkBounds(nodeCount: number, options: ScheduleOptions): { enough: number; start: number } {
  return {
    enough: numFeasibleNodesToFind(options.percentageOfNodesToScore ?? 0, nodeCount),
    start: nodeCount === 0 ? 0 : (options.startIndex ?? 0) % nodeCount,
  };
}

/** filterPhase runs the filter plugins on nodes (starting at `startIndex`) until enough fit. */
export function filterPhase(
  framework: Framework,
  pod: Pod,
  nodes: readonly NodeInfo[],
  state: CycleState,
  options: ScheduleOptions,
  traces: NodeTrace[] | undefined,
): FilterOutcome {
  const { enough, start } = walkBounds(nodes.length, options);
  const outcome: FilterOutcome = { feasible: [], evaluated: 0, rejected: [], rejections: [] };
  if (traces) return filterTraced(framework, pod, nodes, state, enough, start, outcome, traces);
  // Without a per-node trace to fill, plugins that said they would pass every node are left out.
  const plugins: FilterPlugin[] = [];
  for (const plugin of framework.filterPlugins) if (!skips(plugin, pod, state)) plugins.push(plugin);
  const pluginCount = plugins.length;
  const nodeCount = nodes.length;
  const { feasible, rejected, rejections } = outcome;
  // A plugin tends to fail node after node with the same shared status (the same taint, the same
  // selector): remember its last frozen answer and settled form, so repeats skip settling.
  const lastAnswer: (PluginStatus | undefined)[] = new Array<PluginStatus | undefined>(pluginCount).fill(undefined);
  const lastSettled: PluginStatus[] = new Array<PluginStatus>(pluginCount).fill(SUCCESS);
  let index = start;
  let evaluated = 0;
  let p = 0;
  // One try around the whole walk instead of one per plugin call: the plugin that threw is plugins[p].
  try {
    for (; evaluated < nodeCount && feasible.length < enough; evaluated++) {
      const nodeInfo = nodes[index];
      if (++index === nodeCount) index = 0;
      let failed: PluginStatus | undefined;
      for (p = 0; p < pluginCount; p++) {
        const status = plugins[p].filter(pod, nodeInfo, state);
        if (status === SUCCESS) continue;
        let settled: PluginStatus;
        if (status === lastAnswer[p]) settled = lastSettled[p];
        else {
          settled = framework.settleFilterStatus(plugins[p], status);
          // Only frozen answers: a plugin could change a mutable status between two nodes.
          if (Object.isFrozen(status) && Object.isFrozen(settled)) {
            lastAnswer[p] = status;
            lastSettled[p] = settled;
          }
        }
        if (settled.code === 'Success') continue;
        if (settled.code === 'Error') return failWith(outcome, evaluated + 1, errorMessage(settled, plugins[p]));
        failed = settled;
        break;
      }
      if (failed) {
        rejected.push(nodeInfo);
        rejections.push(failed);
      } else feasible.push(nodeInfo);
    }
  } catch (error) {
    return failWith(outcome, evaluated + 1, errorMessage(filterThrewStatus(plugins[p], error), plugins[p]));
  }
  outcome.evaluated = evaluated;
  return outcome;
}

/** failWith ends a walk that met a plugin error after `evaluated` nodes. */
export function failWith<O extends FilterOutcome>(outcome: O, evaluated: number, error: string): O {
  outcome.evaluated = evaluated;
  outcome.error = error;
  return outcome;
}

/** errorMessage is the attempt's error for a plugin's Error status. */
export function errorMessage(status: PluginStatus, plugin: FilterPlugin): string {
  return status.reasons?.[0] ?? `running "${plugin.name}" filter plugin failed`;
}

/** filterTraced is filterPhase with every plugin's verdict on every node recorded for the trace. */
function filterTraced(
  framework: Framework,
  pod: Pod,
  nodes: readonly NodeInfo[],
  state: CycleState,
  enough: number,
  start: number,
  outcome: FilterOutcome,
  traces: NodeTrace[],
): FilterOutcome {
  const plugins = framework.filterPlugins;
  const feasible = outcome.feasible;
  let evaluated = 0;
  for (; evaluated < nodes.length && feasible.length < enough; evaluated++) {
    const nodeInfo = nodes[(start + evaluated) % nodes.length];
    const verdicts: Record<string, string> = {};
    let failed: PluginStatus | undefined;
    for (const plugin of plugins) {
      const status = framework.runFilter(plugin, pod, nodeInfo, state);
      verdicts[plugin.name] = status.code === 'Success' ? 'passed' : (status.reasons ?? [status.code]).join('; ');
      if (status.code === 'Error') {
        traces.push({ node: nodeInfo.name, filter: verdicts });
        return failWith(outcome, evaluated + 1, errorMessage(status, plugin));
      }
      if (status.code !== 'Success') {
        failed = status;
        break;
      }
    }
    if (failed) {
      outcome.rejected.push(nodeInfo);
      outcome.rejections.push(failed);
    } else feasible.push(nodeInfo);
    traces.push({ node: nodeInfo.name, filter: verdicts });
  }
  outcome.evaluated = evaluated;
  return outcome;
}
