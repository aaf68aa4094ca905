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
import { parseQuantity } from '../../api/quantity';
import { setHiddenNote } from './hidden-note';

/** QUANTITY_FORMAT is resource.ErrFormatWrong's message. */
export const QUANTITY_FORMAT = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

type Json = Record<string, unknown>;

const isMap = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

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

/**
 * undecodableSpec is undecodableQuantity for a pod spec, without building the lists: every pod
 * write runs it (status patches included), so the two container lists are named, not looped over.
 */
function undecodableSpec(spec: unknown): boolean {
  if (!isMap(spec)) return false;
  // The parts most pods leave out (init containers, overhead) are not looked into when absent.
  return undecodableContainers(spec.containers) || (spec.initContainers !== undefined && undecodableContainers(spec.initContainers)) || (spec.overhead !== undefined && undecodableList(spec.overhead));
}

/**
 * undecodableContainers tells whether a container list holds a resource quantity that does not
 * parse, or a name, image or imagePullPolicy that is not a string (see containerFieldTypeError,
 * which words that case; looked at here, in the loop every pod write runs anyway).
 */
function undecodableContainers(containers: unknown): boolean {
  if (!Array.isArray(containers)) return false;
  for (let i = 0; i < containers.length; i++) {
    const container: unknown = containers[i];
    if (!isMap(container)) continue;
    if (!stringOrAbsent(container.name) || !stringOrAbsent(container.image) || !stringOrAbsent(container.imagePullPolicy)) return true;
    const resources = container.resources;
    // Limits most containers leave out: not looked into when absent.
    if (isMap(resources) && ((resources.limits !== undefined && undecodableList(resources.limits)) || undecodableList(resources.requests))) return true;
  }
  return false;
}

/** stringOrAbsent: a string field's value decodes (null is an empty string to Go's decoder). */
function stringOrAbsent(value: unknown): boolean {
  return typeof value === 'string' || value === undefined || value === null;
}

/**
 * DECODED keys a note on pod specs whose quantities all parsed (and container string fields were
 * strings) when a body holding them was decoded. A status write that keeps the stored spec object skips its second look only when that
 * very object passed: "stored by the server" is not enough, as a binding or a graceful delete
 * carries a spec planted in etcd by hand into a pod the server stores without decoding it. A hidden
 * note (see setHiddenNote).
 */
const DECODED = Symbol('decoded');

/** decodedSpec tells whether `spec` is a pod spec whose quantities were found to parse (see DECODED). */
export function decodedSpec(spec: unknown): boolean {
  return typeof spec === 'object' && spec !== null && (spec as { [DECODED]?: true })[DECODED] === true;
}

/** carryDecodedSpec records that `copy`, a fresh copy of the spec `original` plus fields without quantities (a binding's nodeName), decodes if it does. */
export function carryDecodedSpec(copy: object, original: object): void {
  if ((original as { [DECODED]?: true })[DECODED] === true) setHiddenNote(copy, DECODED, true);
}

/**
 * undecodableQuantity tells whether any quantity of the object fails to parse, or a container's
 * string field holds something else (the body is then a 400: containerFieldTypeError words the
 * second case). `specDecodable`: the object's spec passed this check before (see decodedSpec).
 */
export function undecodableQuantity(object: KubeObject, kind: string, specDecodable = false): boolean {
  const json = object as unknown as Json;
  if (kind === 'Pod') {
    if (specDecodable) return false;
    const spec = json.spec;
    if (undecodableSpec(spec)) return true;
    // A shared stored spec (frozen, one planted in etcd) cannot take the note: it is looked at again next time.
    if (isMap(spec) && Object.isExtensible(spec)) setHiddenNote(spec, DECODED, true);
    return false;
  }
  if (kind === 'ReplicaSet') return isMap(json.spec) && isMap(json.spec.template) && undecodableSpec(json.spec.template.spec);
  if (kind === 'Node') return isMap(json.status) && (undecodableList(json.status.capacity) || undecodableList(json.status.allocatable));
  return false;
}

/** hasNegativeQuantity tells whether a resource list holds a negative quantity (then negativeQuantityErrors lists them). */
export function hasNegativeQuantity(values: unknown): boolean {
  if (!isMap(values)) return false;
  for (const name in values) {
    const quantity = values[name];
    // A string whose first character is a digit ('0' to '9', compared as strings: no call) is no
    // negative quantity whether or not it parses: nearly every quantity is looked at no further.
    if (typeof quantity === 'string' && quantity >= '0' && quantity < ':') continue;
    const value = valueOf(quantity);
    if (value !== undefined && value < 0) return true;
  }
  return false;
}

/** hasNegativeResource tells whether a container's `resources` has a negative limit or request (then resourceQuantityErrors lists them). */
export function hasNegativeResource(resources: unknown): boolean {
  return isMap(resources) && (hasNegativeQuantity(resources.limits) || hasNegativeQuantity(resources.requests));
}

/**
 * negativeQuantityErrors are ValidateResourceQuantityValue's causes for one resource list: each
 * negative quantity, at `pathOf(name)` (`spec.containers[0].resources.requests[cpu]`, `status.capacity.cpu`).
 */
export function negativeQuantityErrors(values: unknown, pathOf: (name: string) => string): FieldError[] {
  const errors: FieldError[] = [];
  if (!isMap(values)) return errors;
  for (const name of Object.keys(values)) {
    const quantity = values[name];
    const value = valueOf(quantity);
    if (value !== undefined && value < 0) errors.push({ field: pathOf(name), type: 'Invalid', value: String(quantity), detail: 'must be greater than or equal to 0' });
  }
  return errors;
}

/** resourceQuantityErrors are ValidateResourceRequirements' causes for one container's `resources` at `path`: limits, then requests. */
export function resourceQuantityErrors(resources: unknown, path: string): FieldError[] {
  if (!isMap(resources)) return [];
  return [
    ...negativeQuantityErrors(resources.limits, (name) => `${path}.limits[${name}]`),
    ...negativeQuantityErrors(resources.requests, (name) => `${path}.requests[${name}]`),
  ];
}

/** nodeQuantityErrors are ValidateNode's causes for negative capacity and allocatable. */
export function nodeQuantityErrors(node: KubeObject): FieldError[] {
  const status = (node as unknown as Json).status;
  if (!isMap(status)) return [];
  return [
    ...negativeQuantityErrors(status.capacity, (name) => `status.capacity.${name}`),
    ...negativeQuantityErrors(status.allocatable, (name) => `status.allocatable.${name}`),
  ];
}
