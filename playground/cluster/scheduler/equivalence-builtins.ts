/**
 * Which plugins count as built-ins for the equivalence cache (equivalence-cache.ts): the built-in
 * plugin objects, each running the functions it had when this module loaded. A plugin from step
 * code may read anything, and a built-in whose function step code replaced in place may too; the
 * cache is used only while a framework runs nothing else (runsOnlyBuiltIns, asked every attempt).
 */
import type { Framework } from './framework';
import { NodeAffinity } from './plugins/node-affinity';
import { NodeName } from './plugins/node-name';
import { NodePorts } from './plugins/node-ports';
import { NodeResourcesBalancedAllocation } from './plugins/node-resources-balanced-allocation';
import { NodeResourcesFit } from './plugins/node-resources-fit';
import { NodeUnschedulable } from './plugins/node-unschedulable';
import { TaintToleration } from './plugins/taint-toleration';
import type { FilterPlugin, ScorePlugin } from './types';

type AnyPlugin = Partial<FilterPlugin & ScorePlugin>;

/**
 * The built-in plugins with the functions they had when this module loaded: a built-in whose
 * function step code replaced in place (`TaintToleration.filter = …`) no longer counts as one.
 */
const BUILT_INS = new Map<object, AnyPlugin>(
  [NodeUnschedulable, NodeName, TaintToleration, NodeAffinity, NodePorts, NodeResourcesFit, NodeResourcesBalancedAllocation].map((plugin: AnyPlugin) => [
    plugin,
    { filter: plugin.filter, skip: plugin.skip, score: plugin.score, normalize: plugin.normalize, constantScore: plugin.constantScore },
  ]),
);

/**
 * The plugin lists runsOnlyBuiltIns last found to hold built-ins only, and each plugin's functions
 * as loaded, by list position: while a framework's lists hold the same plugins, a check compares
 * the functions each list runs with these, with no lookup per plugin (QuickJS pays for each).
 * `epoch` counts the times the lists were made again.
 */
const verified = { filters: [] as AnyPlugin[], filterLoaded: [] as AnyPlugin[], scores: [] as AnyPlugin[], scoreLoaded: [] as AnyPlugin[], epoch: 0 };

/**
 * verifiedEpoch numbers the verified lists: it changes whenever runsOnlyBuiltIns makes them again,
 * so while it stays, a framework found to run only built-ins has the lists it had then.
 */
export function verifiedEpoch(): number {
  return verified.epoch;
}

/**
 * runsOnlyBuiltIns says whether every filter and score plugin of `framework` is an unchanged
 * built-in: each function the framework runs of it (a filter's filter and skip; a score's score,
 * normalize and constantScore) is the one it had when this module loaded.
 */
export function runsOnlyBuiltIns(framework: Framework): boolean {
  const filters: readonly AnyPlugin[] = framework.filterPlugins;
  const scores: readonly AnyPlugin[] = framework.scorePlugins;
  // Each list is compared with the verified one plugin by plugin in the same loop that compares
  // its functions, and made again at the first plugin that differs (a length that differs: at once).
  const verifiedFilters = verified.filters;
  const filterLoaded = verified.filterLoaded;
  if (filters.length !== verifiedFilters.length && !builtInsAsLoaded(filters, verifiedFilters, filterLoaded)) return false;
  for (let i = 0; i < filters.length; i++) {
    const plugin = filters[i];
    if (plugin !== verifiedFilters[i] && !builtInsAsLoaded(filters, verifiedFilters, filterLoaded)) return false;
    const loaded = filterLoaded[i];
    if (plugin.filter !== loaded.filter || plugin.skip !== loaded.skip) return false;
  }
  const verifiedScores = verified.scores;
  const scoreLoaded = verified.scoreLoaded;
  if (scores.length !== verifiedScores.length && !builtInsAsLoaded(scores, verifiedScores, scoreLoaded)) return false;
  for (let i = 0; i < scores.length; i++) {
    const plugin = scores[i];
    if (plugin !== verifiedScores[i] && !builtInsAsLoaded(scores, verifiedScores, scoreLoaded)) return false;
    const loaded = scoreLoaded[i];
    if (plugin.score !== loaded.score || plugin.normalize !== loaded.normalize || plugin.constantScore !== loaded.constantScore) return false;
  }
  return true;
}

/**
 * builtInsAsLoaded fills `list` with `plugins` and `loaded` with their functions as loaded, when
 * every one is a built-in; otherwise empties both and returns false.
 */
function builtInsAsLoaded(plugins: readonly AnyPlugin[], list: AnyPlugin[], loaded: AnyPlugin[]): boolean {
  verified.epoch++;
  list.length = loaded.length = 0;
  for (let i = 0; i < plugins.length; i++) {
    const builtIn = BUILT_INS.get(plugins[i]);
    if (builtIn === undefined) {
      list.length = loaded.length = 0;
      return false;
    }
    list.push(plugins[i]);
    loaded.push(builtIn);
  }
  return true;
}

/** sameList: the two lists hold the same items in the same order. */
export function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
