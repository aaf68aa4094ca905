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
  readonly namespace: string;
  /** Current object (PUT) or the last state before deletion (DELETE); read-only, shared. */
  readonly object: KubeObject;
  /** Stored JSON of `object`, so each delivery can hand out its own copy without re-encoding. */
  readonly objectText: string;
  readonly prevObject?: KubeObject;
  readonly prevText?: string;
  readonly fields: Record<string, string>;
  readonly prevFields?: Record<string, string>;
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
 * half a dozen times.
 */
export interface DeliveryView {
  readonly event: StorageEvent;
  readonly object: KubeObject;
  readonly fields: Record<string, string>;
  readonly prevObject: KubeObject | undefined;
  readonly prevFields: Record<string, string> | undefined;
  /**
   * shareable: `object` says what it is (apiVersion and kind), so a watcher that takes shared
   * objects may be handed it as it is; asked once per event here rather than once per watcher.
   */
  readonly shareable: boolean;
}

/** Decoded is what an already-decoded event can lend its successor: its object and fields. */
interface Decoded {
  object: KubeObject;
  fields: Record<string, string>;
}

/**
 * LazyStorageEvent decodes its objects and fields on first use and keeps them. One is made per
 * etcd event the cache sees, so its fields are declared and set by plain assignments: the page's
 * bundle (es2020) turns each class field or parameter property into a helper call per object.
 */
class LazyStorageEvent implements StorageEvent {
  private declare readonly store: Store;
  declare readonly type: 'PUT' | 'DELETE';
  declare readonly key: string;
  declare readonly revision: number;
  /** For a PUT, the new value; for a DELETE, the value before it (or `{}` without prevKv). */
  declare readonly objectText: string;
  declare readonly prevText: string | undefined;
  /** The revision to stamp on the previous object: its own, or the deletion's for a DELETE. */
  private declare readonly prevRevision: number;
  /** The object the store wrote for this PUT (frozen), standing in for decoding objectText. */
  private declare readonly written: KubeObject | undefined;
  private declare decoded: Decoded | undefined;
  private declare prevDecoded: Decoded | undefined;

  /** `prevReused`: the previous object already decoded by the cache (read-only), when it is exactly prevText. */
  constructor(
    store: Store,
    type: 'PUT' | 'DELETE',
    key: string,
    revision: number,
    objectText: string,
    prevText: string | undefined,
    prevRevision: number,
    prevReused?: Decoded,
    written?: KubeObject,
  ) {
    this.store = store;
    this.type = type;
    this.key = key;
    this.revision = revision;
    this.objectText = objectText;
    this.prevText = prevText;
    this.prevRevision = prevRevision;
    this.written = written;
    this.decoded = undefined;
    this.prevDecoded = undefined;
    if (prevReused) {
      const old = prevReused.object;
      // A deleted object is reported at the deletion revision: a shallow copy carries the new stamp.
      // Otherwise the cached event's own (never changed) record serves as is.
      this.prevDecoded = type === 'DELETE' ? { object: { ...old, metadata: { ...old.metadata, resourceVersion: String(revision) } }, fields: prevReused.fields } : prevReused;
    }
  }

  private decodePrev(): Decoded | undefined {
    if (this.prevText === undefined) return undefined;
    if (!this.prevDecoded) {
      const object = decodeFromStorage(this.prevText, this.prevRevision);
      this.prevDecoded = { object, fields: this.store.strategy.selectableFields(object) };
    }
    return this.prevDecoded;
  }

  private decode(): Decoded {
    if (!this.decoded) {
      if (this.type === 'DELETE') this.decoded = this.decodePrev() ?? { object: {}, fields: this.store.strategy.selectableFields({}) };
      else {
        const object = this.written ?? decodeFromStorage(this.objectText, this.revision);
        this.decoded = { object, fields: this.store.strategy.selectableFields(object) };
      }
    }
    return this.decoded;
  }

  forgetPrevious(): void {
    this.prevDecoded = undefined;
  }

  view(): DeliveryView {
    // Decoded in the order a watcher needs them: a PUT's object first; a DELETE's object is its
    // previous one. Read here directly, not through the getters: one call per event, not four.
    const decoded = this.decoded ?? this.decode();
    const prev = this.prevText === undefined ? undefined : (this.prevDecoded ?? this.decodePrev());
    const object = decoded.object;
    const shareable = object.apiVersion !== undefined && object.kind !== undefined;
    if (prev === undefined) return { event: this, object, fields: decoded.fields, prevObject: undefined, prevFields: undefined, shareable };
    return { event: this, object, fields: decoded.fields, prevObject: prev.object, prevFields: prev.fields, shareable };
  }

  /** peekDecoded is the decoded object and fields if something already asked for them. */
  peekDecoded(): Decoded | undefined {
    return this.decoded;
  }

  // The getters read what is decoded already without a call: every delivery and cached read asks.
  get object(): KubeObject {
    return (this.decoded ?? this.decode()).object;
  }

  get fields(): Record<string, string> {
    return (this.decoded ?? this.decode()).fields;
  }

  get namespace(): string {
    return this.object.metadata?.namespace ?? '';
  }

  get prevObject(): KubeObject | undefined {
    return (this.prevDecoded ?? this.decodePrev())?.object;
  }

  get prevFields(): Record<string, string> | undefined {
    return (this.prevDecoded ?? this.decodePrev())?.fields;
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
  const reusable = cached instanceof LazyStorageEvent && prev !== undefined && cached.revision === prev.modRevision && cached.objectText === prev.value ? cached.peekDecoded() : undefined;
  const objectText = event.type === 'DELETE' ? (prev?.value ?? '{}') : event.kv.value;
  return new LazyStorageEvent(store, event.type, event.kv.key, revision, objectText, prev?.value, event.type === 'DELETE' ? revision : (prev?.modRevision ?? 0), reusable, written);
}

/** storageEventFromKv makes the source of a synthetic ADDED event for an object that exists at watch start. */
export function storageEventFromKv(store: Store, kv: KeyValue): StorageEvent {
  return new LazyStorageEvent(store, 'PUT', kv.key, kv.modRevision, kv.value, undefined, 0);
}
