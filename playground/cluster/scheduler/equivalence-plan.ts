/**
 * A shape's plan for indexed attempts (equivalence-indexed.ts): its score plan (planScores), the
 * filters that run for it (runningPlugins), how many of those are object filters, and whether
 * resolveResources may stand for them. Pods of one shape get the same answers from the built-in
 * plugins, so the plan is made at the shape's first indexed attempt and kept on its ShapeEntry
 * instead of asking every plugin again at each attempt (a few dozen calls, each dear in QuickJS).
 *
 * It stays only while nothing else it was made from changes: the plugin lists (the cache drops
 * every entry when they change, and is used only while each plugin runs its functions as loaded),
 * the score weights (kept and compared, a weight may be changed in place), whether any node is
 * cordoned (NodeUnschedulable's skip) and whether any node has PreferNoSchedule taints (then
 * TaintToleration's constant score depends on the nodes: the score plan is then made afresh for
 * every attempt). The built-ins' other skips and constant scores read only the pod's shape.
 */
import type { Pod } from '../api/types';
import { objectFilterCount, type ShapeEntry } from './equivalence-cache';
import { resourcesOnly } from './equivalence-resources';
import { newScorePlan, planScores, type ScorePlan } from './equivalence-sums';
import { runningPlugins } from './equivalence-walk';
import type { Framework } from './framework';
import { anyNodeCordoned, anyNodeSoftTainted, type NodeInfo } from './node-info';
import { NodeAffinity } from './plugins/node-affinity';
import { TaintToleration } from './plugins/taint-toleration';
import type { CycleState, FilterPlugin, ScorePlugin } from './types';

/**
 * The built-in score plugins whose raw score reads nothing of a node but its object (labels, name,
 * taints) and of the pod but its shape: on a node whose pods alone changed, a raw score the entry
 * holds stays what the plugin would answer (see resolveResources).
 */
const OBJECT_SCORES = new Set<ScorePlugin>([TaintToleration, NodeAffinity]);

/** ShapePlan is one shape's plan (see the file comment), filled by scorePlanOf and filtersOf. */
export class ShapePlan {
  /** The score plan, valid while `planned`. */
  readonly scores: ScorePlan = newScorePlan();
  /** Whether `scores` may serve the next attempt (false while any node has a PreferNoSchedule taint). */
  planned = false;
  /** The score plugins' weights the score plan was made with. */
  readonly weights: number[] = [];
  /** entry.version when its sums were last found to be for the plan's summed plugins (-1: never). */
  sumsVersion = -1;
  /** The filters that run, made with anyNodeCordoned() `cordoned` (undefined: not made yet). */
  filters: FilterPlugin[] | undefined = undefined;
  /** anyNodeCordoned() when `filters` were made: NodeUnschedulable runs only while it is true. */
  cordoned = false;
  /** How many of `filters` are object filters (objectFilterCount). */
  objectFilters = 0;
  /** Whether resolveResources may stand for `filters` and the summed scores (resourcesOnly). */
  resolvable = false;
  /** The `entry.scored` bits of the score plugins in OBJECT_SCORES (made with the score plan). */
  objectScoreBits = 0;

  /** forget drops the plan: the entry serves another shape, or something the plan read changed. */
  forget(): void {
    this.planned = false;
    this.sumsVersion = -1;
    this.filters = undefined;
  }
}

/**
 * scorePlanOf is the entry's score plan for this attempt, made afresh when it cannot stand (see the
 * file comment); undefined when the attempt must score the usual way (planScores said no). The
 * entry holds sums for the plan's summed plugins and weights when it returns.
 */
export function scorePlanOf(framework: Framework, pod: Pod, nodes: readonly NodeInfo[], state: CycleState, entry: ShapeEntry): ScorePlan | undefined {
  const plan = (entry.plan ??= new ShapePlan());
  const scores = plan.scores;
  if (!plan.planned || anyNodeSoftTainted() || !sameWeights(framework, plan.weights)) {
    plan.forget();
    if (!planScores(framework, pod, nodes, state, entry, scores)) return undefined;
    const scorePlugins = framework.scorePlugins;
    plan.weights.length = 0;
    plan.objectScoreBits = 0;
    for (let p = 0; p < scorePlugins.length; p++) {
      plan.weights.push(scorePlugins[p].weight);
      if (OBJECT_SCORES.has(scorePlugins[p])) plan.objectScoreBits |= 1 << p;
    }
    plan.planned = !anyNodeSoftTainted();
  }
  if (plan.sumsVersion !== entry.version) {
    // Sums for these plugins and weights, as the walk would ready them (a new entry has none).
    const summed = scores.summed;
    if (!entry.holdsSums(summed.indexes, summed.weights)) entry.sumsFor(summed.indexes, summed.weights);
    plan.sumsVersion = entry.version;
  }
  return scores;
}

/**
 * filtersOf readies the plan's filters that run for the pod, their object filter count and
 * whether resolveResources may stand for them (`resolvable`), after scorePlanOf made or kept the score plan.
 */
export function filtersOf(framework: Framework, pod: Pod, state: CycleState, plan: ShapePlan): ShapePlan {
  const cordoned = anyNodeCordoned();
  if (plan.filters === undefined || plan.cordoned !== cordoned || !plan.planned) {
    const filters = runningPlugins(framework, pod, state);
    plan.filters = filters;
    plan.cordoned = cordoned;
    plan.objectFilters = objectFilterCount(framework, filters);
    plan.resolvable = resourcesOnly(filters, plan.objectFilters, plan.scores.summed);
  }
  return plan;
}

/** sameWeights: the framework's score plugins have the weights `weights`, in order. */
function sameWeights(framework: Framework, weights: readonly number[]): boolean {
  const scorePlugins = framework.scorePlugins;
  if (scorePlugins.length !== weights.length) return false;
  for (let p = 0; p < weights.length; p++) if (scorePlugins[p].weight !== weights[p]) return false;
  return true;
}
