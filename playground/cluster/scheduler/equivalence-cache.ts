/**
 * The equivalence cache: pods of the same scheduling shape (the same requests, host ports,
 * tolerations, node selector, node affinity and node name: everything the built-in plugins read of
 * a pod) get the same filter verdict and the same raw scores on a node, as long as the node does not
 * change. Most pods of a workload share a handful of shapes, so an attempt can reuse, for most of
 * the nodes it walks, what an earlier pod of its shape found there, instead of running every plugin
 * again. Normalizing, weighting and selecting still run per attempt over the same numbers, so every
 * decision is the one the plugins would have made. A node's entries are valid while its
 * NodeInfo.generation is unchanged, and kept only for nodes that cannot change in place
 * (NodeInfo.immutable). Used only without a trace, and only while the framework runs nothing but
 * the built-in plugins as they were loaded: a plugin from step code may read anything, and is
 * always run. A shape's node index (equivalence-index.ts) answers most attempts without walking
 * the nodes at all (equivalence-indexed.ts).
 */
import type { Pod } from '../api/types';
import { runsOnlyBuiltIns, sameList, verifiedEpoch } from './equivalence-builtins';
import { INDEX_BYTES_PER_NODE, type ShapeIndex } from './equivalence-index';
import { objectKey, ObjectVerdicts } from './equivalence-objects';
import type { ShapePlan } from './equivalence-plan';
import { newScorePlan, type ScorePlan } from './equivalence-sums';
import type { Framework } from './framework';
import type { NodeInfo } from './node-info';
import type { PodInfo } from './pod-info';
import { NodeAffinity } from './plugins/node-affinity';
import { NodeName } from './plugins/node-name';
import { NodeUnschedulable } from './plugins/node-unschedulable';
import { TaintToleration } from './plugins/taint-toleration';
import { SUCCESS, type FilterPlugin, type PluginStatus, type ScorePlugin } from './types';

/**
 * The built-in filters that read nothing of a node but its object (name, labels, taints, cordon),
 * never its pods: their verdict on a node stays while its objectGeneration does.
 */
const OBJECT_FILTERS = new Set<object>([NodeUnschedulable, NodeName, TaintToleration, NodeAffinity]);

/**
 * objectFilterCount is how many of `running` (the framework's filters that run for a pod, in
 * order) are object filters that come before every other filter in the framework's list: on a node
 * whose object did not change, those answer as they did (a skipped one passes every node).
 */
export function objectFilterCount(framework: Framework, running: readonly FilterPlugin[]): number {
  const all = framework.filterPlugins;
  let count = 0;
  let f = 0;
  for (const plugin of running) {
    for (; f < all.length && all[f] !== plugin; f++) if (!OBJECT_FILTERS.has(all[f])) return count;
    if (!OBJECT_FILTERS.has(plugin)) return count;
    count++;
    f++;
  }
  return count;
}

/** runsOnlyBuiltIns: see equivalence-builtins.ts (re-exported: code that asks it along with the cache may import both from here). */
export { runsOnlyBuiltIns };

/** How much memory the shapes' tables may take, and how many shapes are kept at most. */
const BUDGET_BYTES = 16 * 2 ** 20;
const MAX_SHAPES = 256;
const MIN_SHAPES = 8;

/**
 * ShapeEntry holds, for one pod shape, what the plugins found on each node, by the node's position
 * in the node list: valid only while `stamps[position]` is the generation of the node now there
 * (generations are unique over all NodeInfos, so a node that moved or changed never matches).
 */
export class ShapeEntry {
  /** The node's generation when its verdict was stored; 0: nothing stored. */
  readonly stamps: Float64Array;
  /** The settled filter verdict: SUCCESS or the status of the first filter that failed. */
  readonly verdicts: PluginStatus[];
  /**
   * The node's objectGeneration when its verdict was stored, negated when the verdict is a failure
   * by an object filter (see objectFilterCount), which stays while the object does; 0: nothing
   * stored (generations start at 1). One number answers both questions with one test per node.
   */
  readonly objectStamps: Float64Array;
  /** Bit p set: `raw[p][position]` holds score plugin p's raw score on the node. */
  readonly scored: Uint8Array;
  /** Raw (pre-normalize) scores per score plugin, made when that plugin first scores node by node. */
  readonly raw: (Float64Array | undefined)[] = [];

  constructor(readonly size: number) {
    this.stamps = new Float64Array(size);
    this.verdicts = new Array<PluginStatus>(size).fill(SUCCESS);
    this.objectStamps = new Float64Array(size);
    this.scored = new Uint8Array(size);
  }

