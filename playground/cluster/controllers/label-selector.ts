/**
 * matchesLabelSelector evaluates a metav1.LabelSelector (matchLabels AND matchExpressions)
 * against an object's labels. An empty selector matches everything, as in Kubernetes; a null one
 * (undefined) matches nothing.
 */
import type { LabelSelector } from '../api/types';

export function matchesLabelSelector(selector: LabelSelector | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector) return false;
  const have = labels ?? {};
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (have[key] !== value) return false;
  }
  for (const requirement of selector.matchExpressions ?? []) {
    const present = Object.hasOwn(have, requirement.key);
    const values = requirement.values ?? [];
    switch (requirement.operator) {
      case 'In':
        if (!present || !values.includes(have[requirement.key])) return false;
        break;
      case 'NotIn':
        if (present && values.includes(have[requirement.key])) return false;
        break;
      case 'Exists':
        if (!present) return false;
        break;
      case 'DoesNotExist':
        if (present) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}
