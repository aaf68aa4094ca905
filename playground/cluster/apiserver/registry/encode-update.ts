/**
 * encodeUpdate is encodeForStorage for an update whose new object differs from the stored one only
 * in its last field (a status write: the status strategy keeps the stored spec and metadata). The
 * stored object, when the watch cache lent it, comes with its stored text, which is exactly
 * JSON.stringify of it without its resourceVersion; so the new text is that text up to the last
 * field's value, then the new value's JSON. In an interpreter this saves serializing the spec and
 * metadata again on every kubelet status patch (a pod's largest parts). The text is byte-identical
 * to encodeForStorage's: anything that does not fit the pattern takes encodeForStorage.
 */
import type { KubeObject } from '../../api/types';
import { encodeForStorage, sharedText } from './codec';

/** The length of the last field's JSON in the stored text of objects this file encoded (saves stringifying the old value). */
const LAST_FIELD_LENGTH = new WeakMap<object, number>();

const COLON = 58;
const CLOSE_BRACE = 125;

/**
 * encodeUpdate serializes `object` for storage as encodeForStorage does, reusing the stored text of
 * `base` (the stored object it was built from, read-only) when only their last fields differ.
 */
export function encodeUpdate(object: KubeObject, base: KubeObject | undefined): string {
  const text = base === undefined ? undefined : sharedText(base);
  if (text === undefined) return encodeForStorage(object);
  const keys = Object.keys(object);
  const baseKeys = Object.keys(base!);
  const count = keys.length;
  if (count === 0 || baseKeys.length !== count) return encodeForStorage(object);
  const last = keys[count - 1];
  if (baseKeys[count - 1] !== last || last === 'metadata') return encodeForStorage(object);
  const record = object as Record<string, unknown>;
  const baseRecord = base as Record<string, unknown>;
  for (let i = 0; i < count - 1; i++) {
    const key = keys[i];
    if (baseKeys[i] !== key) return encodeForStorage(object);
    const same = key === 'metadata' ? sameStoredMetadata(record[key], baseRecord[key]) : record[key] === baseRecord[key];
    if (!same) return encodeForStorage(object);
  }
  const value = record[last];
  const baseValue = baseRecord[last];
  // Only an object's JSON is sure to be there (undefined is left out; a function would be too).
  if (typeof value !== 'object' || value === null || typeof baseValue !== 'object' || baseValue === null) return encodeForStorage(object);
  const cut = text.length - 1 - (LAST_FIELD_LENGTH.get(baseValue) ?? JSON.stringify(baseValue).length);
  if (cut < 1 || text.charCodeAt(cut - 1) !== COLON || text.charCodeAt(text.length - 1) !== CLOSE_BRACE) return encodeForStorage(object);
  const valueText = JSON.stringify(value);
  LAST_FIELD_LENGTH.set(value, valueText.length);
  return text.slice(0, cut) + valueText + '}';
}

/**
 * sameStoredMetadata tells whether `metadata` (without a resourceVersion) stores as `base` does:
 * the same keys in the same order, resourceVersion aside (it is not stored), each value the same
 * (identical parts serialize identically).
 */
function sameStoredMetadata(metadata: unknown, base: unknown): boolean {
  // The very same metadata stores the same (encodeForStorage leaves out the resourceVersion either way).
  if (metadata === base) return true;
  if (typeof metadata !== 'object' || metadata === null || typeof base !== 'object' || base === null) return false;
  const meta = metadata as Record<string, unknown>;
  const old = base as Record<string, unknown>;
  if ('resourceVersion' in meta) return false;
  const keys = Object.keys(meta);
  const oldKeys = Object.keys(old);
  let at = 0;
  for (let i = 0; i < oldKeys.length; i++) {
    const key = oldKeys[i];
    if (key === 'resourceVersion') continue;
    if (at >= keys.length || keys[at] !== key || meta[key] !== old[key]) return false;
    at++;
  }
  return at === keys.length;
}
