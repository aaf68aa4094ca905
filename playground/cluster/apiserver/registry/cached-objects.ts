/**
 * How the store and the watch cache work together on updates: the cache lends the store the object
 * it already decoded, and the store hands the cache the object it just wrote.
 */
import type { KubeObject } from '../../api/types';

/**
 * CachedObjects is the watch cache as the store sees it: the decoded object at a key, if the cache
 * holds exactly the given revision. Such objects are shared (frozen while the freeze guard is on); never change them.
 */
export interface CachedObjects {
  objectAt(key: string, revision: number): KubeObject | undefined;
  /**
   * written hands the cache the object the store just wrote (`value` is its stored text), so the
   * cache need not decode the same bytes again when the etcd watch event arrives.
   */
  written(key: string, value: string, object: KubeObject): void;
}

/** StoredRead is one read of the stored object inside an update attempt. */
export interface StoredRead {
  /** existing is the stored object, read-only: the watch cache's copy when it is current (real's cachedExistingObject). */
  existing(): KubeObject;
  /** copy decodes a fresh, mutable copy of the stored object. */
  copy(): KubeObject;
}
