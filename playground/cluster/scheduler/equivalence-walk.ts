/**
 * The filter walk and the per-node scoring with an equivalence cache entry (see
 * equivalence-cache.ts): the same walk as filterPhase, in the same order with the same stopping
 * point, where a node whose state the entry knows takes the stored verdict instead of running the
 * plugins, and a node it does not know runs them and is remembered.
 */
import type { Pod } from '../api/types';
import type { ShapeEntry } from './equivalence-cache';
import { errorMessage, failWith, skips, walkBounds, type FilterOutcome } from './filter-phase';
import { filterThrewStatus, scoreThrewMessage, type Framework } from './framework';
import type { NodeInfo } from './node-info';
import type { ScheduleOptions } from './schedule-pod';
import { SUCCESS, type CycleState, type FilterPlugin, type PluginStatus, type ScorePlugin } from './types';

/**
 * filterCached is filterPhase without a trace, using and filling `entry`. The outcome also lists
 * the feasible nodes' list positions, where scoreCached finds their stored scores.
 */
export function filterCached(
  framework: Framework,
  pod: Pod,
  nodes: readonly NodeInfo[],
  state: CycleState,
  options: ScheduleOptions,
  entry: ShapeEntry,
): FilterOutcome & { positions: number[] } {
  const { enough, start } = walkBounds(nodes.length, options);
  const positions: number[] = [];
  const outcome = { feasible: [] as NodeInfo[], evaluated: 0, rejected: [] as NodeInfo[], rejections: [] as PluginStatus[], positions };
  const { feasible, rejected, rejections } = outcome;
  const { stamps, verdicts, scored } = entry;
  const nodeCount = nodes.length;
  // The plugins that run on a node the entry does not know: decided at the first such node.
  let plugins: FilterPlugin[] | undefined;
  let index = start;
  let evaluated = 0;
  let misses = 0;
  let p = 0;
  // One try around the whole walk, as in filterPhase: the plugin that threw is plugins[p].
  try {
    for (; evaluated < nodeCount && feasible.length < enough; evaluated++) {
      const position = index;
      const nodeInfo = nodes[index];
      if (++index === nodeCount) index = 0;
      let verdict: PluginStatus;
      if (stamps[position] === nodeInfo.generation) verdict = verdicts[position];
      else {
        misses++;
        plugins ??= runningPlugins(framework, pod, state);
        verdict = SUCCESS;
        for (p = 0; p < plugins.length; p++) {
          const status = plugins[p].filter(pod, nodeInfo, state);
          if (status === SUCCESS) continue;
          const settled = framework.settleFilterStatus(plugins[p], status);
          if (settled.code === 'Success') continue;
          if (settled.code === 'Error') return failWith(outcome, evaluated + 1, errorMessage(settled, plugins[p]));
          verdict = settled;
          break;
        }
        // A node whose object may still change in place is looked at afresh every time.
        if (nodeInfo.immutable) {
          stamps[position] = nodeInfo.generation;
          verdicts[position] = verdict;
          scored[position] = 0;
        }
      }
      if (verdict === SUCCESS) {
        feasible.push(nodeInfo);
        positions.push(position);
      } else {
        rejected.push(nodeInfo);
        rejections.push(verdict);
      }
    }
  } catch (error) {
    return failWith(outcome, evaluated + 1, errorMessage(filterThrewStatus(plugins![p], error), plugins![p]));
  } finally {
    options.equivalence!.stats.walked += evaluated;
    options.equivalence!.stats.misses += misses;
  }
  outcome.evaluated = evaluated;
  return outcome;
}

/** runningPlugins: the filter plugins, less those whose `skip` says they pass every node for this pod. */
function runningPlugins(framework: Framework, pod: Pod, state: CycleState): FilterPlugin[] {
  const plugins: FilterPlugin[] = [];
  for (const plugin of framework.filterPlugins) if (!skips(plugin, pod, state)) plugins.push(plugin);
  return plugins;
}

/**
 * scoreCached is Framework.scoreNodes for score plugin number `index`, taking each feasible node's
 * raw score from the entry where it holds one, then normalizing over all of them as scoreNodes does.
 */
export function scoreCached(
  plugin: ScorePlugin,
  index: number,
  pod: Pod,
  feasible: readonly NodeInfo[],
  positions: readonly number[],
  state: CycleState,
  out: number[],
  entry: ShapeEntry,
): string | undefined {
  const count = feasible.length;
  if (out.length > count) out.length = count;
  const { stamps, scored } = entry;
  const raw = entry.rawScores(index);
  const bit = 1 << index;
  try {
    for (let i = 0; i < count; i++) {
      const position = positions[i];
      const nodeInfo = feasible[i];
      let score: number;
      if ((scored[position] & bit) !== 0 && stamps[position] === nodeInfo.generation) score = raw[position];
      else {
        score = plugin.score(pod, nodeInfo, state);
        if (stamps[position] === nodeInfo.generation) {
          raw[position] = score;
          scored[position] |= bit;
        }
      }
      if (i < out.length) out[i] = score;
      else out.push(score);
    }
    if (plugin.normalize) plugin.normalize(out, state);
  } catch (error) {
    return scoreThrewMessage(plugin, error);
  }
  return undefined;
}