  /**
   * Per node, the weighted raw scores of the plugins named in `sumTerms` added up, stored with
   * the stamp of the verdict it belongs to in `sumStamps` (see sumsFor).
   */
  sums: Float64Array | undefined = undefined;
  sumStamps: Float64Array | undefined = undefined;
  /** Score plugin index, weight, index, weight… of the sums held. */
  private readonly sumTerms: number[] = [];
  /**
   * version changes whenever stored verdicts or sums are dropped wholesale (clear, or sums for
   * other plugins or weights): a node index made before is stale then.
   */
  version = 0;
  /** How many attempts used this entry (since it last served another shape). */
  uses = 0;
  /** Whether the entry served another shape before (clear): a new one's verdicts are all SUCCESS until its first attempt. */
  recycled = false;
  /** The node index (equivalence-index.ts), made at the shape's first indexed attempt. */
  index: ShapeIndex | undefined = undefined;
  /** The shape's plan for indexed attempts (equivalence-plan.ts), made at its first one. */
  plan: ShapePlan | undefined = undefined;
  /** The object filters' verdicts, shared with the shapes of the same object part (equivalence-objects.ts). */
  objectVerdicts: ObjectVerdicts | undefined = undefined;

  /**
   * sumsFor readies `sums` for the score plugins `indexes` with `weights`: sums made for other
   * plugins or weights (a weight changed in place) are forgotten.
   */
  sumsFor(indexes: readonly number[], weights: readonly number[]): Float64Array {
    if (!this.holdsSums(indexes, weights) || this.sums === undefined || this.sumStamps === undefined) {
      this.sums ??= new Float64Array(this.size);
      this.version++;
      if (this.sumStamps === undefined) this.sumStamps = new Float64Array(this.size);
      else this.sumStamps.fill(0);
      this.sumTerms.length = 0;
      for (let k = 0; k < indexes.length; k++) this.sumTerms.push(indexes[k], weights[k]);
    }
    return this.sums;
  }

  /** holdsSums says whether `sums` are for the score plugins `indexes` with `weights`. */
  holdsSums(indexes: readonly number[], weights: readonly number[]): boolean {
    const terms = this.sumTerms;
    if (this.sums === undefined || terms.length !== 2 * indexes.length) return false;
    for (let k = 0; k < indexes.length; k++) if (terms[2 * k] !== indexes[k] || terms[2 * k + 1] !== weights[k]) return false;
    return true;
  }

  /** rawScores is score plugin `plugin`'s table of raw scores. */
  rawScores(plugin: number): Float64Array {
    return (this.raw[plugin] ??= new Float64Array(this.size));
  }

  /** clear forgets every node, so the entry can serve another shape. */
  clear(): void {
    this.stamps.fill(0);
    this.objectStamps.fill(0);
    // A node's object score bits are kept while its object stamp matches (resolveResources):
    // none may come from the shape the entry served before.
    this.scored.fill(0);
    this.sumStamps?.fill(0);
    this.version++;
    this.uses = 0;
    this.recycled = true;
    this.plan = undefined;
    this.objectVerdicts = undefined;
  }
}

/**
 * shapeKey is the pod's scheduling shape as a string (JSON: pods reach the scheduler as JSON
 * data), or undefined when the pod holds something the key could not tell apart, which then runs
 * uncached: a null (JSON writes NaN, Infinity and an undefined array item as null too), a BigInt
 * (JSON cannot write one), a selector value that is not a string. Missing fields become 0: a
 * plugin treats 0, undefined and null alike there.
 */
export function shapeKey(pod: Pod, podInfo: PodInfo): string | undefined {
  const spec = pod.spec;
  const selector = spec.nodeSelector;
  if (selector) {
    // The plugin walks the selector with for…in; JSON sees own keys and drops undefined values.
    for (const key in selector) if (!Object.hasOwn(selector, key) || typeof selector[key] !== 'string') return undefined;
  }
  const { requests, nonZeroRequests } = podInfo;
  if (podInfo.hostPorts.length === 0 && spec.nodeName == null && spec.tolerations == null && selector == null && spec.affinity?.nodeAffinity == null) {
    // A pod that asks for nothing but resources (most do): its four numbers, without the JSON
    // array (~1 µs less in QuickJS, more in Node), in a key no JSON key can be (those start with
    // "["). NaN and Infinity, which JSON writes as null, are the only numbers written with N or I.
    const plain = `${requests.milliCpu},${requests.memory},${nonZeroRequests.milliCpu},${nonZeroRequests.memory}`;
    return plain.includes('N') || plain.includes('I') ? undefined : plain;
  }
  let key: string;
  try {
    key = JSON.stringify([
      requests.milliCpu,
      requests.memory,
      nonZeroRequests.milliCpu,
      nonZeroRequests.memory,
      podInfo.hostPorts,
      spec.nodeName ?? 0,
      spec.tolerations ?? 0,
      selector ?? 0,
      spec.affinity?.nodeAffinity ?? 0,
    ]);
  } catch {
    return undefined;
  }
  // null stands for NaN, Infinity and undefined array items alike: such pods are not cached.
  return key.includes('null') ? undefined : key;
}

