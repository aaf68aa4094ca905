/**
 * Pod policy (pkg/registry/core/pod/strategy.go): status is set by the server on create and only
 * changes through pods/status; spec is immutable apart from images; graceful deletion waits for the
 * kubelet unless the pod never ran anywhere or already finished.
 */
import type { DeleteOptions } from '../../../api/client';
import { computePodQOS } from '../../../api/qos';
import type { KubeObject, Pod } from '../../../api/types';
import { defaultStrategy, noErrors, type Strategy } from '../strategy';
import { defaultPod } from './defaults';
import { validatePod, validatePodUpdate } from './validation';

/** podFields are the field selectors pods support (GetAttrs / PodToSelectableFields). */
export function podFields(object: KubeObject): Record<string, string> {
  // Every pod the watch cache decodes gets its fields: baseFields' two are written here rather than
  // spread from an object made for them, and each part of the pod is read once, a missing part as
  // an empty one (one test per part rather than one per field).
  const meta: Partial<KubeObject['metadata']> = object.metadata ?? NO_PART;
  const spec: Partial<Pod['spec']> = (object as Pod).spec ?? NO_PART;
  const status: Partial<NonNullable<Pod['status']>> = (object as Pod).status ?? NO_PART;
  return {
    'metadata.name': meta.name ?? '',
    'metadata.namespace': meta.namespace ?? '',
    'spec.nodeName': spec.nodeName ?? '',
    'spec.restartPolicy': spec.restartPolicy ?? '',
    'spec.schedulerName': spec.schedulerName ?? '',
    'spec.serviceAccountName': spec.serviceAccountName ?? '',
    'spec.hostNetwork': String(spec.hostNetwork ?? false),
    'status.phase': status.phase ?? '',
    'status.podIP': status.podIP ?? '',
    'status.nominatedNodeName': status.nominatedNodeName ?? '',
  };
}

/** NO_PART stands for a missing metadata, spec or status in podFields: every field reads as absent. */
const NO_PART = Object.freeze({});

/**
 * POD_FIELD_LABELS are the field labels a pod selector may use: podFields' own, and status.podIPs,
 * which the v1 field label conversion accepts (pkg/apis/core/v1/conversion.go) though
 * PodToSelectableFields gives it no value, so it selects as empty (`status.podIPs=` matches every pod).
 */
const POD_FIELD_LABELS: readonly string[] = [...Object.keys(podFields({})), 'status.podIPs'];

/**
 * POD_FIELD_LABEL_CONVERSIONS: the v1 field label conversion still accepts `spec.host`, the field's
 * name before v1, for old clients, and selects on spec.nodeName with it (pkg/apis/core/v1/conversion.go).
 */
const POD_FIELD_LABEL_CONVERSIONS: ReadonlyMap<string, string> = new Map([['spec.host', 'spec.nodeName']]);

/**
 * podGracePeriod is CheckGracefulDelete: the request's gracePeriodSeconds, else the pod's
 * terminationGracePeriodSeconds; 0 (delete now) when the pod is not on a node or already terminal.
 */
export function podGracePeriod(object: KubeObject, options: DeleteOptions): number {
  const pod = object as Pod;
  let grace = options.gracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30;
  if (!pod.spec?.nodeName) grace = 0;
  if (pod.status?.phase === 'Failed' || pod.status?.phase === 'Succeeded') grace = 0;
  return Math.max(0, grace);
}

/** podStrategy is the policy of the pods resource itself. */
export const podStrategy: Strategy = defaultStrategy({
  fieldLabels: POD_FIELD_LABELS,
  fieldLabelConversions: POD_FIELD_LABEL_CONVERSIONS,
  returnDeletedObject: true,
  defaults: (object) => defaultPod(object as Pod),
  prepareForCreate(object) {
    const pod = object as Pod;
    pod.status = { phase: 'Pending', qosClass: computePodQOS(pod) };
  },
  prepareForUpdate(object, old) {
    (object as Pod).status = (old as Pod).status;
  },
  validate: (object) => validatePod(object as Pod),
  validateUpdate: (object, old) => validatePodUpdate(object as Pod, old as Pod),
  selectableFields: podFields,
  gracePeriod: podGracePeriod,
});

/**
 * podStatusStrategy is the policy of pods/status: everything but status (and the metadata the
 * kubelet may not touch) is taken from the stored pod, so a status writer cannot move a pod.
 */
export const podStatusStrategy: Strategy = {
  ...podStrategy,
  // Pod defaulting touches only the spec, which prepareForUpdate takes from the stored pod: a status
  // write has nothing to default (and patchStatus shares the stored spec, which must stay unwritten).
  defaults() {},
  keepsStoredMetadata: true,
  prepareForUpdate(object, old) {
    const pod = object as Pod;
    const previous = old as Pod;
    pod.spec = previous.spec;
    // Set only when there is one: adding the key and deleting it again would turn the metadata into
    // a slow dictionary-mode object in V8 on every status write (see Store.keepSystemMeta).
    const ownerReferences = previous.metadata.ownerReferences;
    if (ownerReferences !== undefined) pod.metadata.ownerReferences = ownerReferences;
    else if ('ownerReferences' in pod.metadata) delete pod.metadata.ownerReferences;
  },
  validate: noErrors,
  validateUpdate: noErrors,
};
