/**
 * Pod validation (pkg/apis/core/validation ValidatePodCreate / ValidatePodUpdate) for the fields the
 * mini cluster models, with the real field paths and messages.
 */
import type { FieldError } from '../../../api/status';
import type { Container, ContainerPort, Pod, PodSpec, Volume, VolumeMount } from '../../../api/types';
import { deepEqual } from '../deep-equal';
import { hasNegativeQuantity, hasNegativeResource, negativeQuantityErrors, resourceQuantityErrors } from '../quantities';
import { dns1123LabelErrors, dns1123SubdomainErrors, validateLabels } from '../validation';

function notSupported(field: string, value: unknown, supported: readonly string[]): FieldError {
  return { field, type: 'NotSupported', value, detail: `supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}` };
}

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];

/**
 * validateContainers adds a container list's errors to `errors`. Every pod create runs it:
 * indexed loops rather than a closure per list, and field paths only built for an error.
 */
function validateContainers(errors: FieldError[], containers: Container[] | undefined, path: string, volumes: Set<string>, required: boolean): void {
  if (!Array.isArray(containers) || containers.length === 0) {
    if (required) errors.push({ field: path, type: 'Required' });
    return;
  }
  const seen = new Set<string>();
  for (let i = 0; i < containers.length; i++) {
    const c = containers[i];
    if (!c || typeof c !== 'object') {
      errors.push({ field: `${path}[${i}]`, type: 'Invalid', value: c, detail: 'must be an object' });
      continue;
    }
    if (!c.name) errors.push({ field: `${path}[${i}].name`, type: 'Required' });
    else {
      const messages = dns1123LabelErrors(c.name);
      for (let m = 0; m < messages.length; m++) errors.push({ field: `${path}[${i}].name`, type: 'Invalid', value: c.name, detail: messages[m] });
      if (seen.has(c.name)) errors.push({ field: `${path}[${i}].name`, type: 'Duplicate', value: c.name });
      seen.add(c.name);
    }
    if (!c.image) errors.push({ field: `${path}[${i}].image`, type: 'Required' });
    const ports = c.ports;
    if (Array.isArray(ports)) for (let j = 0; j < ports.length; j++) portErrors(errors, ports[j], path, i, j);
    // Not a list (a malformed body): fails exactly as the list method call always has, with the
    // same message (which quotes the call). None (most containers) has nothing to walk.
    else if (ports != null) (c.ports ?? []).forEach((p, j) => portErrors(errors, p, path, i, j));
    if (c.imagePullPolicy && !PULL_POLICIES.includes(c.imagePullPolicy)) errors.push(notSupported(`${path}[${i}].imagePullPolicy`, c.imagePullPolicy, PULL_POLICIES));
    const mounts = c.volumeMounts;
    if (Array.isArray(mounts)) for (let j = 0; j < mounts.length; j++) mountErrors(errors, mounts[j], volumes, path, i, j);
    else (c.volumeMounts ?? []).forEach((m, j) => mountErrors(errors, m, volumes, path, i, j));
    if (hasNegativeResource(c.resources)) for (const error of resourceQuantityErrors(c.resources, `${path}[${i}].resources`)) errors.push(error);
  }
}

/** portErrors adds the errors of container `i`'s port `j`. */
function portErrors(errors: FieldError[], p: ContainerPort, path: string, i: number, j: number): void {
  if (!Number.isInteger(p.containerPort) || p.containerPort < 1 || p.containerPort > 65535) {
    errors.push({ field: `${path}[${i}].ports[${j}].containerPort`, type: 'Invalid', value: p.containerPort, detail: 'must be between 1 and 65535, inclusive' });
  }
  if (p.hostPort !== undefined && (!Number.isInteger(p.hostPort) || p.hostPort < 1 || p.hostPort > 65535)) {
    errors.push({ field: `${path}[${i}].ports[${j}].hostPort`, type: 'Invalid', value: p.hostPort, detail: 'must be between 1 and 65535, inclusive' });
  }
  if (p.protocol && !PROTOCOLS.includes(p.protocol)) errors.push(notSupported(`${path}[${i}].ports[${j}].protocol`, p.protocol, PROTOCOLS));
}

/** mountErrors adds the errors of container `i`'s volume mount `j`. */
function mountErrors(errors: FieldError[], m: VolumeMount, volumes: Set<string>, path: string, i: number, j: number): void {
  if (!volumes.has(m.name)) errors.push({ field: `${path}[${i}].volumeMounts[${j}].name`, type: 'NotFound', value: m.name });
  if (!m.mountPath) errors.push({ field: `${path}[${i}].volumeMounts[${j}].mountPath`, type: 'Required' });
}

