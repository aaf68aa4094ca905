/**
 * DefaultTolerationSeconds gives every pod 300-second NoExecute tolerations for the not-ready and
 * unreachable taints, so a pod on a lost node is evicted five minutes after the node goes away.
 */
import type { Pod, Toleration } from '../../api/types';
import type { AdmissionPlugin } from './types';

/** DEFAULT_TOLERATION_SECONDS is the plugin's --default-not-ready/unreachable-toleration-seconds. */
export const DEFAULT_TOLERATION_SECONDS = 300;

const KEYS = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'];
/** The default toleration of each key, one frozen object for every pod. */
const DEFAULTS: readonly Toleration[] = KEYS.map((key) => Object.freeze({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_TOLERATION_SECONDS }) as Toleration);
/** DEFAULT_TOLERATIONS is the tolerations list of a pod that lists none: both defaults (frozen, shared). */
const DEFAULT_TOLERATIONS: readonly Toleration[] = Object.freeze([...DEFAULTS]);

/** covered tells whether a toleration of the list tolerates the NoExecute taint `key` (a plain loop: every pod creation asks twice). */
function covered(tolerations: readonly Toleration[], key: string): boolean {
  for (let i = 0; i < tolerations.length; i++) {
    const t = tolerations[i];
    if ((t.key === key || (!t.key && t.operator === 'Exists')) && (!t.effect || t.effect === 'NoExecute')) return true;
  }
  return false;
}

export const DefaultTolerationSeconds: AdmissionPlugin = {
  name: 'DefaultTolerationSeconds',
  resources: ['pods'],
  operations: ['CREATE'],
  mainResourceOnly: true,
  admit(a) {
    if (a.resource.resource !== 'pods' || a.subresource || a.operation !== 'CREATE' || !a.object) return;
    const pod = a.object as Pod;
    if (!pod.spec || typeof pod.spec !== 'object') return;
    const own = pod.spec.tolerations;
    // A pod that lists no tolerations (most) gets the one frozen list of the two defaults.
    if (own === undefined || (Array.isArray(own) && own.length === 0)) {
      pod.spec.tolerations = DEFAULT_TOLERATIONS as Toleration[];
      return;
    }
    if (Array.isArray(own)) {
      // The pod keeps this list as long as it lives: it is made at its final length (a list grown by
      // push keeps room for 16 more items in V8). Adding one default does not cover the other's key.
      const notReady = !covered(own, KEYS[0]);
      const unreachable = !covered(own, KEYS[1]);
      if (notReady && unreachable) pod.spec.tolerations = own.concat(DEFAULTS);
      else if (notReady || unreachable) pod.spec.tolerations = own.concat(DEFAULTS[notReady ? 0 : 1]);
      else pod.spec.tolerations = own.slice();
      return;
    }
    const tolerations: Toleration[] = [...own];
    for (let k = 0; k < KEYS.length; k++) {
      const key = KEYS[k];
      if (!covered(tolerations, key)) tolerations.push(DEFAULTS[k]);
    }
    pod.spec.tolerations = tolerations;
  },
};
