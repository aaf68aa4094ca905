/**
 * Informer keeps a local copy of one kind of object in sync with kube-apiserver, the way client-go's
 * reflector + store do: LIST to fill the store, WATCH from the list's resourceVersion to follow
 * changes, and LIST again when the watch ends or says 410 Expired. Handlers hear adds, updates and
 * deletes; an optional resync replays every object as an update so level-triggered controllers
 * recheck the world now and then.
 */
import type { ApiClient } from '../api/client';
import type { KubeObject, List, ObjectMeta, Status } from '../api/types';
import type { ScheduledTask } from '../sim/loop';
import type { SimContext } from '../sim/context';

/** InformerOptions say what to follow. */
export interface InformerOptions {
  /** Plural resource name: pods, nodes, replicasets, leases… */
  resource: string;
  /** Follow one namespace; omit for all namespaces (or cluster-scoped resources). */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Replay every object as an update this often (virtual ms). Default 0: never. */
  resyncMs?: number;
}

/** InformerHandlers are called after the store has changed. */
export interface InformerHandlers<T extends KubeObject> {
  onAdd?(object: T): void;
  onUpdate?(oldObject: T, newObject: T): void;
  onDelete?(object: T): void;
  /** onSynced runs after each LIST has been applied to the store (the first one means "ready"). */
  onSynced?(): void;
}

/** objectKey is `<namespace>/<name>`, or `<name>` for cluster-scoped objects. */
export function objectKey(object: KubeObject): string {
  const meta = object.metadata ?? {};
  // Joined with + rather than a template literal, which QuickJS runs as a String.prototype.concat call.
  return meta.namespace ? meta.namespace + '/' + meta.name : (meta.name ?? '');
}

/** NO_METADATA stands in for the metadata of an object without any (read-only, shared). */
const NO_METADATA: ObjectMeta = Object.freeze({});

/** RELIST_BACKOFF_MS is how long the informer waits before listing again after a failure. */
export const RELIST_BACKOFF_MS = 1_000;

/**
 * StoreEntry holds one key's current object; an update replaces the object, not the entry. It keeps
 * the metadata namespace and name, as they were, of the object that made it (see InformerStore.byName).
 */
interface StoreEntry<T> {
  object: T;
  readonly namespace: string | undefined;
  readonly name: string | undefined;
}

/**
 * InformerStore is an informer's local copy of its objects by objectKey, read-only to its users,
 * who read it as they read the Map it once was (get, has, size, keys, values, entries, forEach,
 * for-of over [key, object] pairs). Each key maps to a slot whose object an update replaces, so the
 * map is written only when a key comes or goes: nearly every watch event is an update, and a map
 * write hashes the key again.
 */
export class InformerStore<T> {
  /** The slots by key (the informer's to change). */
  readonly slots = new Map<string, StoreEntry<T>>();
  /**
   * byName finds the slot of an update without building its key: the last slot added for each
   * metadata.name, to be used only when its namespace is the update's too (the same namespace and
   * name make the same key: the API server lets neither hold a '/'). Kept in step with slots by
   * upsert and remove (a relist goes through them too): removing a slot removes it here if it is
   * there. Why: a name's string is usually hashed already (the decoded object is shared by every
   * component), while a key built per event is a new string to hash. The informer's to change.
   */
  readonly byName = new Map<string | undefined, StoreEntry<T>>();
  /**
   * unindexed counts the slots byName does not hold (an older namespace's object of a name another
   * namespace took since). While it is 0, a name byName lacks has no slot at all, so an object's
   * first event (a third of an informer's pod events) needs no second lookup by key. The informer's to change.
   */
  unindexed = 0;

  /** get returns the object stored under `key`, or undefined. */
  get(key: string): T | undefined {
    const entry = this.slots.get(key);
    return entry === undefined ? undefined : entry.object;
  }

  /** has tells whether an object is stored under `key`. */
  has(key: string): boolean {
    return this.slots.has(key);
  }

