/**
 * How the store and the watch cache work together on updates: the cache lends the store the object
 * it already decoded, and the store hands the cache the object it just wrote.
 */
import type { KubeObject } from '../../api/types';
import type { KeyValue } from '../../etcd/types';
import { decodeKeyValue } from './codec';
import type { UpdateEncoding } from './encode-update';

/**
 * CachedObjects is the watch cache as the store sees it: the decoded object at a key, if the cache
 * holds exactly the given revision. Such objects are shared (frozen while the freeze guard is on); never change them.
 */
export interface CachedObjects {
  objectAt(key: string, revision: number): KubeObject | undefined;
  /**
   * written hands the cache the object the store just wrote at `revision` (`value` is its stored
   * text), so the cache need not decode the same bytes again when the etcd watch event arrives.
   * The revision is the one the store's write returned, passed as the number it is rather than read
   * back from the object's resourceVersion string.
   */
  written(key: string, revision: number, value: string, object: KubeObject): void;
}

/** StoredRead is one read of the stored object inside an update attempt. */
export interface StoredRead {
  /** existing is the stored object, read-only: the watch cache's copy when it is current (real's cachedExistingObject). */
  existing(): KubeObject;
  /** copy decodes a fresh, mutable copy of the stored object. */
  copy(): KubeObject;
  /**
   * encoding is where the builder of this update attempt marks the copies it made of parts of
   * existing() (markStoredCopy, markKeyAdded), so that the store's encoder takes them as storing
   * like those parts without comparing them key by key (see UpdateEncoding).
   */
  readonly encoding: UpdateEncoding;
}

/**
 * StoredReadAt is the StoredRead of an update attempt: one object, reset for each attempt, rather
 * than a closure per way of reading, or a new object per attempt (every update makes at least one
 * attempt, and an interpreter pays for each object). A store keeps one spare (see
 * Store.updateStored): reset() must only be called by the update that holds it.
 */
export class StoredReadAt implements StoredRead {
  // Declared and set in the constructor rather than as class fields, which the page's bundle turns
  // into a helper call each.
  /** The store, whose watch cache (if one runs when the object is read) may lend the object. */
  private declare readonly store: { readonly cachedObjects?: CachedObjects };
  private declare key: string;
  private declare stored: KeyValue | undefined;
  /** What existing() returned (the cache's object or a decode), read once per attempt. */
  private declare read: KubeObject | undefined;
  declare readonly encoding: UpdateEncoding;

  constructor(store: { readonly cachedObjects?: CachedObjects }, encoding: UpdateEncoding) {
    this.store = store;
    this.key = '';
    this.stored = undefined;
    this.read = undefined;
    this.encoding = encoding;
  }

  /** reset makes this the read of a new attempt: `stored` is what `key` holds, not read yet. */
  reset(key: string, stored: KeyValue): void {
    this.key = key;
    this.stored = stored;
    this.read = undefined;
  }

  existing(): KubeObject {
    const stored = this.stored!;
    return (this.read ??= this.store.cachedObjects?.objectAt(this.key, stored.modRevision) ?? decodeKeyValue(stored));
  }

  /** existingIfRead is what existing() returned, if it was called (the base encodeUpdate may reuse the stored text of). */
  existingIfRead(): KubeObject | undefined {
    return this.read;
  }

  copy(): KubeObject {
    return decodeKeyValue(this.stored!);
  }
}
