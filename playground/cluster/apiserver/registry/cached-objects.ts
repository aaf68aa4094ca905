/**
 * How the store and the watch cache work together on updates: the cache lends the store the object
 * it holds for a key (which an update starts from, as the real server's Cacher.GuaranteedUpdate
 * does), and the store hands the cache the object it just wrote.
 */
import type { KubeObject } from '../../api/types';
import { deepFreeze } from '../../sim/freeze';
import { decodeFromStorage } from './codec';
import type { UpdateEncoding } from './encode-update';

/**
 * CachedState is one key as the watch cache holds it: the revision it last saw the key change at,
 * that revision's stored text, and the object decoded from it (on first read). The cache may be
 * behind etcd. The object is shared (frozen while the freeze guard is on); never change it.
 */
export interface CachedState {
  readonly revision: number;
  readonly objectText: string;
  readonly object: KubeObject;
}

/** CachedObjects is the watch cache as the store sees it. */
export interface CachedObjects {
  /**
   * stored is what the cache holds at `key` (real's watchCache.GetByKey), or undefined when it
   * holds nothing there (never written, deleted, or not seen yet).
   */
  stored(key: string): CachedState | undefined;
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
  /** existing is the stored object, read-only: the watch cache's when the attempt starts from it (real's cachedExistingObject). */
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
  /** The stored text the attempt starts from, and the revision it is at. */
  private declare text: string;
  private declare revision: number;
  /** The watch cache's state the attempt starts from, when it does (else the text was read from etcd). */
  private declare cached: CachedState | undefined;
  /** What existing() returned (the cache's object or a decode), read once per attempt. */
  private declare read: KubeObject | undefined;
  declare readonly encoding: UpdateEncoding;

  constructor(encoding: UpdateEncoding) {
    this.text = '';
    this.revision = 0;
    this.cached = undefined;
    this.read = undefined;
    this.encoding = encoding;
  }

  /**
   * reset makes this the read of a new attempt: `text` stored at `revision`, either the watch
   * cache's `cached` state or (cached undefined) what etcd answered; not decoded yet.
   */
  reset(text: string, revision: number, cached: CachedState | undefined): void {
    this.text = text;
    this.revision = revision;
    this.cached = cached;
    this.read = undefined;
  }

  existing(): KubeObject {
    return (this.read ??= this.cached !== undefined ? deepFreeze(this.cached.object) : decodeFromStorage(this.text, this.revision));
  }

  /** existingIfRead is what existing() returned, if it was called (the base encodeUpdate may reuse the stored text of). */
  existingIfRead(): KubeObject | undefined {
    return this.read;
  }

  copy(): KubeObject {
    return decodeFromStorage(this.text, this.revision);
  }
}
