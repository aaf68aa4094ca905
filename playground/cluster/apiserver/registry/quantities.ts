/**
 * Resource quantities in the objects the API server decodes (container requests and limits, pod
 * overhead, node capacity and allocatable). A quantity that does not parse makes the body
 * undecodable, as resource.Quantity's UnmarshalJSON fails in the real server: 400 with the
 * decoder's words, before any validation. A negative one decodes but is invalid (422,
 * ValidateNonnegativeQuantity). Either would otherwise reach the scheduler and the kubelet, whose
 * arithmetic assumes neither.
 */
import type { FieldError } from '../../api/status';
import type { KubeObject } from '../../api/types';
import { parseQuantity } from '../../scheduler/quantity';

/** QUANTITY_FORMAT is resource.ErrFormatWrong's message. */
export const QUANTITY_FORMAT = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

/** ResourceList is a named list of quantities with the field path validation reports it under. */
interface ResourceList {
  values: Record<string, unknown>;
  /** Field path of one entry: `spec.containers[0].resources.requests[cpu]`, `status.capacity.cpu`. */
  pathOf: (name: string) => string;
}

type Json = Record<string, unknown>;

const isMap = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** podSpecLists gathers a pod spec's resource lists (containers, init containers, overhead). */
function podSpecLists(spec: unknown, path: string, out: ResourceList[]): void {
  if (!isMap(spec)) return;
  for (const field of ['containers', 'initContainers']) {
    const containers = spec[field];
    if (!Array.isArray(containers)) continue;
    containers.forEach((container: unknown, i) => {
      const resources = isMap(container) ? container.resources : undefined;
      if (!isMap(resources)) return;
      for (const kind of ['limits', 'requests']) {
        const values = resources[kind];
        if (isMap(values)) out.push({ values, pathOf: (name) => `${path}.${field}[${i}].resources.${kind}[${name}]` });
      }
    });
  }
  if (isMap(spec.overhead)) out.push({ values: spec.overhead, pathOf: (name) => `${path}.overhead[${name}]` });
}

/** resourceLists finds the quantities of the kinds that carry them. */
function resourceLists(object: KubeObject, kind: string): ResourceList[] {
  const out: ResourceList[] = [];
  const json = object as unknown as Json;
  if (kind === 'Pod') podSpecLists(json.spec, 'spec', out);
  else if (kind === 'ReplicaSet' && isMap(json.spec) && isMap(json.spec.template)) podSpecLists(json.spec.template.spec, 'spec.template.spec', out);
  else if (kind === 'Node' && isMap(json.status)) {
    for (const field of ['capacity', 'allocatable']) {
      const values = json.status[field];
      if (isMap(values)) out.push({ values, pathOf: (name) => `status.${field}.${name}` });
    }
  }
  return out;
}

/** valueOf parses a quantity, or returns undefined when it is not one. */
function valueOf(quantity: unknown): number | undefined {
  if (typeof quantity !== 'string' && typeof quantity !== 'number') return undefined;
  try {
    return parseQuantity(quantity);
  } catch {
    return undefined;
  }
}

/** undecodableList tells whether a resource list holds a quantity that does not parse. */
function undecodableList(values: unknown): boolean {
  if (!isMap(values)) return false;
  for (const name in values) if (valueOf(values[name]) === undefined) return true;
  return false;
}

/** undecodableSpec is undecodableQuantity for a pod spec, without building the lists (every pod write runs it). */
function undecodableSpec(spec: unknown): boolean {
  if (!isMap(spec)) return false;
  for (const field of ['containers', 'initContainers']) {
    const containers = spec[field];
    if (!Array.isArray(containers)) continue;
    for (let i = 0; i < containers.length; i++) {
      const container: unknown = containers[i];
      const resources = isMap(container) ? container.resources : undefined;
      if (isMap(resources) && (undecodableList(resources.limits) || undecodableList(resources.requests))) return true;
    }
  }
  return undecodableList(spec.overhead);
}

/** undecodableQuantity tells whether any quantity of the object fails to parse (the body is then a 400). */
export function undecodableQuantity(object: KubeObject, kind: string): boolean {
  const json = object as unknown as Json;
  if (kind === 'Pod') return undecodableSpec(json.spec);
  if (kind === 'ReplicaSet') return isMap(json.spec) && isMap(json.spec.template) && undecodableSpec(json.spec.template.spec);
  if (kind === 'Node') return isMap(json.status) && (undecodableList(json.status.capacity) || undecodableList(json.status.allocatable));
  return false;
}

/**
 * resourceQuantityErrors are ValidateResourceRequirements' causes for one container's `resources`
 * (at `path`): each negative limit, then each negative request.
 */
export function resourceQuantityErrors(resources: unknown, path: string): FieldError[] {
  if (!isMap(resources)) return [];
  const errors: FieldError[] = [];
  for (const kind of ['limits', 'requests']) {
    const values = resources[kind];
    if (isMap(values)) addNegatives({ values, pathOf: (name) => `${path}.${kind}[${name}]` }, errors);
  }
  return errors;
}

function addNegatives(list: ResourceList, errors: FieldError[]): void {
  for (const name of Object.keys(list.values)) {
    const quantity = list.values[name];
    const value = valueOf(quantity);
    if (value !== undefined && value < 0) errors.push({ field: list.pathOf(name), type: 'Invalid', value: String(quantity), detail: 'must be greater than or equal to 0' });
  }
}

/** negativeQuantityErrors are the 422 causes of the negative quantities, in the real field paths. */
export function negativeQuantityErrors(object: KubeObject, kind: string): FieldError[] {
  const errors: FieldError[] = [];
  for (const list of resourceLists(object, kind)) addNegatives(list, errors);
  return errors;
}
