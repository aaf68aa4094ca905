/**
 * The storage codec: objects are stored as JSON text with `metadata.resourceVersion` cleared
 * (PrepareObjectForStorage), and get it back on read from the key's etcd mod revision — which is
 * why resourceVersion is "just" the etcd revision (K8S-FACTS §2).
 */
import type { KeyValue } from '../../etcd/types';
import type { KubeObject } from '../../api/types';

/** encodeForStorage serializes an object without its resourceVersion. */
export function encodeForStorage(object: KubeObject): string {
  if (!object.metadata || object.metadata.resourceVersion === undefined) return JSON.stringify(object);
  const { resourceVersion: _dropped, ...metadata } = object.metadata;
  return JSON.stringify({ ...object, metadata });
}

/** decodeFromStorage parses a stored value and stamps resourceVersion with the given revision. */
export function decodeFromStorage<T extends KubeObject = KubeObject>(value: string, revision: number): T {
  const object = JSON.parse(value) as T;
  setResourceVersion(object, revision);
  return object;
}

/** decodeKeyValue decodes a range result at its own mod revision. */
export function decodeKeyValue<T extends KubeObject = KubeObject>(kv: KeyValue): T {
  return decodeFromStorage<T>(kv.value, kv.modRevision);
}

/** setResourceVersion writes the revision into metadata.resourceVersion, placing it where kubectl prints it. */
export function setResourceVersion(object: KubeObject, revision: number): void {
  object.metadata = object.metadata ?? {};
  object.metadata.resourceVersion = String(revision);
}

/**
 * deepFreeze freezes plain JSON data through and through, so an object shared between readers
 * (the watch cache and the informers it feeds) cannot be changed by any of them: a write throws.
 * Already-frozen parts are skipped (they were frozen the same way).
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const key in value) deepFreeze((value as Record<string, unknown>)[key]);
  return value;
}

/** deepCopy clones plain JSON data (objects handed to callers must never alias stored or cached ones). */
export function deepCopy<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}
