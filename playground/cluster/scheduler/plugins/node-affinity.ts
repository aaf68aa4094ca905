/**
 * NodeAffinity: `spec.nodeSelector` and required node-affinity terms decide which nodes a pod may
 * use (filter); preferred terms add their weights to a node's score (weight 2).
 */
import type { NodeSelectorRequirement, NodeSelectorTerm } from '../../api/types';
import type { NodeInfo } from '../node-info';
import { MAX_NODE_SCORE, SUCCESS, sharedStatus, unresolvable, type FilterPlugin, type ScorePlugin } from '../types';

/** REASON_NODE_AFFINITY is kube-scheduler's NodeAffinity ErrReasonPod. */
export const REASON_NODE_AFFINITY = "node(s) didn't match Pod's node affinity/selector";

const NOT_MATCHED = sharedStatus(unresolvable(REASON_NODE_AFFINITY));
/** Stands in for a node without labels (a read-only empty record: `labels[key]` finds nothing). */
const NO_LABELS: Readonly<Record<string, string>> = Object.freeze({});
/** Stand in for missing lists without allocating one per node. */
const NO_REQUIREMENTS: readonly NodeSelectorRequirement[] = [];
const NO_VALUES: readonly string[] = [];

/** requirementMatches evaluates one `key operator values` expression against a value (or its absence). */
export function requirementMatches(requirement: NodeSelectorRequirement, value: string | undefined): boolean {
  const values = requirement.values ?? NO_VALUES;
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
  const expressions = term.matchExpressions ?? NO_REQUIREMENTS;
  const fields = term.matchFields ?? NO_REQUIREMENTS;
  if (expressions.length === 0 && fields.length === 0) return false;
  // Indexed loops and no `?? {}`: this runs per node and term, and QuickJS allocates for both.
  for (let i = 0; i < expressions.length; i++) {
    const requirement = expressions[i];
    const value = nodeInfo.label(requirement.key);
    // The common `In` inline, as requirementMatches has it: one call fewer per node and term.
    if (requirement.operator === 'In') {
      if (value === undefined || !(requirement.values ?? NO_VALUES).includes(value)) return false;
    } else if (!requirementMatches(requirement, value)) return false;
  }
  for (let i = 0; i < fields.length; i++) {
    const requirement = fields[i];
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
      const labels = nodeInfo.labels ?? NO_LABELS;
      for (const key in selector) {
        if (labels[key] !== selector[key]) return NOT_MATCHED;
      }
    }
    const required = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    if (!required) return SUCCESS;
    const terms = required.nodeSelectorTerms;
    for (let i = 0; i < terms.length; i++) if (termMatches(terms[i], nodeInfo)) return SUCCESS;
    return NOT_MATCHED;
  },
  /** score sums the weights of the preferred terms this node matches. */
  score(pod, nodeInfo) {
    const preferred = pod.spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution;
    if (!preferred) return 0;
    let total = 0;
    for (let i = 0; i < preferred.length; i++) if (termMatches(preferred[i].preference, nodeInfo)) total += preferred[i].weight;
    return total;
  },
  /** constantScore: without preferred terms every node scores 0, and normalize keeps the zeros. */
  constantScore: (pod) => (pod.spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ? undefined : 0),
  /** normalize scales so the best-matching node gets 100. */
  normalize(scores) {
    let max = 0;
    for (let i = 0; i < scores.length; i++) max = Math.max(max, scores[i]);
    if (max === 0) return;
    for (let i = 0; i < scores.length; i++) scores[i] = Math.trunc((MAX_NODE_SCORE * scores[i]) / max);
  },
} satisfies FilterPlugin & ScorePlugin;