/** volumeErrors adds volume `i`'s errors and notes its name in `volumes`. */
function volumeErrors(errors: FieldError[], v: Volume, volumes: Set<string>, path: string, i: number): void {
  if (!v.name) errors.push({ field: `${path}.volumes[${i}].name`, type: 'Required' });
  else if (volumes.has(v.name)) errors.push({ field: `${path}.volumes[${i}].name`, type: 'Duplicate', value: v.name });
  volumes.add(v.name);
}

/** validatePodSpec is ValidatePodSpec for the modelled fields; `path` is `spec` or `spec.template.spec`. */
export function validatePodSpec(spec: PodSpec | undefined, path: string): FieldError[] {
  if (!spec || typeof spec !== 'object') return [{ field: `${path}.containers`, type: 'Required' }];
  const errors: FieldError[] = [];
  const volumes = new Set<string>();
  const specVolumes = spec.volumes;
  if (Array.isArray(specVolumes)) for (let i = 0; i < specVolumes.length; i++) volumeErrors(errors, specVolumes[i], volumes, path, i);
  else (spec.volumes ?? []).forEach((v, i) => volumeErrors(errors, v, volumes, path, i));
  validateContainers(errors, spec.containers, `${path}.containers`, volumes, true);
  // Optional parts most pods leave out are not looked into (nor their paths built) when absent.
  if (spec.initContainers != null) validateContainers(errors, spec.initContainers, `${path}.initContainers`, volumes, false);
  const overhead = (spec as { overhead?: unknown }).overhead;
  if (overhead !== undefined && hasNegativeQuantity(overhead)) for (const error of negativeQuantityErrors(overhead, (name) => `${path}.overhead[${name}]`)) errors.push(error);
  if (spec.restartPolicy && !RESTART_POLICIES.includes(spec.restartPolicy)) errors.push(notSupported(`${path}.restartPolicy`, spec.restartPolicy, RESTART_POLICIES));
  if (spec.dnsPolicy && !DNS_POLICIES.includes(spec.dnsPolicy)) errors.push(notSupported(`${path}.dnsPolicy`, spec.dnsPolicy, DNS_POLICIES));
  if (spec.nodeName) {
    const messages = dns1123SubdomainErrors(spec.nodeName);
    for (let m = 0; m < messages.length; m++) errors.push({ field: `${path}.nodeName`, type: 'Invalid', value: spec.nodeName, detail: messages[m] });
  }
  if (spec.nodeSelector !== undefined) {
    const selectorErrors = validateLabels(spec.nodeSelector, `${path}.nodeSelector`);
    if (selectorErrors.length) errors.push(...selectorErrors);
  }
  if (spec.terminationGracePeriodSeconds !== undefined && !Number.isInteger(spec.terminationGracePeriodSeconds)) {
    errors.push({ field: `${path}.terminationGracePeriodSeconds`, type: 'Invalid', value: spec.terminationGracePeriodSeconds, detail: 'must be an integer' });
  }
  return errors;
}

/** validatePod validates a pod's spec (metadata is checked by the generic store). */
export function validatePod(pod: Pod): FieldError[] {
  return validatePodSpec(pod.spec, 'spec');
}

/** POD_UPDATE_FORBIDDEN is the detail ValidatePodUpdate gives when a spec field other than the mutable ones changed. */
export const POD_UPDATE_FORBIDDEN =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

/**
 * validatePodUpdate allows only the mutable fields to change: images, activeDeadlineSeconds and added
 * tolerations; the new spec itself is checked by validatePod. (The real message ends with a diff of the two specs; ours stops before it.)
 */
export function validatePodUpdate(pod: Pod, old: Pod): FieldError[] {
  if (!pod.spec || typeof pod.spec !== 'object') return [];
  const candidate = JSON.parse(JSON.stringify(pod.spec)) as PodSpec & { activeDeadlineSeconds?: number };
  // A stored pod put into etcd without a spec (or with a null one) has Go's empty spec.
  const before = (old.spec && typeof old.spec === 'object' ? old.spec : {}) as PodSpec & { activeDeadlineSeconds?: number };
  candidate.containers?.forEach((c, i) => {
    if (before.containers?.[i]) c.image = before.containers[i].image;
  });
  candidate.initContainers?.forEach((c, i) => {
    if (before.initContainers?.[i]) c.image = before.initContainers[i].image;
  });
  candidate.activeDeadlineSeconds = before.activeDeadlineSeconds;
  const oldTolerations = before.tolerations ?? [];
  const newTolerations = candidate.tolerations ?? [];
  if (oldTolerations.every((t) => newTolerations.some((n) => deepEqual(n, t)))) candidate.tolerations = before.tolerations;
  if (!deepEqual(candidate, before)) return [{ field: 'spec', type: 'Forbidden', detail: POD_UPDATE_FORBIDDEN }];
  return [];
}
