/**
 * encodeUpdate is encodeForStorage for an update whose new object differs from the stored one only
 * in its last field (a status write: the status strategy keeps the stored spec and metadata), and
 * perhaps in keys added at the end of the field before it (a binding: spec.nodeName joins the
 * stored spec, PodScheduled the status). The stored object, when the watch cache lent it, comes
 * with its stored text, which is exactly JSON.stringify of it without its resourceVersion; so the
 * new text is that text up to the last field's value (with the added keys' JSON spliced in before
 * the closing brace of the field before it), then the new value's JSON. In an interpreter this
 * saves serializing the spec and metadata again on every kubelet status patch and every binding
 * (a pod's largest parts). The text is byte-identical to encodeForStorage's: anything that does
 * not fit the pattern takes encodeForStorage.
 */
import type { KubeObject } from '../../api/types';
import { encodeForStorage, sharedText, storedLastFieldLength } from './codec';

/** MarkedCopy is one mark of an UpdateEncoding: the copy, its original, and the JSON of the key added at the copy's end ('' for a plain copy). */
interface MarkedCopy {
  copy: object | undefined;
  base: object | undefined;
  added: string;
}

/**
 * UpdateEncoding is what one update's encodeUpdate is told and tells. Told: which of the update's
 * values are copies of the stored ones, perhaps with a key added at the end (a binding marks two,
 * its metadata and its spec; a status patch one, its metadata), so that encodeUpdate takes them
 * as storing like the stored values without comparing them key by key. Tells: the JSON length of
 * the new object's last field when the text ends with that field as encodeUpdate wrote it (the
 * store hands it to markShared with the text, so the next update of the object can cut the stored
 * text there without stringifying the old field again).
 *
 * The store keeps one, clears it at the start of every update attempt (the marks of an attempt that
 * failed before its encode never reach another) and passes it to that attempt's encode; the
 * builder of the update marks its copies through its StoredRead. Two slots rather than notes on
 * the copies: nothing has to stay on the objects (in V8 each note was an Object.defineProperty,
 * ~1% of the 1k/10k run), and a slot is emptied once read, so it keeps no stored part alive.
 */
export class UpdateEncoding {
  // Declared and set in the constructor rather than as class fields (see StoredReadAt).
  /** The two marks, read by encodeUpdate in place (it runs for every update: no call per field). */
  declare readonly first: MarkedCopy;
  declare readonly second: MarkedCopy;
  /** Whether the next mark goes to `second`: they take turns, so the two marks of one update both stay. */
  private declare nextIsSecond: boolean;
  /** The JSON length of the last field of the text encodeUpdate made last, when it wrote that field at the end of a stored text. */
  declare lastFieldLength: number | undefined;
  /**
   * The last key markKeyAdded was told of, and `,"<key>":` for it: every binding adds the same key
   * (nodeName), so its JSON is made once rather than stringified and joined again on every bind.
   */
  private declare addedKey: string | undefined;
  private declare addedKeyJson: string;

  constructor() {
    this.first = { copy: undefined, base: undefined, added: '' };
    this.second = { copy: undefined, base: undefined, added: '' };
    this.nextIsSecond = false;
    this.lastFieldLength = undefined;
    this.addedKey = undefined;
    this.addedKeyJson = '';
  }

  /**
   * markStoredCopy records that `copy` is `{ ...base }`, perhaps without its resourceVersion (never
   * stored), and stays so until it is stored (a binding's metadata, a status patch's that leaves
   * metadata alone).
   */
  markStoredCopy(copy: object, base: object): void {
    this.mark(copy, base, '');
  }

  /**
   * markKeyAdded records that `copy` is `{ ...base, [key]: value }` with `key` not in `base`, and
   * stays so until it is stored (a binding's spec and its nodeName). Only for a string value (always JSON).
   */
  markKeyAdded(copy: object, base: object, key: string, value: string): void {
    if (key !== this.addedKey) {
      this.addedKeyJson = ',' + JSON.stringify(key) + ':';
      this.addedKey = key;
    }
    this.mark(copy, base, this.addedKeyJson + JSON.stringify(value));
  }

  /** clear forgets every mark (a new update attempt begins). */
  clear(): void {
    this.first.copy = this.first.base = this.second.copy = this.second.base = undefined;
  }

  private mark(copy: object, base: object, added: string): void {
    const slot = this.nextIsSecond ? this.second : this.first;
    this.nextIsSecond = !this.nextIsSecond;
    slot.copy = copy;
    slot.base = base;
    slot.added = added;
  }
}

const COLON = 58;
const COMMA = 44;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

/**
 * encodeUpdate serializes `object` for storage as encodeForStorage does, reusing the stored text of
 * `base` (the stored object it was built from, read-only) when only their last fields differ, or
 * the field before the last only by keys added at its end. `encoding` says which values are marked
 * copies, and gets the new last field's length when the text was built that way (see UpdateEncoding).
 */