/** EquivalenceStats counts what the cache did (for tests and benchmarks). */
export interface EquivalenceStats {
  /** Attempts that asked for an entry, and those that got one (a shape's first sighting does not). */
  attempts: number;
  cached: number;
  /** Nodes walked with an entry, and those among them whose verdict was not cached. */
  walked: number;
  misses: number;
  /** Attempts the node index answered without a walk (see equivalence-indexed.ts). */
  indexed: number;
}

/** EquivalenceCache keeps the ShapeEntries of the recently scheduled shapes of one scheduler. */
export class EquivalenceCache {
  readonly stats: EquivalenceStats = { attempts: 0, cached: 0, walked: 0, misses: 0, indexed: 0 };
  /** The feasible nodes of the last cached walk and their positions (reused by the next walk). */
  readonly feasibleBuffer: NodeInfo[] = [];
  readonly positionBuffer: number[] = [];
  /** The score plan of the current attempt (see planScores), one object for every attempt. */
  readonly scorePlan: ScorePlan = newScorePlan();
  /** Shapes by key, least recently used first. */
  private readonly shapes = new Map<string, ShapeEntry>();
  /** The ObjectVerdicts by object key (see objectKey), least recently handed out first. */
  private readonly objectVerdicts = new Map<string, ObjectVerdicts>();
  /** Shapes seen once recently that have no entry, oldest first (see seenAgain). */
  private readonly sightings = new Set<string>();
  /** The framework and plugin lists the entries were made with. */
  private framework: Framework | undefined;
  private readonly filterPlugins: FilterPlugin[] = [];
  private readonly scorePlugins: ScorePlugin[] = [];
  /**
   * verifiedEpoch() when usable last found the framework's lists to be `filterPlugins` and
   * `scorePlugins` with built-ins only (-1: not since they last changed).
   */
  private usableEpoch = -1;
  private checkedNodes: readonly NodeInfo[] | undefined;
  private checkedLength = 0;
  private checkedSorted = false;

  /**
   * entryFor returns the entry for this pod's shape on a list of `nodeCount` nodes, or undefined
   * when the attempt must run every plugin: a plugin that is not an unchanged built-in, or a pod
   * whose shape has no key. `builtInsOnly` is runsOnlyBuiltIns(framework), when the caller has
   * already asked it for this attempt (the scheduler does, before every attempt).
   */
  entryFor(framework: Framework, pod: Pod, podInfo: PodInfo, nodeCount: number, builtInsOnly = runsOnlyBuiltIns(framework)): ShapeEntry | undefined {
    this.stats.attempts++;
    if (!this.usable(framework, builtInsOnly)) return undefined;
    const key = shapeKey(pod, podInfo);
    if (key === undefined) return undefined;
    let entry = this.shapes.get(key);
    if (entry !== undefined) {
      this.shapes.delete(key);
      if (entry.size !== nodeCount) entry = undefined;
    } else if (this.shapes.size < this.limit(nodeCount)) this.sightings.delete(key);
    else if (!this.seenAgain(key, nodeCount)) return undefined;
    if (entry === undefined) {
      entry = this.fresh(nodeCount);
      entry.objectVerdicts = this.objectVerdictsFor(key, nodeCount);
    }
    this.shapes.set(key, entry);
    this.stats.cached++;
    return entry;
  }

  /**
   * objectVerdictsFor is the ObjectVerdicts of the shape `key`'s object part on a list of
   * `nodeCount` nodes, shared by every entry made for a shape with that part. At most as many are
   * kept as shapes; an entry keeps using one dropped here.
   */
  private objectVerdictsFor(key: string, nodeCount: number): ObjectVerdicts {
    const part = objectKey(key);
    let verdicts = this.objectVerdicts.get(part);
    this.objectVerdicts.delete(part);
    if (verdicts === undefined || verdicts.size !== nodeCount) verdicts = new ObjectVerdicts(nodeCount);
    this.objectVerdicts.set(part, verdicts);
    for (const [old] of this.objectVerdicts) {
      if (this.objectVerdicts.size <= this.limit(nodeCount)) break;
      this.objectVerdicts.delete(old);
    }
    return verdicts;
  }