  /** size is the number of objects stored. */
  get size(): number {
    return this.slots.size;
  }

  /** keys lists the keys in insertion order. */
  keys(): string[] {
    return [...this.slots.keys()];
  }

  /** values lists the objects in insertion order of their keys. */
  values(): T[] {
    const out: T[] = [];
    for (const entry of this.slots.values()) out.push(entry.object);
    return out;
  }

  /** entries lists [key, object] pairs in insertion order, as a Map's entries. */
  entries(): [string, T][] {
    const out: [string, T][] = [];
    for (const [key, entry] of this.slots) out.push([key, entry.object]);
    return out;
  }

  /** forEach calls `fn(object, key, store)` for every object, as a Map's forEach. */
  forEach(fn: (object: T, key: string, store: this) => void): void {
    for (const [key, object] of this.entries()) fn(object, key, this);
  }

  /** Iterating the store gives its [key, object] pairs, as iterating a Map does. */
  [Symbol.iterator](): Iterator<[string, T]> {
    return this.entries()[Symbol.iterator]();
  }
}

export class Informer<T extends KubeObject> {
  /** store holds the current objects by objectKey. */
  readonly store = new InformerStore<T>();
  private readonly handlers: InformerHandlers<T>[] = [];
  private running = false;
  /** Bumped on every (re)start and stop, so callbacks of an abandoned list/watch are ignored. */
  private generation = 0;
  private watchHandle: { stop(): void } | undefined;
  private timer: ScheduledTask | undefined;
  private resyncTimer: ScheduledTask | undefined;
  private synced = false;

  constructor(
    private readonly client: ApiClient,
    private readonly ctx: SimContext,
    readonly options: InformerOptions,
    handlers?: InformerHandlers<T>,
  ) {
    if (handlers) this.handlers.push(handlers);
  }

  /** addHandlers registers more handlers (call before start to see the initial adds). */
  addHandlers(handlers: InformerHandlers<T>): void {
    this.handlers.push(handlers);
  }

  /** hasSynced is true once the first LIST has filled the store. */
  get hasSynced(): boolean {
    return this.synced;
  }

  /** start lists and begins watching. Starting twice is harmless. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.listAndWatch();
    this.scheduleResync();
  }

  /** stop closes the watch and cancels timers; the store keeps its last contents. */
  stop(): void {
    this.running = false;
    this.generation++;
    this.watchHandle?.stop();
    this.watchHandle = undefined;
    this.ctx.loop.cancel(this.timer);
    this.ctx.loop.cancel(this.resyncTimer);
    this.timer = this.resyncTimer = undefined;
  }

  /** list returns the stored objects in key order (deterministic for callers that iterate). */
  list(): T[] {
    return this.store.keys().sort().map((key) => this.store.get(key)!);
  }

  private listAndWatch(): void {
    const generation = ++this.generation;
    const { resource, namespace, labelSelector, fieldSelector } = this.options;
    const listOptions = { ...(labelSelector ? { labelSelector } : {}), ...(fieldSelector ? { fieldSelector } : {}) };
    this.client.list<T>({ resource, ...(namespace ? { namespace } : {}) }, listOptions, (result) => {
      if (generation !== this.generation) return;
      if (!result.ok) {
        this.retryLater();
        return;
      }
      this.replace(result.value);
      this.synced = true;
      for (const h of this.handlers) h.onSynced?.();
      this.watchFrom(generation, result.value.metadata.resourceVersion ?? '0');
    });
  }

