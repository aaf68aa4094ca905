/**
 * Framework holds the ordered filter and score plugin lists and runs one plugin at a time,
 * turning a throw or a malformed answer into an Error status that names the plugin. Step code
 * changes the scheduler's behaviour through it: `scheduler.framework.addFilter(myPlugin)`.
 */
import type { Pod } from '../api/types';
import type { NodeInfo } from './node-info';
import { NodeAffinity } from './plugins/node-affinity';
import { NodeName } from './plugins/node-name';
import { NodePorts } from './plugins/node-ports';
import { NodeResourcesBalancedAllocation, balancedAllocationScores } from './plugins/node-resources-balanced-allocation';
import { NodeResourcesFit, leastAllocatedScores } from './plugins/node-resources-fit';
import { NodeUnschedulable } from './plugins/node-unschedulable';
import { TaintToleration } from './plugins/taint-toleration';
import {
  SUCCESS,
  isFilterPlugin,
  isScorePlugin,
  type CycleState,
  type FilterPlugin,
  type PluginStatus,
  type ScorePlugin,
  type StatusCode,
} from './types';

const STATUS_CODES: ReadonlySet<StatusCode> = new Set(['Success', 'Unschedulable', 'UnschedulableAndUnresolvable', 'Error']);

/** errorStatus is the Error status of a plugin that threw or misbehaved. */
export function errorStatus(plugin: string, message: string): PluginStatus {
  return { code: 'Error', reasons: [message], plugin };
}