  /**
   * seenAgain says whether a shape without an entry was seen among the last `limit` shapes without
   * one, and remembers it if not. Once the cache holds `limit` shapes, only a shape seen again gets
   * an entry: filling one costs an attempt about a third more than running the plugins, which pays
   * only if the shape comes back before its entry is evicted. Pods that each have a shape of their
   * own (every one asking for a different amount of memory, say) then run as without the cache.
   * While there is room, a shape gets its entry at once (entryFor): evicting nothing, it risks one
   * dearer attempt, and a shape that comes back (most do) is then answered by its node index from
   * its second attempt on, instead of running every plugin once more at its first.
   */
  private seenAgain(key: string, nodeCount: number): boolean {
    if (this.sightings.delete(key)) return true;
    this.sightings.add(key);
    for (const old of this.sightings) {
      if (this.sightings.size <= this.limit(nodeCount)) break;
      this.sightings.delete(old);
    }
    return false;
  }

  /** limit is how many shapes keep an entry: MAX_SHAPES, fewer when their tables would pass the budget. */
  private limit(nodeCount: number): number {
    // Per node: stamp, object stamp, sum and sum stamp (8 bytes each), verdict (8 to 16), score
    // bits (1), raw scores (8 per plugin), the node index, object verdicts.
    const perNode = 49 + 8 * this.scorePlugins.length + INDEX_BYTES_PER_NODE + 16;
    return Math.max(MIN_SHAPES, Math.min(MAX_SHAPES, Math.floor(BUDGET_BYTES / (perNode * Math.max(1, nodeCount)))));
  }

  /** fresh makes room under the limit and returns an empty entry, reusing an evicted one's tables. */
  private fresh(nodeCount: number): ShapeEntry {
    const limit = this.limit(nodeCount);
    let recycled: ShapeEntry | undefined;
    for (const [key, entry] of this.shapes) {
      if (this.shapes.size < limit) break;
      this.shapes.delete(key);
      if (entry.size === nodeCount) recycled = entry;
    }
    if (recycled === undefined) return new ShapeEntry(nodeCount);
    recycled.clear();
    return recycled;
  }

  /**
   * sortedByName says whether the node names strictly increase along the list (the scheduler's
   * node list does): the selection's tie-break by name is then a comparison of list positions.
   * Remembered for the last list, which the scheduler keeps until its nodes change.
   */
  sortedByName(nodes: readonly NodeInfo[]): boolean {
    if (nodes !== this.checkedNodes || nodes.length !== this.checkedLength) {
      this.checkedNodes = nodes;
      this.checkedLength = nodes.length;
      this.checkedSorted = true;
      for (let i = 1; i < nodes.length && this.checkedSorted; i++) this.checkedSorted = nodes[i - 1].name < nodes[i].name;
    }
    return this.checkedSorted;
  }

  /**
   * usable says whether the framework runs only unchanged built-ins. Entries are dropped when the
   * framework or its plugin lists change (a status is named by its framework, and raw scores are
   * kept by score plugin position), and when a built-in is changed in place (`builtInsOnly` false).
   */
  private usable(framework: Framework, builtInsOnly: boolean): boolean {
    // runsOnlyBuiltIns just found the framework's lists to be the verified ones; while those stay
    // (the same epoch), they are still the lists this cache kept when it last found the same.
    if (builtInsOnly && framework === this.framework && verifiedEpoch() === this.usableEpoch) return true;
    if (framework !== this.framework || !sameList(framework.filterPlugins, this.filterPlugins) || !sameList(framework.scorePlugins, this.scorePlugins)) {
      this.shapes.clear();
      this.objectVerdicts.clear();
      this.framework = framework;
      this.filterPlugins.length = 0;
      this.filterPlugins.push(...framework.filterPlugins);
      this.scorePlugins.length = 0;
      this.scorePlugins.push(...framework.scorePlugins);
    }
    if (builtInsOnly) {
      this.usableEpoch = verifiedEpoch();
      return true;
    }
    this.usableEpoch = -1;
    this.shapes.clear();
    this.objectVerdicts.clear();
    return false;
  }
}

/** EquivalenceWalk is what the score phase needs of the filter walk: the entry and where each feasible node sits. */
export interface EquivalenceWalk {
  entry: ShapeEntry;
  /** Where each feasible node sits in the node list: see CachedWalk.positions. */
  positions: number[];
}
