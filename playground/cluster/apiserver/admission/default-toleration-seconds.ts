/**
 * DefaultTolerationSeconds gives every pod 300-second NoExecute tolerations for the not-ready and
 * unreachable taints, so a pod on a lost node is evicted five minutes after the node goes away.
 */
import type { Pod, Toleration } from '../../api/types';
import type { AdmissionPlugin } from './types';

/** DEFAULT_TOLERATION_SECONDS is the plugin's --default-not-ready/unreachable-toleration-seconds. */
export const DEFAULT_TOLERATION_SECONDS = 300;

const KEYS = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'];

export const DefaultTolerationSeconds: AdmissionPlugin = {
  name: 'DefaultTolerationSeconds',
  resources: ['pods'],
  operations: ['CREATE'],
  mainResourceOnly: true,
  admit(a) {
    if (a.resource.resource !== 'pods' || a.subresource || a.operation !== 'CREATE' || !a.object) return;
    const pod = a.object as Pod;
    if (!pod.spec || typeof pod.spec !== 'object') return;
    const tolerations: Toleration[] = [...(pod.spec.tolerations ?? [])];
    for (const key of KEYS) {
      const covered = tolerations.some((t) => (t.key === key || (!t.key && t.operator === 'Exists')) && (!t.effect || t.effect === 'NoExecute'));
      if (!covered) tolerations.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_TOLERATION_SECONDS });
    }
    pod.spec.tolerations = tolerations;
  },
};