export function encodeUpdate(object: KubeObject, base: KubeObject | undefined, encoding?: UpdateEncoding): string {
  if (encoding !== undefined) encoding.lastFieldLength = undefined;
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
  // The JSON of the keys added to the field before the last, when that is all that changed there.
  let added: string | undefined;
  for (let i = 0; i < count - 1; i++) {
    const key = keys[i];
    if (baseKeys[i] !== key) return encodeForStorage(object);
    const value = record[key];
    const baseValue = baseRecord[key];
    // The very same value stores the same (apiVersion, kind, and the spec a status write keeps).
    if (value === baseValue) continue;
    // A marked copy of the stored value: its mark says what it adds, and is emptied as it is read.
    // (An empty slot's copy is undefined, and its base never matches a value that differs here.)
    const copied = encoding === undefined ? undefined : value === encoding.first.copy ? encoding.first : value === encoding.second.copy ? encoding.second : undefined;
    if (copied !== undefined && copied.base === baseValue) {
      copied.copy = copied.base = undefined;
      if (copied.added === '') continue;
      if (i !== count - 2) return encodeForStorage(object);
      added = copied.added;
    } else if (key === 'metadata') {
      if (!sameStoredMetadata(value, baseValue)) return encodeForStorage(object);
    } else {
      added = i === count - 2 ? addedKeysJson(value, baseValue) : undefined;
      if (added === undefined) return encodeForStorage(object);
    }
  }
  const value = record[last];
  const baseValue = baseRecord[last];
  // Only an object's JSON is sure to be there (undefined is left out; a function would be too).
  if (typeof value !== 'object' || value === null || typeof baseValue !== 'object' || baseValue === null) return encodeForStorage(object);
  // The last field's length as noted when the base was written here (saves stringifying the old value).
  const cut = text.length - 1 - (storedLastFieldLength(base!) ?? JSON.stringify(baseValue).length);
  if (cut < 1 || text.charCodeAt(cut - 1) !== COLON || text.charCodeAt(text.length - 1) !== CLOSE_BRACE) return encodeForStorage(object);
  let head: string;
  if (added === undefined) head = text.slice(0, cut);
  else {
    // The field before the last ends with its closing brace right before `,"<last>":`.
    const end = cut - JSON.stringify(last).length - 2;
    if (end < 2 || text.charCodeAt(end) !== COMMA || text.charCodeAt(end - 1) !== CLOSE_BRACE) return encodeForStorage(object);
    // A field whose stored JSON is `{}` takes the added keys without a leading comma.
    const inserted = text.charCodeAt(end - 2) === OPEN_BRACE ? added.slice(1) : added;
    head = text.slice(0, end - 1) + inserted + text.slice(end - 1, cut);
  }
  const valueText = JSON.stringify(value);
  if (encoding !== undefined) encoding.lastFieldLength = valueText.length;
  return head + valueText + '}';
}

/**
 * addedKeysJson is the JSON (`,"k":v` for each) of the keys `value` has after all of `base`'s,
 * when `value` is `base` with keys added at its end: the same keys first, in the same order, each
 * with the very same value. Otherwise (or when an added value has no JSON) it is undefined.
 */
function addedKeysJson(value: unknown, base: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || typeof base !== 'object' || base === null || Array.isArray(base)) return undefined;
  const map = value as Record<string, unknown>;
  const old = base as Record<string, unknown>;
  const keys = Object.keys(map);
  const oldKeys = Object.keys(old);
  if (keys.length <= oldKeys.length) return undefined;
  for (let i = 0; i < oldKeys.length; i++) if (keys[i] !== oldKeys[i] || map[keys[i]] !== old[keys[i]]) return undefined;
  let json = '';
  for (let i = oldKeys.length; i < keys.length; i++) {
    const item = map[keys[i]];
    // JSON leaves undefined out; a value without JSON (a function) is no plain data: a full encode decides.
    if (item === undefined) continue;
    const itemText = JSON.stringify(item);
    if (itemText === undefined) return undefined;
    json += ',' + JSON.stringify(keys[i]) + ':' + itemText;
  }
  return json;
}

/**
 * sameStoredMetadata tells whether `metadata` stores as `base` does: the same keys in the same
 * order, resourceVersion aside on either side (encodeForStorage never stores it), each value the
 * same (identical parts serialize identically). A binding copies the stored metadata with its
 * resourceVersion; a status write drops it.
 */
function sameStoredMetadata(metadata: unknown, base: unknown): boolean {
  // The very same metadata stores the same (encodeForStorage leaves out the resourceVersion either way).
  if (metadata === base) return true;
  if (typeof metadata !== 'object' || metadata === null || typeof base !== 'object' || base === null) return false;
  const meta = metadata as Record<string, unknown>;
  const old = base as Record<string, unknown>;
  const keys = Object.keys(meta);
  const oldKeys = Object.keys(old);
  // Every status write and binding passes here: past the end, keys[at] is undefined and matches no key.
  let at = 0;
  for (let i = 0; i < oldKeys.length; i++) {
    const key = oldKeys[i];
    if (key === 'resourceVersion') continue;
    let mine = keys[at];
    if (mine === 'resourceVersion') mine = keys[++at];
    if (mine !== key || meta[key] !== old[key]) return false;
    at++;
  }
  if (keys[at] === 'resourceVersion') at++;
  return at === keys.length;
}
