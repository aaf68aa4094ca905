/**
 * ReplicaSet policy (pkg/registry/apps/replicaset/strategy.go): generation starts at 1 and grows
 * with every spec change, status goes through replicasets/status, the selector must match the
 * template's labels and is immutable; the pod template is defaulted and validated like a pod.
 */
import { labelSelectorToString, matchesLabels, parseLabelSelector } from '../../api/selectors';
import type { FieldError } from '../../api/status';
import type { ReplicaSet } from '../../api/types';
import { deepEqual } from './deep-equal';
import { defaultPodSpec } from './pod/defaults';
import { validatePodSpec } from './pod/validation';
import { defaultStrategy, noErrors, type Strategy } from './strategy';

function validateReplicaSet(rs: ReplicaSet): FieldError[] {
  const errors: FieldError[] = [];
  const spec = rs.spec;
  if (!spec || typeof spec !== 'object') return [{ field: 'spec.selector', type: 'Required' }];
  const selector = spec.selector;
  const selectorText = labelSelectorToString(selector);
  if (!selector || !selectorText) errors.push({ field: 'spec.selector', type: 'Required' });
  if (spec.replicas !== undefined && (!Number.isInteger(spec.replicas) || spec.replicas < 0)) {
    errors.push({ field: 'spec.replicas', type: 'Invalid', value: spec.replicas, detail: 'must be greater than or equal to 0' });
  }
  const labels = spec.template?.metadata?.labels;
  if (selectorText && !matchesLabels(parseLabelSelector(selectorText), labels)) {
    errors.push({ field: 'spec.template.metadata.labels', type: 'Invalid', value: labels ?? {}, detail: '`selector` does not match template `labels`' });
  }
  errors.push(...validatePodSpec(spec.template?.spec, 'spec.template.spec'));
  return errors;
}

export const replicaSetStrategy: Strategy = defaultStrategy({
  defaults(object) {
    const rs = object as ReplicaSet;
    if (!rs.spec || typeof rs.spec !== 'object') return;
    rs.spec.replicas ??= 1;
    if (rs.spec.template?.spec) defaultPodSpec(rs.spec.template.spec);
  },
  prepareForCreate(object) {
    const rs = object as ReplicaSet;
    rs.status = { replicas: 0 };
    rs.metadata.generation = 1;
  },
  prepareForUpdate(object, old) {
    const rs = object as ReplicaSet;
    const previous = old as ReplicaSet;
    rs.status = previous.status;
    rs.metadata.generation = (previous.metadata.generation ?? 1) + (deepEqual(rs.spec, previous.spec) ? 0 : 1);
  },
  validate: (object) => validateReplicaSet(object as ReplicaSet),
  validateUpdate(object, old) {
    const rs = object as ReplicaSet;
    const previous = old as ReplicaSet;
    if (!deepEqual(rs.spec?.selector, previous.spec?.selector)) {
      return [{ field: 'spec.selector', type: 'Invalid', value: rs.spec?.selector, detail: 'field is immutable' }];
    }
    return [];
  },
});

/** replicaSetStatusStrategy is replicasets/status: only status changes. */
export const replicaSetStatusStrategy: Strategy = {
  ...replicaSetStrategy,
  // ReplicaSet defaulting touches only the spec, which prepareForUpdate takes from the stored object
  // (and patchStatus shares the stored spec, which must stay unwritten).
  defaults() {},
  keepsStoredMetadata: true,
  prepareForUpdate(object, old) {
    const rs = object as ReplicaSet;
    rs.spec = (old as ReplicaSet).spec;
    rs.metadata.generation = (old as ReplicaSet).metadata.generation;
  },
  validate: noErrors,
  validateUpdate: noErrors,
};
