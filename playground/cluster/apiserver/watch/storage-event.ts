/**
 * StorageEvent is one etcd watch event decoded once for all API watchers: the object after the
 * change (for a delete: the previous object, stamped with the deletion revision, as the etcd3
 * watcher does), the previous object for selector transitions, and their selectable fields.
 * Decoding is lazy: an event no watcher looks at and nobody reads from the cache (most Events)
 * is never parsed at all.
 */
import type { KubeObject } from '../../api/types';
import type { KeyValue, WatchEvent } from '../../etcd/types';
import { decodeFromStorage } from '../registry/codec';
import type { Store } from '../registry/store';

/** StorageEvent is one etcd event as the watch cache keeps and delivers it (see the file comment). */
export interface StorageEvent {
  readonly type: 'PUT' | 'DELETE';
  /** The etcd key, `/registry/pods/default/nginx`. */
  readonly key: string;
  /** The etcd revision of the change: the object's new resourceVersion. */
  readonly revision: number;
  /** Current object (PUT) or the last state before deletion (DELETE); read-only, shared. */
  readonly object: KubeObject;
  /**
   * current is `object` once it is at hand (decoded, or the object the store wrote), undefined
   * before: a read without the getter's call (and its lazy decoding check) for the cache's lookups
   * that ask for nearly every object (admission, the node authorizer, updates), which ask the
   * getter when it is undefined.
   */
  readonly current: KubeObject | undefined;
  /** Stored JSON of `object`, so each delivery can hand out its own copy without re-encoding. */
  readonly objectText: string;
  /** Stored JSON of the previous object (etcd's prevKv), decoded again by a replay (see forgetPrevious). */
  readonly prevText?: string;
  /** The selectable fields of `object`. */
  readonly fields: Record<string, string>;
  /**
   * forgetPrevious drops the decoded previous object once the live watchers have seen the event:
   * the cache keeps one event per object, and holding each one's predecessor too would double the
   * memory of every cached object. A later replay decodes it again from prevText.
   */
  forgetPrevious(): void;
  /** view reads the event's objects and fields once, for all the watchers it goes to (see DeliveryView). */
  view(): DeliveryView;
}

/**
 * DeliveryView is a storage event with its objects and fields read once, for all the watchers it
 * goes to: each watcher would otherwise call the event's getters (and their lazy decoding checks)
 * half a dozen times. It is the event itself, filled in by view(): an object of its own per event
 * was an allocation of six properties for every change the cache saw.
 */
export interface DeliveryView {
  readonly type: 'PUT' | 'DELETE';
  readonly revision: number;
  readonly objectText: string;
  readonly prevText: string | undefined;
  /** The event's object (see StorageEvent.object). */
  readonly current: KubeObject;
  readonly currentFields: Record<string, string>;
  /** The previous object and its fields, when the event has one (etcd's prevKv). */
  readonly previous: KubeObject | undefined;
  readonly previousFields: Record<string, string> | undefined;
  /**
   * shareable: `current` says what it is (apiVersion and kind), so a watcher that takes shared
   * objects may be handed it as it is; asked once per event here rather than once per watcher.
   */
  readonly shareable: boolean;
}

/**
 * LazyStorageEvent decodes its objects and fields on first use and keeps them. One is made per
 * etcd event the cache sees, so its fields are declared and set by plain assignments: the page's
 * bundle (es2020) turns each class field or parameter property into a helper call per object.
 * The decoded objects and fields are its own fields (the DeliveryView view() fills in), not a
 * record per object: every event the cache takes would otherwise allocate one or two.
 */
class LazyStorageEvent implements StorageEvent, DeliveryView {
  private declare readonly store: Store;
  declare readonly type: 'PUT' | 'DELETE';
  declare readonly key: string;
  declare readonly revision: number;
  /** For a PUT, the new value; for a DELETE, the value before it (or `{}` without prevKv). */
  declare readonly objectText: string;
  declare readonly prevText: string | undefined;
  /** The revision to stamp on the previous object: its own, or the deletion's for a DELETE. */
  private declare readonly prevRevision: number;
  /**
   * The object, and its fields (see DeliveryView): the object is there from the start when the
   * store handed over what it wrote (standing in for decoding objectText), else undefined until
   * decoded; the fields are undefined until decode, which is what tells a decoded event.
   */
  declare current: KubeObject;
  declare currentFields: Record<string, string>;
  /** The decoded previous object and its fields (undefined until decoded, or forgotten). */
  declare previous: KubeObject | undefined;
  declare previousFields: Record<string, string> | undefined;
  declare shareable: boolean;

