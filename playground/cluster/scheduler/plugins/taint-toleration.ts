/**
 * TaintToleration: a node's NoSchedule/NoExecute taints keep out pods that do not tolerate them
 * (filter); PreferNoSchedule taints only make the node less attractive (score, weight 3).
 */
import { MAX_NODE_SCORE, SUCCESS, unresolvable, type FilterPlugin, type ScorePlugin } from '../types';
import { toleratesTaint, tolerated } from './tolerations';

/** untoleratedTaintReason is the filter's reason, naming the first taint the pod does not tolerate. */
export function untoleratedTaintReason(key: string, value: string | undefined): string {
  return `node(s) had untolerated taint {${key}: ${value ?? ''}}`;
}

/** TaintToleration filters on hard taints and scores on soft (PreferNoSchedule) ones. */
export const TaintToleration = {
  name: 'TaintToleration',
  weight: 3,
  filter(pod, nodeInfo) {
    for (const taint of nodeInfo.hardTaints) {
      if (!tolerated(pod.spec.tolerations, taint)) return unresolvable(untoleratedTaintReason(taint.key, taint.value));
    }
    return SUCCESS;
  },
  /** score counts the PreferNoSchedule taints the pod does not tolerate (fewer is better). */
  score(pod, nodeInfo) {
    if (nodeInfo.softTaints.length === 0) return 0;
    const tolerations = (pod.spec.tolerations ?? []).filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
    let count = 0;
    for (const taint of nodeInfo.softTaints) {
      if (!tolerations.some((t) => toleratesTaint(t, taint))) count++;
    }
    return count;
  },
  /** normalize maps counts to 0..100 reversed: the node with the most untolerated taints gets 0. */
  normalize(scores) {
    let max = 0;
    for (const s of scores) max = Math.max(max, s);
    for (let i = 0; i < scores.length; i++) {
      scores[i] = max === 0 ? MAX_NODE_SCORE : MAX_NODE_SCORE - Math.trunc((MAX_NODE_SCORE * scores[i]) / max);
    }
  },
} satisfies FilterPlugin & ScorePlugin;
