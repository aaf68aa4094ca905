/**
 * Toleration matching, as in Kubernetes' `Toleration.ToleratesTaint`: shared by the
 * TaintToleration and NodeUnschedulable plugins (and by the node-lifecycle story in the chapters).
 */
import type { Taint, Toleration } from '../../api/types';

/** toleratesTaint says whether one toleration matches one taint. */
export function toleratesTaint(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  // An empty key with operator Exists tolerates every taint.
  if (toleration.key && toleration.key !== taint.key) return false;
  if (!toleration.key && toleration.operator !== 'Exists') return false;
  if (toleration.operator === 'Exists') return true;
  return (toleration.value ?? '') === (taint.value ?? '');
}

/** tolerated says whether any of the tolerations matches the taint. */
export function tolerated(tolerations: readonly Toleration[] | undefined, taint: Taint): boolean {
  if (!tolerations) return false;
  // Indexed: a for-of allocates an iterator per call in QuickJS, and this runs per node and taint.
  for (let i = 0; i < tolerations.length; i++) if (toleratesTaint(tolerations[i], taint)) return true;
  return false;
}