  private watchFrom(generation: number, resourceVersion: string): void {
    const { resource, namespace, labelSelector, fieldSelector } = this.options;
    this.watchHandle = this.client.watch<T>(
      { resource, ...(namespace ? { namespace } : {}) },
      { resourceVersion, allowWatchBookmarks: true, ...(labelSelector ? { labelSelector } : {}), ...(fieldSelector ? { fieldSelector } : {}) },
      (event) => {
        if (generation !== this.generation) return;
        const type = event.type;
        // MODIFIED and ADDED first: nearly every event is one of them.
        if (type === 'MODIFIED' || type === 'ADDED') this.upsert(event.object as T);
        else if (type === 'ERROR') {
          // 410 Expired (or any error): our resourceVersion is no good any more; start over.
          this.watchHandle?.stop();
          this.retryLater((event.object as Status).code === 410 ? 0 : RELIST_BACKOFF_MS);
        } else if (type === 'DELETED') this.remove(event.object as T);
        // A BOOKMARK only moves the resourceVersion on, which this informer does not track.
        else if (type !== 'BOOKMARK') this.upsert(event.object as T);
      },
      () => {
        if (generation !== this.generation || !this.running) return;
        // The server ended the stream (timeout, restart): list again; the diff is delivered as events.
        this.retryLater();
      },
    );
  }

  private retryLater(delayMs = RELIST_BACKOFF_MS): void {
    if (!this.running) return;
    const generation = ++this.generation;
    this.timer = this.ctx.loop.schedule(
      delayMs,
      `informer ${this.options.resource}: relist`,
      () => {
        if (generation === this.generation && this.running) this.listAndWatch();
      },
      { background: delayMs > 0 },
    );
  }

  /** replace applies a fresh LIST: adds and updates what is there, deletes what is gone. */
  private replace(list: List<T>): void {
    const seen = new Set<string>();
    for (const object of list.items) {
      seen.add(objectKey(object));
      this.upsert(object);
    }
    for (const [key, entry] of [...this.store.slots]) {
      if (!seen.has(key)) this.remove(entry.object);
    }
  }

  private upsert(object: T): void {
    const meta = object.metadata ?? NO_METADATA;
    const namespace = meta.namespace;
    const name = meta.name;
    const store = this.store;
    const handlers = this.handlers;
    let entry = store.byName.get(name);
    if (entry === undefined || entry.namespace !== namespace) {
      // objectKey, inline (joined with +, as there): a new key, or a name several namespaces share (no metadata: NO_METADATA's key '').
      const key = namespace ? namespace + '/' + name : (name ?? '');
      // A name byName lacks has no slot while every slot is byName's (see unindexed).
      const sameName = entry;
      entry = sameName === undefined && store.unindexed === 0 ? undefined : store.slots.get(key);
      if (entry === undefined) {
        // The slot byName held for this name (another namespace's) is byName's no more.
        if (sameName !== undefined) store.unindexed++;
        entry = { object, namespace, name };
        store.slots.set(key, entry);
        store.byName.set(name, entry);
        // Indexed loops: this runs for every watch event, and for-of would allocate an iterator each time.
        for (let i = 0; i < handlers.length; i++) handlers[i].onAdd?.(object);
        return;
      }
    }
    const old = entry.object;
    entry.object = object;
    const oldMeta = old.metadata ?? NO_METADATA;
    if (oldMeta.resourceVersion !== meta.resourceVersion || oldMeta.uid !== meta.uid) {
      for (let i = 0; i < handlers.length; i++) handlers[i].onUpdate?.(old, object);
    }
  }

  private remove(object: T): void {
    const key = objectKey(object);
    const entry = this.store.slots.get(key);
    if (entry === undefined) return;
    this.store.slots.delete(key);
    if (this.store.byName.get(entry.name) === entry) this.store.byName.delete(entry.name);
    else this.store.unindexed--;
    for (const h of this.handlers) h.onDelete?.(object);
  }

  private scheduleResync(): void {
    const every = this.options.resyncMs ?? 0;
    if (every <= 0) return;
    this.resyncTimer = this.ctx.loop.schedule(
      every,
      `informer ${this.options.resource}: resync`,
      () => {
        if (!this.running) return;
        for (const object of this.list()) for (const h of this.handlers) h.onUpdate?.(object, object);
        this.scheduleResync();
      },
      { background: true },
    );
  }
}
