/**
 * The storage codec: objects are stored as JSON text with `metadata.resourceVersion` cleared
 * (PrepareObjectForStorage), and get it back on read from the key's etcd mod revision — which is
 * why resourceVersion is "just" the etcd revision (K8S-FACTS §2).
 */
import type { KeyValue } from '../../etcd/types';
import type { KubeObject } from '../../api/types';
import { setHiddenNote } from './hidden-note';

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
 * SHARED keys the note of an object the store handed to the watch cache: shared from then on,
 * whether or not it is frozen; a copy for a client is decoded from its stored text. A hidden note
 * (see setHiddenNote).
 */
const SHARED = Symbol('shared');

/**
 * SharedNote is what SHARED holds: the stored text, and the length of the last field's JSON in it
 * when encodeUpdate wrote the text (which lets the next update reuse the text up to that field).
 * One note for both: a second hidden property was a second Object.defineProperty per status write
 * in V8, and gave written pods a second shape (with and without it) wherever they are read.
 */
interface SharedNote {
  readonly text: string;
  readonly lastFieldLength: number | undefined;
}

/** A value that may carry the note (any object does, in the type system's eyes). */
type MaybeShared = { readonly [SHARED]?: SharedNote };

/**
 * markShared records that an object is shared (the cache and shared-results clients hold it); `text`
 * is what was stored, and `lastFieldLength` the JSON length of the object's last field at the end
 * of it when encodeUpdate wrote the text (see LastFieldNote). Before it is frozen.
 */
export function markShared(object: object, text: string, lastFieldLength?: number): void {
  setHiddenNote(object, SHARED, { text, lastFieldLength });
}

/** sharedText is the stored text of an object handed to the watch cache (exactly encodeForStorage of it), or undefined. */
export function sharedText(object: object): string | undefined {
  return (object as MaybeShared)[SHARED]?.text;
}

/** storedLastFieldLength is the JSON length of a shared object's last field in its stored text, when encodeUpdate noted it. */
export function storedLastFieldLength(object: object): number | undefined {
  return (object as MaybeShared)[SHARED]?.lastFieldLength;
}

/** isShared tells whether an object was handed to the watch cache (a response must copy it). */
export function isShared(object: unknown): boolean {
  return typeof object === 'object' && object !== null && (object as MaybeShared)[SHARED] !== undefined;
}

/** copyForClient is a deep copy of a response body: decoded from its stored text when it is a shared object. */
export function copyForClient<T>(value: T): T {
  const text = typeof value === 'object' && value !== null ? (value as MaybeShared)[SHARED]?.text : undefined;
  const revision = text === undefined ? undefined : (value as KubeObject).metadata?.resourceVersion;
  return text !== undefined && revision !== undefined ? (decodeFromStorage(text, Number(revision)) as T) : deepCopy(value);
}

/** deepCopy clones plain JSON data (objects handed to callers must never alias stored or cached ones). */
export function deepCopy<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}
