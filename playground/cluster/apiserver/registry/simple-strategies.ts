/**
 * Policies of the resources with few rules: events (selectable by involvedObject, like
 * `kubectl describe` asks), leases, service accounts and the RBAC objects (names are path segments,
 * so `system:kube-scheduler` is fine; a binding's roleRef cannot change).
 */
import type { FieldError } from '../../api/status';
import type { Event, Lease, Role, RoleBinding } from '../../api/types';
import { deepEqual } from './deep-equal';
import { baseFields, defaultStrategy, NO_ERRORS, type Strategy } from './strategy';

export const eventStrategy: Strategy = defaultStrategy({
  fieldLabels: [
    'metadata.name', 'metadata.namespace', 'involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name',
    'involvedObject.uid', 'involvedObject.apiVersion', 'involvedObject.resourceVersion', 'involvedObject.fieldPath',
    'reason', 'reportingComponent', 'source', 'type',
  ],
  validate(object) {
    const event = object as Event;
    // Every Event passes: the shared empty answer, no new list per Event.
    return event.involvedObject ? NO_ERRORS : [{ field: 'involvedObject', type: 'Required' }];
  },
  selectableFields(object) {
    const event = object as Event;
    const io = event.involvedObject ?? ({} as Event['involvedObject']);
    return {
      ...baseFields(object),
      'involvedObject.kind': io.kind ?? '',
      'involvedObject.namespace': io.namespace ?? '',
      'involvedObject.name': io.name ?? '',
      'involvedObject.uid': io.uid ?? '',
      'involvedObject.apiVersion': io.apiVersion ?? '',
      'involvedObject.resourceVersion': io.resourceVersion ?? '',
      'involvedObject.fieldPath': io.fieldPath ?? '',
      reason: event.reason ?? '',
      reportingComponent: event.reportingComponent ?? '',
      source: event.source?.component ?? '',
      type: event.type ?? '',
    };
  },
});

export const leaseStrategy: Strategy = defaultStrategy({
  validate(object) {
    const lease = object as Lease;
    const seconds = lease.spec?.leaseDurationSeconds;
    return seconds !== undefined && !(Number.isInteger(seconds) && seconds > 0)
      ? [{ field: 'spec.leaseDurationSeconds', type: 'Invalid', value: seconds, detail: 'must be greater than 0' }]
      : [];
  },
});

export const serviceAccountStrategy: Strategy = defaultStrategy();

function validateRules(role: Role): FieldError[] {
  return (role.rules ?? []).flatMap((rule, i) => (rule.verbs?.length ? [] : [{ field: `rules[${i}].verbs`, type: 'Required' as const }]));
}

export const roleStrategy: Strategy = defaultStrategy({ nameRule: 'path-segment', validate: (o) => validateRules(o as Role) });

function validateBinding(binding: RoleBinding): FieldError[] {
  const errors: FieldError[] = [];
  const ref = binding.roleRef;
  if (!ref?.name) errors.push({ field: 'roleRef.name', type: 'Required' });
  if (ref && !['Role', 'ClusterRole'].includes(ref.kind)) errors.push({ field: 'roleRef.kind', type: 'NotSupported', value: ref.kind, detail: 'supported values: "Role", "ClusterRole"' });
  if (binding.kind === 'ClusterRoleBinding' && ref?.kind === 'Role') errors.push({ field: 'roleRef.kind', type: 'NotSupported', value: ref.kind, detail: 'supported values: "ClusterRole"' });
  (binding.subjects ?? []).forEach((s, i) => {
    if (!s.name) errors.push({ field: `subjects[${i}].name`, type: 'Required' });
    if (s.kind === 'ServiceAccount' && !s.namespace && binding.kind === 'ClusterRoleBinding') errors.push({ field: `subjects[${i}].namespace`, type: 'Required' });
  });
  return errors;
}

export const roleBindingStrategy: Strategy = defaultStrategy({
  nameRule: 'path-segment',
  validate: (o) => validateBinding(o as RoleBinding),
  validateUpdate(object, old) {
    const ref = (object as RoleBinding).roleRef;
    return deepEqual(ref, (old as RoleBinding).roleRef) ? [] : [{ field: 'roleRef', type: 'Invalid', value: ref, detail: 'cannot change roleRef' }];
  },
});
