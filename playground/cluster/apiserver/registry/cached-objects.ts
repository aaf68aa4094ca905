/**
 * How the store and the watch cache work together on updates: the cache lends the store the object
 * it holds for a key (which an update starts from, as the real server's Cacher.GuaranteedUpdate
 * does), and the store hands the cache the object it just wrote.
 */
import type { KubeObject } from '../../api/types';
import type { KeyValue } from '../../etcd/types';
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
 * StoredReadAt is the StoredRead of an update's attempts and the state they start from (etcd3
 * store.go's origState): the stored text at its revision, lent by the watch cache (fromCache: it
 * may be stale) or read from etcd (fromEtcd: current, origStateIsCurrent). One object per update,
 * moved on by each state the loop takes, rather than a closure per way of reading or an object per
 * attempt (every update makes at least one attempt, and an interpreter pays for each object). A
 * store keeps one spare (see Store.updateStored): only the update that holds it may move it on.
 */
export class StoredReadAt implements StoredRead {
  // Declared and set in the constructor rather than as class fields, which the page's bundle turns
  // into a helper call each. The store reads text, revision and kv; only fromCache/fromEtcd set them.
  /** The stored text attempts start from, and the revision it is at. */
  declare text: string;
  declare revision: number;
  /** The KeyValue etcd answered, when the state was read from etcd (undefined: lent by the watch cache). */
  declare kv: KeyValue | undefined;
  /** The watch cache's state, when the state was lent by it. */
  private declare cached: CachedState | undefined;
  /** What existing() returned (the cache's object or a decode), read once per state. */
  private declare read: KubeObject | undefined;
  declare readonly encoding: UpdateEncoding;

  constructor(encoding: UpdateEncoding) {
    this.text = '';
    this.revision = 0;
    this.kv = undefined;
    this.cached = undefined;
    this.read = undefined;
    this.encoding = encoding;
  }

  /** fromCache starts from what the watch cache holds (real's cachedExistingObject), not decoded yet. */
  fromCache(cached: CachedState): void {
    this.text = cached.objectText;
    this.revision = cached.revision;
    this.kv = undefined;
    this.cached = cached;
    this.read = undefined;
  }

  /** fromEtcd moves on to what etcd answered for the key, not decoded yet. */
  fromEtcd(kv: KeyValue): void {
    this.text = kv.value;
    this.revision = kv.modRevision;
    this.kv = kv;
    this.cached = undefined;
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
