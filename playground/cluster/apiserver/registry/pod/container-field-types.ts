/**
 * containerFieldTypeError finds a container string field holding something else, which the real
 * API server refuses while decoding the body (a 400 from Go's encoding/json, before defaulting and
 * validation), where our defaulting and the kubelet would call string methods on it. Only the
 * fields something here reads as strings are checked: name, image and imagePullPolicy. A null is
 * no error (Go leaves the string empty; validation then says Required). Every pod write has these
 * fields tested in undecodableQuantity's loop over the containers; this words the error once one failed.
 */
import type { KubeObject } from '../../../api/types';

type Json = Record<string, unknown>;

const STRING_FIELDS = ['name', 'image', 'imagePullPolicy'] as const;

const isMap = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** containerFieldTypeError is Go's unmarshal message for the first such field of a Pod's or ReplicaSet's containers, or undefined. */
export function containerFieldTypeError(object: KubeObject, kind: string): string | undefined {
  const json = object as unknown as Json;
  if (kind === 'Pod') return specError(json.spec, 'spec');
  if (kind === 'ReplicaSet' && isMap(json.spec) && isMap(json.spec.template)) return specError(json.spec.template.spec, 'spec.template.spec');
  return undefined;
}

function specError(spec: unknown, path: string): string | undefined {
  if (!isMap(spec)) return undefined;
  return listError(spec.initContainers, path, 'initContainers') ?? listError(spec.containers, path, 'containers');
}

/** listError checks one container list; the message (and its path) is built only for a bad field. */
function listError(containers: unknown, path: string, list: string): string | undefined {
  if (!Array.isArray(containers)) return undefined;
  for (let i = 0; i < containers.length; i++) {
    const container: unknown = containers[i];
    if (!isMap(container)) continue;
    for (let f = 0; f < STRING_FIELDS.length; f++) {
      const value = container[STRING_FIELDS[f]];
      if (typeof value !== 'string' && value !== undefined && value !== null) {
        return `json: cannot unmarshal ${goJsonType(value)} into Go struct field Container.${path}.${list}.${STRING_FIELDS[f]} of type string`;
      }
    }
  }
  return undefined;
}

/** goJsonType names a JSON value's type as Go's encoding/json does in an UnmarshalTypeError. */
function goJsonType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'boolean') return 'bool';
  return typeof value === 'number' ? 'number' : 'object';
}
