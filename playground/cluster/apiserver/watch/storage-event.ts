/**
 * StorageEvent is one etcd watch event decoded once for all API watchers: the object after the
 * change (for a delete: the previous object, stamped with the deletion revision, as the etcd3
 * watcher does), the previous object for selector transitions, and their selectable fields.
 */
import type { KubeObject } from '../../api/types';
import type { KeyValue, WatchEvent } from '../../etcd/types';
import { decodeFromStorage } from '../registry/codec';
import type { Store } from '../registry/store';

export interface StorageEvent {
  type: 'PUT' | 'DELETE';
  /** The etcd key, `/registry/pods/default/nginx`. */
  key: string;
  /** The etcd revision of the change: the object's new resourceVersion. */
  revision: number;
  namespace: string;
  /** Current object (PUT) or the last state before deletion (DELETE). */
  object: KubeObject;
  /** Stored JSON of `object`, so each delivery can hand out its own copy without re-encoding. */
  objectText: string;
  prevObject?: KubeObject;
  prevText?: string;
  fields: Record<string, string>;
  prevFields?: Record<string, string>;
}

/**
 * decodeStorageEvent turns an etcd watch event (with prevKv) into a StorageEvent. `cached` is the
 * watch cache's current event for the key: when it holds exactly prevKv's revision, its decoded
 * object and fields stand in for decoding prevKv again (they are read-only, like all cached objects).
 */
export function decodeStorageEvent(store: Store, event: WatchEvent, cached?: StorageEvent): StorageEvent {
  const revision = event.kv.modRevision;
  const prevText = event.prevKv?.value;
  const reuse = cached !== undefined && event.prevKv !== undefined && cached.revision === event.prevKv.modRevision && cached.objectText === prevText;
  let prevObject: KubeObject | undefined;
  if (reuse) {
    const old = cached.object;
    // A deleted object is reported at the deletion revision: a shallow copy carries the new stamp.
    prevObject = event.type === 'DELETE' ? { ...old, metadata: { ...old.metadata, resourceVersion: String(revision) } } : old;
  } else if (event.prevKv) {
    prevObject = decodeFromStorage(event.prevKv.value, event.type === 'DELETE' ? revision : event.prevKv.modRevision);
  }
  const objectText = event.type === 'DELETE' ? (prevText ?? '{}') : event.kv.value;
  const object = event.type === 'DELETE' ? (prevObject ?? {}) : decodeFromStorage(event.kv.value, revision);
  return {
    type: event.type,
    key: event.kv.key,
    revision,
    namespace: object.metadata?.namespace ?? '',
    object,
    objectText,
    prevObject,
    prevText,
    fields: store.strategy.selectableFields(object),
    prevFields: reuse ? cached.fields : prevObject ? store.strategy.selectableFields(prevObject) : undefined,
  };
}

/** storageEventFromKv makes the source of a synthetic ADDED event for an object that exists at watch start. */
export function storageEventFromKv(store: Store, kv: KeyValue): StorageEvent {
  const object = decodeFromStorage(kv.value, kv.modRevision);
  return { type: 'PUT', key: kv.key, revision: kv.modRevision, namespace: object.metadata?.namespace ?? '', object, objectText: kv.value, fields: store.strategy.selectableFields(object) };
}
