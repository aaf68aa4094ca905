/**
 * TaintToleration: a node's NoSchedule/NoExecute taints keep out pods that do not tolerate them
 * (filter); PreferNoSchedule taints only make the node less attractive (score, weight 3).
 */
import type { Taint, Toleration } from '../../api/types';
import { MAX_NODE_SCORE, SUCCESS, sharedStatus, unresolvable, type FilterPlugin, type PluginStatus, type ScorePlugin } from '../types';
import { anyNodeSoftTainted } from '../node-info';
import { toleratesTaint, tolerated } from './tolerations';

/** untoleratedTaintReason is the filter's reason, naming the first taint the pod does not tolerate. */
export function untoleratedTaintReason(key: string, value: string | undefined): string {
  return `node(s) had untolerated taint {${key}: ${value ?? ''}}`;
}

const NO_TOLERATIONS: readonly Toleration[] = [];

/**
 * failures holds one shared status per taint key and value, so every node with the same taint
 * rejects a pod with the very same object (the filter walk then settles it once per pod) and no
 * reason string is built twice. Emptied if it ever grows past FAILURES_LIMIT keys.
 */
const failures = new Map<string, Map<string | undefined, PluginStatus>>();
const FAILURES_LIMIT = 1000;

function untoleratedTaint(taint: Taint): PluginStatus {
  let byValue = failures.get(taint.key);
  const known = byValue?.get(taint.value);
  if (known !== undefined) return known;
  const status = sharedStatus(unresolvable(untoleratedTaintReason(taint.key, taint.value)));
  if (byValue === undefined) {
    if (failures.size >= FAILURES_LIMIT) failures.clear();
    byValue = new Map();
    failures.set(taint.key, byValue);
  }
  byValue.set(taint.value, status);
  return status;
}

/** TaintToleration filters on hard taints and scores on soft (PreferNoSchedule) ones. */
export const TaintToleration = {
  name: 'TaintToleration',
  weight: 3,
  filter(pod, nodeInfo) {
    const taints = nodeInfo.hardTaints;
    for (let i = 0; i < taints.length; i++) {
      if (!tolerated(pod.spec.tolerations, taints[i])) return untoleratedTaint(taints[i]);
    }
    return SUCCESS;
  },
  /** score counts the PreferNoSchedule taints the pod does not tolerate (fewer is better). */
  score(pod, nodeInfo) {
    const taints = nodeInfo.softTaints;
    if (taints.length === 0) return 0;
    const tolerations = pod.spec.tolerations ?? NO_TOLERATIONS;
    let count = 0;
    for (let i = 0; i < taints.length; i++) {
      let matched = false;
      for (let j = 0; j < tolerations.length && !matched; j++) {
        const toleration = tolerations[j];
        // Only tolerations without an effect or for PreferNoSchedule count here.
        matched = (!toleration.effect || toleration.effect === 'PreferNoSchedule') && toleratesTaint(toleration, taints[i]);
      }
      if (!matched) count++;
    }
    return count;
  },
  /** constantScore: with no PreferNoSchedule taint on any of the nodes, every node normalizes to 100. */
  constantScore(_pod, nodes) {
    if (!anyNodeSoftTainted()) return MAX_NODE_SCORE;
    for (let i = 0; i < nodes.length; i++) if (nodes[i].softTaints.length > 0) return undefined;
    return MAX_NODE_SCORE;
  },
  /** normalize maps counts to 0..100 reversed: the node with the most untolerated taints gets 0. */
  normalize(scores) {
    let max = 0;
    for (let i = 0; i < scores.length; i++) max = Math.max(max, scores[i]);
    for (let i = 0; i < scores.length; i++) {
      scores[i] = max === 0 ? MAX_NODE_SCORE : MAX_NODE_SCORE - Math.trunc((MAX_NODE_SCORE * scores[i]) / max);
    }
  },
} satisfies FilterPlugin & ScorePlugin;
