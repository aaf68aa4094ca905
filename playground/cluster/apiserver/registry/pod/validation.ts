/**
 * Pod validation (pkg/apis/core/validation ValidatePodCreate / ValidatePodUpdate) for the fields the
 * mini cluster models, with the real field paths and messages.
 */
import type { FieldError } from '../../../api/status';
import type { Container, Pod, PodSpec } from '../../../api/types';
import { deepEqual } from '../deep-equal';
import { negativeQuantityErrors, resourceQuantityErrors } from '../quantities';
import { dns1123LabelErrors, dns1123SubdomainErrors, validateLabels } from '../validation';

function notSupported(field: string, value: unknown, supported: string[]): FieldError {
  return { field, type: 'NotSupported', value, detail: `supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}` };
}

function validateContainers(containers: Container[] | undefined, path: string, volumes: Set<string>, required: boolean): FieldError[] {
  const errors: FieldError[] = [];
  if (!Array.isArray(containers) || containers.length === 0) {
    if (required) errors.push({ field: path, type: 'Required' });
    return errors;
  }
  const seen = new Set<string>();
  containers.forEach((c, i) => {
    const at = `${path}[${i}]`;
    if (!c || typeof c !== 'object') {
      errors.push({ field: at, type: 'Invalid', value: c, detail: 'must be an object' });
      return;
    }
    if (!c.name) errors.push({ field: `${at}.name`, type: 'Required' });
    else {
      const messages = dns1123LabelErrors(c.name);
      for (let m = 0; m < messages.length; m++) errors.push({ field: `${at}.name`, type: 'Invalid', value: c.name, detail: messages[m] });
      if (seen.has(c.name)) errors.push({ field: `${at}.name`, type: 'Duplicate', value: c.name });
      seen.add(c.name);
    }
    if (!c.image) errors.push({ field: `${at}.image`, type: 'Required' });
    (c.ports ?? []).forEach((p, j) => {
      const portAt = `${at}.ports[${j}]`;
      if (!Number.isInteger(p.containerPort) || p.containerPort < 1 || p.containerPort > 65535) {
        errors.push({ field: `${portAt}.containerPort`, type: 'Invalid', value: p.containerPort, detail: 'must be between 1 and 65535, inclusive' });
      }
      if (p.hostPort !== undefined && (!Number.isInteger(p.hostPort) || p.hostPort < 1 || p.hostPort > 65535)) {
        errors.push({ field: `${portAt}.hostPort`, type: 'Invalid', value: p.hostPort, detail: 'must be between 1 and 65535, inclusive' });
      }
      if (p.protocol && !['SCTP', 'TCP', 'UDP'].includes(p.protocol)) errors.push(notSupported(`${portAt}.protocol`, p.protocol, ['SCTP', 'TCP', 'UDP']));
    });
    if (c.imagePullPolicy && !['Always', 'IfNotPresent', 'Never'].includes(c.imagePullPolicy)) {
      errors.push(notSupported(`${at}.imagePullPolicy`, c.imagePullPolicy, ['Always', 'IfNotPresent', 'Never']));
    }
    (c.volumeMounts ?? []).forEach((m, j) => {
      if (!volumes.has(m.name)) errors.push({ field: `${at}.volumeMounts[${j}].name`, type: 'NotFound', value: m.name });
      if (!m.mountPath) errors.push({ field: `${at}.volumeMounts[${j}].mountPath`, type: 'Required' });
    });
    for (const error of resourceQuantityErrors(c.resources, `${at}.resources`)) errors.push(error);
  });
  return errors;
}

/** validatePodSpec is ValidatePodSpec for the modelled fields; `path` is `spec` or `spec.template.spec`. */
export function validatePodSpec(spec: PodSpec | undefined, path: string): FieldError[] {
  if (!spec || typeof spec !== 'object') return [{ field: `${path}.containers`, type: 'Required' }];
  const errors: FieldError[] = [];
  const volumes = new Set<string>();
  (spec.volumes ?? []).forEach((v, i) => {
    if (!v.name) errors.push({ field: `${path}.volumes[${i}].name`, type: 'Required' });
    else if (volumes.has(v.name)) errors.push({ field: `${path}.volumes[${i}].name`, type: 'Duplicate', value: v.name });
    volumes.add(v.name);
  });
  errors.push(...validateContainers(spec.containers, `${path}.containers`, volumes, true));
  errors.push(...validateContainers(spec.initContainers, `${path}.initContainers`, volumes, false));
  for (const error of negativeQuantityErrors((spec as { overhead?: unknown }).overhead, (name) => `${path}.overhead[${name}]`)) errors.push(error);
  if (spec.restartPolicy && !['Always', 'OnFailure', 'Never'].includes(spec.restartPolicy)) {
    errors.push(notSupported(`${path}.restartPolicy`, spec.restartPolicy, ['Always', 'OnFailure', 'Never']));
  }
  if (spec.dnsPolicy && !['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'].includes(spec.dnsPolicy)) {
    errors.push(notSupported(`${path}.dnsPolicy`, spec.dnsPolicy, ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None']));
  }
  if (spec.nodeName) {
    const messages = dns1123SubdomainErrors(spec.nodeName);
    for (let m = 0; m < messages.length; m++) errors.push({ field: `${path}.nodeName`, type: 'Invalid', value: spec.nodeName, detail: messages[m] });
  }
  const selectorErrors = validateLabels(spec.nodeSelector, `${path}.nodeSelector`);
  if (selectorErrors.length) errors.push(...selectorErrors);
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
  const before = old.spec as PodSpec & { activeDeadlineSeconds?: number };
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