function describeThrown(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** isValidScore: a number in 0..100 (what every score must be after normalizing). */
export function isValidScore(score: unknown): boolean {
  return typeof score === 'number' && score >= 0 && score <= 100;
}

/** invalidScoreMessage is kube-scheduler's error for a score outside 0..100 after normalizing. */
export function invalidScoreMessage(plugin: ScorePlugin, score: unknown): string {
  return `plugin "${plugin.name}" returns an invalid score ${String(score)}, it should in the range of [0, 100] after normalizing`;
}

/** scoreThrewMessage is the attempt's error for a score plugin (or its normalize) that threw `error`. */
export function scoreThrewMessage(plugin: ScorePlugin, error: unknown): string {
  return `running "${plugin.name}" score plugin: ${describeThrown(error)}`;
}

/** filterThrewStatus is the Error status of a filter plugin that threw `error`. */
export function filterThrewStatus(plugin: FilterPlugin, error: unknown): PluginStatus {
  return errorStatus(plugin.name, `running "${plugin.name}" filter plugin: ${describeThrown(error)}`);
}

/**
 * Whole-list scorers of built-in plugins, keyed by the per-node `score` function each stands for:
 * a plugin whose `score` is replaced (a copy with another function) is scored node by node.
 */
const LIST_SCORERS = new Map<ScorePlugin['score'], (nodes: readonly NodeInfo[], count: number, state: CycleState, out: number[]) => void>([
  [NodeResourcesFit.score, leastAllocatedScores],
  [NodeResourcesBalancedAllocation.score, balancedAllocationScores],
]);

/** Framework is the ordered set of plugins one scheduler profile runs. */
export class Framework {
  readonly filterPlugins: FilterPlugin[] = [];
  readonly scorePlugins: ScorePlugin[] = [];
  private readonly namedFailures = new WeakMap<PluginStatus, PluginStatus>();

  /** withDefaults builds the default profile: the filters and scores of kube-scheduler we model. */
  static withDefaults(): Framework {
    const framework = new Framework();
    for (const plugin of [NodeUnschedulable, NodeName, TaintToleration, NodeAffinity, NodePorts, NodeResourcesFit]) {
      framework.addFilter(plugin);
    }
    for (const plugin of [TaintToleration, NodeAffinity, NodeResourcesFit, NodeResourcesBalancedAllocation]) {
      framework.addScore(plugin);
    }
    return framework;
  }

  /** addFilter appends a filter plugin (or inserts it before the plugin named `before`). */
  addFilter(plugin: FilterPlugin, options: { before?: string } = {}): this {
    if (!isFilterPlugin(plugin)) throw new TypeError('addFilter: a filter plugin needs a string `name` and a `filter(pod, nodeInfo, state)` function');
    insert(this.filterPlugins, plugin, options.before, 'filter');
    return this;
  }

  /** addScore appends a score plugin (or inserts it before the plugin named `before`). */
  addScore(plugin: ScorePlugin, options: { before?: string } = {}): this {
    if (!isScorePlugin(plugin)) throw new TypeError('addScore: a score plugin needs a string `name` and a `score(pod, nodeInfo, state)` function');
    if (!(typeof plugin.weight === 'number' && plugin.weight >= 0)) {
      throw new TypeError(`addScore: plugin "${plugin.name}" needs a numeric weight >= 0, got ${String(plugin.weight)}`);
    }
    insert(this.scorePlugins, plugin, options.before, 'score');
    return this;
  }

  /** addPlugin adds a plugin at every extension point it implements (filter, score or both). */
  addPlugin(plugin: Partial<FilterPlugin & ScorePlugin> & { name: string }): this {
    const isFilter = isFilterPlugin(plugin);
    const isScore = isScorePlugin(plugin);
    if (!isFilter && !isScore) throw new TypeError(`addPlugin: plugin "${plugin.name}" has neither filter() nor score()`);
    if (isFilter) this.addFilter(plugin);
    if (isScore) this.addScore(plugin);
    return this;
  }

  /** removePlugin takes the named plugin out of every list; returns whether it was there. */
  removePlugin(name: string): boolean {
    let removed = false;
    for (const list of [this.filterPlugins, this.scorePlugins] as { name: string }[][]) {
      const index = list.findIndex((p) => p.name === name);
      if (index >= 0) {
        list.splice(index, 1);
        removed = true;
      }
    }
    return removed;
  }

  /** pluginNames lists the plugins per extension point, in the order they run. */
  pluginNames(): { filter: string[]; score: string[] } {
    return { filter: this.filterPlugins.map((p) => p.name), score: this.scorePlugins.map((p) => p.name) };
  }

  /** runFilter runs one filter plugin; throws and malformed results become Error statuses. */
  runFilter(plugin: FilterPlugin, pod: Pod, nodeInfo: NodeInfo, state: CycleState): PluginStatus {
    let status: PluginStatus;
    try {
      status = plugin.filter(pod, nodeInfo, state);
    } catch (error) {
      return filterThrewStatus(plugin, error);
    }
    return this.settleFilterStatus(plugin, status);
  }

  /**
   * settleFilterStatus checks what a filter plugin returned: a malformed answer becomes an Error
   * status, a failure gets the plugin's name. The node loop calls it only for answers other than
   * the shared SUCCESS, so a passing node costs one comparison.
   */
  settleFilterStatus(plugin: FilterPlugin, status: PluginStatus): PluginStatus {
    if (status === SUCCESS) return status;
    if (status === null || typeof status !== 'object' || !STATUS_CODES.has(status.code)) {
      return errorStatus(
        plugin.name,
        `running "${plugin.name}" filter plugin: it returned ${JSON.stringify(status) ?? String(status)}; expected a status such as { code: 'Success' } or { code: 'Unschedulable', reasons: ['…'] }`,
      );
    }
    if (status.code === 'Success' || status.plugin === plugin.name) return status;
    return this.named(status, plugin.name);
  }

  /**
   * named is `{ ...status, plugin }`. The built-in plugins return shared frozen failures (one per
   * reason), so the named copy of a frozen status is made once and shared too: a full node or a
   * taint then costs no allocation per node and pod.
   */
  private named(status: PluginStatus, plugin: string): PluginStatus {
    if (!Object.isFrozen(status)) return { ...status, plugin };
    const known = this.namedFailures.get(status);
    if (known !== undefined && known.plugin === plugin) return known;
    const copy = Object.freeze({ ...status, plugin });
    this.namedFailures.set(status, copy);
    return copy;
  }

  /**
   * runScore runs one score plugin over the feasible nodes (and its normalize), writing 0..100
   * scores into `out` (and the pre-normalize scores into `rawOut`, if given). Returns an error message, or undefined when all went well.
   */
  runScore(
    plugin: ScorePlugin,
    pod: Pod,
    nodes: readonly NodeInfo[],
    count: number,
    state: CycleState,
    out: number[],
    rawOut?: number[],
  ): string | undefined {
    const error = this.scoreNodes(plugin, pod, nodes, count, state, out, rawOut);
    if (error !== undefined) return error;
    for (let i = 0; i < count; i++) {
      const score = out[i];
      if (!isValidScore(score)) return invalidScoreMessage(plugin, score);
    }
    return undefined;
  }

  /**
   * scoreNodes is runScore without the final range check, for callers that check each score as
   * they add it up anyway (scorePhase without a trace): one pass over the nodes fewer.
   */
  scoreNodes(
    plugin: ScorePlugin,
    pod: Pod,
    nodes: readonly NodeInfo[],
    count: number,
    state: CycleState,
    out: number[],
    rawOut?: number[],
  ): string | undefined {
    // Overwrite in place and append past the end: `out.length = count` on a shorter array would
    // leave holes, and V8 reads a holey array slower in every loop that follows.
    if (out.length > count) out.length = count;
    const listScorer = LIST_SCORERS.get(plugin.score);
    try {
      if (listScorer) listScorer(nodes, count, state, out);
      else {
        for (let i = 0; i < count; i++) {
          const score = plugin.score(pod, nodes[i], state);
          if (i < out.length) out[i] = score;
          else out.push(score);
        }
      }
      // The trace shows scores before and after normalizing; copy only when someone looks.
      if (rawOut) for (let i = 0; i < count; i++) rawOut[i] = out[i];
      if (plugin.normalize) plugin.normalize(out, state);
    } catch (error) {
      return scoreThrewMessage(plugin, error);
    }
    return undefined;
  }
}

function insert<P extends { name: string }>(list: P[], plugin: P, before: string | undefined, point: string): void {
  if (list.some((p) => p.name === plugin.name)) {
    throw new Error(`${point} plugin "${plugin.name}" is already registered; removePlugin("${plugin.name}") first to replace it`);
  }
  if (before === undefined) {
    list.push(plugin);
    return;
  }
  const index = list.findIndex((p) => p.name === before);
  if (index < 0) throw new Error(`no ${point} plugin named "${before}" to insert "${plugin.name}" before`);
  list.splice(index, 0, plugin);
}
