/**
 * NodeAffinity: `spec.nodeSelector` and required node-affinity terms decide which nodes a pod may
 * use (filter); preferred terms add their weights to a node's score (weight 2).
 */
import type { NodeSelectorRequirement, NodeSelectorTerm } from '../../api/types';
import type { NodeInfo } from '../node-info';
import { MAX_NODE_SCORE, SUCCESS, unresolvable, type FilterPlugin, type ScorePlugin } from '../types';

/** REASON_NODE_AFFINITY is kube-scheduler's NodeAffinity ErrReasonPod. */
export const REASON_NODE_AFFINITY = "node(s) didn't match Pod's node affinity/selector";

/** requirementMatches evaluates one `key operator values` expression against a value (or its absence). */
export function requirementMatches(requirement: NodeSelectorRequirement, value: string | undefined): boolean {
  const values = requirement.values ?? [];
  switch (requirement.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      if (value === undefined || values.length !== 1) return false;
      const actual = Number.parseInt(value, 10);
      const bound = Number.parseInt(values[0], 10);
      if (Number.isNaN(actual) || Number.isNaN(bound)) return false;
      return requirement.operator === 'Gt' ? actual > bound : actual < bound;
    }
    default:
      return false;
  }
}

/** termMatches: every expression of the term must match; an empty term matches no node. */
export function termMatches(term: NodeSelectorTerm, nodeInfo: NodeInfo): boolean {
  const expressions = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (expressions.length === 0 && fields.length === 0) return false;
  const labels = nodeInfo.node.metadata.labels ?? {};
  for (const requirement of expressions) {
    if (!requirementMatches(requirement, Object.hasOwn(labels, requirement.key) ? labels[requirement.key] : undefined)) return false;
  }
  for (const requirement of fields) {
    const value = requirement.key === 'metadata.name' ? nodeInfo.name : undefined;
    if (!requirementMatches(requirement, value)) return false;
  }
  return true;
}

/** NodeAffinity filters on nodeSelector and required terms, and scores preferred terms. */
export const NodeAffinity = {
  name: 'NodeAffinity',
  weight: 2,
  skip: (pod) => !pod.spec.nodeSelector && !pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution,
  filter(pod, nodeInfo) {
    const selector = pod.spec.nodeSelector;
    if (selector) {
      const labels = nodeInfo.node.metadata.labels ?? {};
      for (const key in selector) {
        if (labels[key] !== selector[key]) return unresolvable(REASON_NODE_AFFINITY);
      }
    }
    const required = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    if (required && !required.nodeSelectorTerms.some((term) => termMatches(term, nodeInfo))) {
      return unresolvable(REASON_NODE_AFFINITY);
    }
    return SUCCESS;
  },
  /** score sums the weights of the preferred terms this node matches. */
  score(pod, nodeInfo) {
    const preferred = pod.spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution;
    if (!preferred) return 0;
    let total = 0;
    for (const { weight, preference } of preferred) if (termMatches(preference, nodeInfo)) total += weight;
    return total;
  },
  /** normalize scales so the best-matching node gets 100. */
  normalize(scores) {
    let max = 0;
    for (const s of scores) max = Math.max(max, s);
    if (max === 0) return;
    for (let i = 0; i < scores.length; i++) scores[i] = Math.trunc((MAX_NODE_SCORE * scores[i]) / max);
  },
} satisfies FilterPlugin & ScorePlugin;
