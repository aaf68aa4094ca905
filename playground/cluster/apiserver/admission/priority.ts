/**
 * Priority admission: resolves spec.priorityClassName to spec.priority (0 without a class; the two
 * built-in system classes; any other name is refused, as no PriorityClass objects exist here) and
 * sets preemptionPolicy.
 */
import { forbidden, StatusError } from '../../api/status';
import type { Pod } from '../../api/types';
import type { AdmissionPlugin } from './types';

/** SYSTEM_PRIORITY_CLASSES are the classes every cluster has. */
export const SYSTEM_PRIORITY_CLASSES: Record<string, number> = { 'system-node-critical': 2000001000, 'system-cluster-critical': 2000000000 };

export const Priority: AdmissionPlugin = {
  name: 'Priority',
  resources: ['pods'],
  operations: ['CREATE'],
  mainResourceOnly: true,
  admit(a) {
    if (a.resource.resource !== 'pods' || a.subresource || a.operation !== 'CREATE' || !a.object) return;
    const pod = a.object as Pod & { spec: { priorityClassName?: string } };
    if (!pod.spec || typeof pod.spec !== 'object') return;
    const gr = { group: '', resource: 'pods' };
    const className = pod.spec.priorityClassName ?? '';
    let priority = 0;
    if (className) {
      if (SYSTEM_PRIORITY_CLASSES[className] === undefined) throw new StatusError(forbidden(gr, a.name, `no PriorityClass with name ${className} was found`));
      priority = SYSTEM_PRIORITY_CLASSES[className];
    }
    if (pod.spec.priority !== undefined && pod.spec.priority !== priority) {
      throw new StatusError(
        forbidden(gr, a.name, `the integer value of priority (${pod.spec.priority}) must not be provided in pod spec; priority admission controller computed ${priority} from the given PriorityClass name`),
      );
    }
    pod.spec.priority = priority;
    pod.spec.preemptionPolicy ??= 'PreemptLowerPriority';
  },
};
