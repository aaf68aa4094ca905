import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FieldError } from '../../../api/status';
import type { Container, PodSpec } from '../../../api/types';
import { negativeQuantityErrors, resourceQuantityErrors } from '../quantities';
import { dns1123LabelErrors, dns1123SubdomainErrors, validateLabels } from '../validation';
import { validatePodSpec } from './validation';

// The former closure-based validation, kept as the reference the indexed loops must match error for error.
function referenceNotSupported(field: string, value: unknown, supported: string[]): FieldError {
  return { field, type: 'NotSupported', value, detail: `supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}` };
}

function referenceContainers(containers: Container[] | undefined, path: string, volumes: Set<string>, required: boolean): FieldError[] {
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
      if (p.protocol && !['SCTP', 'TCP', 'UDP'].includes(p.protocol)) errors.push(referenceNotSupported(`${portAt}.protocol`, p.protocol, ['SCTP', 'TCP', 'UDP']));
    });
    if (c.imagePullPolicy && !['Always', 'IfNotPresent', 'Never'].includes(c.imagePullPolicy)) {
      errors.push(referenceNotSupported(`${at}.imagePullPolicy`, c.imagePullPolicy, ['Always', 'IfNotPresent', 'Never']));
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
function referencePodSpec(spec: PodSpec | undefined, path: string): FieldError[] {
  if (!spec || typeof spec !== 'object') return [{ field: `${path}.containers`, type: 'Required' }];
  const errors: FieldError[] = [];
  const volumes = new Set<string>();
  (spec.volumes ?? []).forEach((v, i) => {
    if (!v.name) errors.push({ field: `${path}.volumes[${i}].name`, type: 'Required' });
    else if (volumes.has(v.name)) errors.push({ field: `${path}.volumes[${i}].name`, type: 'Duplicate', value: v.name });
    volumes.add(v.name);
  });
  errors.push(...referenceContainers(spec.containers, `${path}.containers`, volumes, true));
  errors.push(...referenceContainers(spec.initContainers, `${path}.initContainers`, volumes, false));
  for (const error of negativeQuantityErrors((spec as { overhead?: unknown }).overhead, (name) => `${path}.overhead[${name}]`)) errors.push(error);
  if (spec.restartPolicy && !['Always', 'OnFailure', 'Never'].includes(spec.restartPolicy)) {
    errors.push(referenceNotSupported(`${path}.restartPolicy`, spec.restartPolicy, ['Always', 'OnFailure', 'Never']));
  }
  if (spec.dnsPolicy && !['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'].includes(spec.dnsPolicy)) {
    errors.push(referenceNotSupported(`${path}.dnsPolicy`, spec.dnsPolicy, ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None']));
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


/** outcome is the error list, or the exception's message (a malformed body fails as it always did). */
function outcome(validate: () => FieldError[]): string {
  try {
    return JSON.stringify(validate());
  } catch (error) {
    return `threw ${(error as Error).message}`;
  }
}

const name = fc.constantFrom('app', 'side', 'Bad_Name', '', 'x'.repeat(64), 'db');
const quantity = fc.constantFrom('100m', '-1', '128Mi', '-5Mi', '0', 2, -3);
const resources = fc.record({ requests: fc.dictionary(fc.constantFrom('cpu', 'memory'), quantity, { maxKeys: 2 }), limits: fc.dictionary(fc.constantFrom('cpu', 'memory'), quantity, { maxKeys: 2 }) }, { requiredKeys: [] });
const port = fc.record({ containerPort: fc.constantFrom(80, 0, 70000, 8.5, 443), hostPort: fc.constantFrom(undefined, 8080, 0), protocol: fc.constantFrom(undefined, 'TCP', 'HTTP') }, { requiredKeys: ['containerPort'] });
const mount = fc.record({ name: fc.constantFrom('data', 'missing', 'cache'), mountPath: fc.constantFrom('/data', '') });
const notAList = fc.constantFrom({}, 'ports', 7, 0, false, null);
const container = fc.record(
  {
    name,
    image: fc.constantFrom('nginx', ''),
    ports: fc.oneof({ weight: 5, arbitrary: fc.array(port, { maxLength: 2 }) }, { weight: 1, arbitrary: notAList }),
    imagePullPolicy: fc.constantFrom(undefined, 'Always', 'Sometimes'),
    volumeMounts: fc.oneof({ weight: 5, arbitrary: fc.array(mount, { maxLength: 2 }) }, { weight: 1, arbitrary: notAList }),
    resources,
  },
  { requiredKeys: [] },
);
const spec = fc.record(
  {
    volumes: fc.oneof({ weight: 5, arbitrary: fc.array(fc.record({ name: fc.constantFrom('data', 'cache', '') }), { maxLength: 3 }) }, { weight: 1, arbitrary: notAList }),
    containers: fc.oneof({ weight: 6, arbitrary: fc.array(fc.oneof({ weight: 9, arbitrary: container }, { weight: 1, arbitrary: fc.constantFrom(null, 'x') }), { maxLength: 3 }) }, { weight: 1, arbitrary: fc.constant(undefined) }),
    initContainers: fc.oneof({ weight: 5, arbitrary: fc.array(container, { maxLength: 2 }) }, { weight: 1, arbitrary: notAList }),
    overhead: fc.oneof({ weight: 5, arbitrary: fc.dictionary(fc.constantFrom('cpu', 'memory'), quantity, { maxKeys: 2 }) }, { weight: 1, arbitrary: fc.constantFrom(null, 'x') }),
    restartPolicy: fc.constantFrom(undefined, 'Always', 'Sometimes'),
    dnsPolicy: fc.constantFrom(undefined, 'ClusterFirst', 'Google'),
    nodeName: fc.constantFrom(undefined, 'node-1', 'Node_1'),
    nodeSelector: fc.constantFrom(undefined, null, { disk: 'ssd' }, { disk: '-bad-' }),
    terminationGracePeriodSeconds: fc.constantFrom(undefined, 30, 2.5),
  },
  { requiredKeys: [] },
);

describe('validatePodSpec', () => {
  it('reports exactly the errors, in the order, of the closure-based validation, and fails alike on malformed lists', () => {
    fc.assert(
      fc.property(spec, (candidate) => {
        const podSpec = candidate as unknown as PodSpec;
        expect(outcome(() => validatePodSpec(podSpec, 'spec'))).toBe(outcome(() => referencePodSpec(podSpec, 'spec')));
        expect(outcome(() => validatePodSpec(podSpec, 'spec.template.spec'))).toBe(outcome(() => referencePodSpec(podSpec, 'spec.template.spec')));
      }),
      { numRuns: 600 },
    );
  });
});