  /** `prevReused`: the cache's event for the key, decoded already (read-only), when it holds exactly prevText. */
  constructor(
    store: Store,
    type: 'PUT' | 'DELETE',
    key: string,
    revision: number,
    objectText: string,
    prevText: string | undefined,
    prevRevision: number,
    prevReused?: LazyStorageEvent,
    written?: KubeObject,
  ) {
    this.store = store;
    this.type = type;
    this.key = key;
    this.revision = revision;
    this.objectText = objectText;
    this.prevText = prevText;
    this.prevRevision = prevRevision;
    this.current = written as KubeObject;
    this.currentFields = undefined as unknown as Record<string, string>;
    this.previous = undefined;
    this.previousFields = undefined;
    this.shareable = false;
    if (prevReused) {
      const old = prevReused.current;
      // A deleted object is reported at the deletion revision: a shallow copy carries the new stamp.
      // Otherwise the cached event's own (never changed) object serves as is.
      this.previous = type === 'DELETE' ? { ...old, metadata: { ...old.metadata, resourceVersion: String(revision) } } : old;
      this.previousFields = prevReused.currentFields;
    }
  }

  /** decodePrev decodes the previous object (if any) unless it is decoded already. */
  private decodePrev(): KubeObject | undefined {
    if (this.prevText === undefined) return undefined;
    if (this.previous === undefined) {
      const object = decodeFromStorage(this.prevText, this.prevRevision);
      this.previousFields = this.store.strategy.selectableFields(object);
      this.previous = object;
    }
    return this.previous;
  }

  /**
   * decode decodes the object (unless the store handed it over) and its fields, unless they are
   * decoded already; a DELETE's object is its previous one.
   */
  private decode(): KubeObject {
    if (this.currentFields === undefined) {
      let object: KubeObject;
      if (this.type === 'DELETE') {
        object = this.decodePrev() ?? {};
        this.currentFields = this.previousFields ?? this.store.strategy.selectableFields(object);
      } else {
        object = this.current ?? decodeFromStorage(this.objectText, this.revision);
        this.currentFields = this.store.strategy.selectableFields(object);
      }
      this.current = object;
    }
    return this.current;
  }

  forgetPrevious(): void {
    this.previous = undefined;
    this.previousFields = undefined;
  }

  view(): DeliveryView {
    // Decoded in the order a watcher needs them: a PUT's object first; a DELETE's object is its
    // previous one.
    const object = this.currentFields === undefined ? this.decode() : this.current;
    if (this.prevText !== undefined && this.previous === undefined) this.decodePrev();
    this.shareable = object.apiVersion !== undefined && object.kind !== undefined;
    return this;
  }

  // The getters read what is decoded already without a call: every cached read asks.
  get object(): KubeObject {
    return this.current ?? this.decode();
  }

  get fields(): Record<string, string> {
    if (this.currentFields === undefined) this.decode();
    return this.currentFields;
  }
}

/**
 * decodeStorageEvent turns an etcd watch event (with prevKv) into a StorageEvent. `cached` is the
 * watch cache's current event for the key: when it holds exactly prevKv's revision and was decoded
 * already, its object and fields stand in for decoding prevKv again (cached objects are read-only).
 */
export function decodeStorageEvent(store: Store, event: WatchEvent, cached?: StorageEvent, written?: KubeObject): StorageEvent {
  const revision = event.kv.modRevision;
  const prev = event.prevKv;
  const reusable = cached instanceof LazyStorageEvent && prev !== undefined && cached.revision === prev.modRevision && cached.objectText === prev.value && cached.currentFields !== undefined ? cached : undefined;
  const objectText = event.type === 'DELETE' ? (prev?.value ?? '{}') : event.kv.value;
  return new LazyStorageEvent(store, event.type, event.kv.key, revision, objectText, prev?.value, event.type === 'DELETE' ? revision : (prev?.modRevision ?? 0), reusable, written);
}

/** storageEventFromKv makes the source of a synthetic ADDED event for an object that exists at watch start. */
export function storageEventFromKv(store: Store, kv: KeyValue): StorageEvent {
  return new LazyStorageEvent(store, 'PUT', kv.key, kv.modRevision, kv.value, undefined, 0);
}
