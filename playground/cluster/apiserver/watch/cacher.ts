/**
 * Cacher is the watch cache of one resource (storage/cacher): one list and one etcd watch on the
 * resource's prefix keep the current objects in memory; each event is decoded once, kept in a
 * window of recent events and fanned out to API watchers. The same state serves the server's own
 * lookups (RBAC rules, namespaces, service accounts) the way informers do in the real server.
 * Watchers pinned to a node by `spec.nodeName=<node>` (every kubelet) are indexed, so an event
 * about one node's pod is not even looked at by the other kubelets' watchers; so are watchers
 * pinned to one object by `metadata.name=<name>` (every kubelet's Node informer).
 */
import { expired } from '../../api/status';
import type { KubeObject } from '../../api/types';
import { prefixEnd, type WatchEvent, type Watcher, type WatchResponse } from '../../etcd/types';
import type { Selectors } from '../registry/list';
import type { CachedObjects } from '../registry/cached-objects';
import type { Store } from '../registry/store';
import type { WatchSink } from '../request';
import { ApiWatcher, INDEXED_FIELDS } from './api-watcher';
import { HandOverQueue } from './handover-queue';
import { RingBuffer } from './ring-buffer';
import type { WatchStart } from './start';
import { decodeStorageEvent, storageEventFromKv, type DeliveryView, type StorageEvent } from './storage-event';

/** DEFAULT_WATCH_CACHE_CAPACITY is how many recent events a cacher keeps for watches that resume. */
export const DEFAULT_WATCH_CACHE_CAPACITY = 1000;

/** Cacher serves one resource's watches and cached reads from one etcd watch (see the file comment). */
export class Cacher implements CachedObjects {
  private readonly window: RingBuffer<StorageEvent>;
  /** Current objects by etcd key, as of revision. */
  private readonly objects = new Map<string, StorageEvent>();
  /** The cacher has every event with a revision above this one. */
  private windowStart = 0;
  /**
   * revision is the etcd revision this cache is at: it moves whenever one of its objects changes
   * (and only then), so an unchanged revision means every object read from the cache is still current.
   * Only the cacher writes it. A field rather than a getter: the RBAC authorizer reads four of them
   * on every request it authorizes (config.ts cacheRbacSource), and a getter is a call each.
   */
  revision = 0;
  /**
   * Watchers pinned by an indexed field: for INDEXED_FIELDS[i], by the field's value (see
   * ApiWatcher.indexField). Looked up with the event's value as it is, no `field=value` string.
   * Each group is an array replaced (never changed) when a watcher comes or goes, in the order the
   * watchers came: every event walks groups, watches open and close far more rarely, and an
   * indexed walk needs no iterator (nor a result object per watcher, in an interpreter).
   */
  private readonly watchersByIndex: Map<string, readonly ApiWatcher[]>[] = INDEXED_FIELDS.map(() => new Map());
  private unindexedWatchers: readonly ApiWatcher[] = [];
  /**
   * The positions in INDEXED_FIELDS that have pinned watchers, kept as watchers come and go: a
   * resource's events walk only those (a pod's the kubelets' spec.nodeName, a Node's their
   * metadata.name) without asking each other field's empty map.
   */
  private indexedFieldsInUse: readonly number[] = [];
  /** list() results by namespace, dropped at every change. */
  private readonly lists = new Map<string, readonly KubeObject[]>();
  /** Objects the store just wrote, waiting for their etcd watch events (see written). */
  private readonly handedOver = new HandOverQueue();
  private etcdWatch?: Watcher;

  constructor(
    private readonly store: Store,
    capacity = DEFAULT_WATCH_CACHE_CAPACITY,
  ) {
    this.window = new RingBuffer(capacity);
  }

  /** start lists the prefix and watches from the list's revision, as the cacher's reflector does. */
  start(): void {
    const prefix = this.store.prefix();
    const head = this.store.deps.etcd.range({ key: prefix, rangeEnd: prefixEnd(prefix) });
    for (const kv of head.kvs) this.objects.set(kv.key, storageEventFromKv(this.store, kv));
    this.windowStart = this.revision = head.header.revision;
    this.store.cachedObjects = this;
    this.etcdWatch = this.store.deps.etcd.watch(
      { key: prefix, rangeEnd: prefixEnd(prefix), startRevision: head.header.revision + 1, prevKv: true },
      (res) => this.onEtcdResponse(res),
    );
  }

  /** stop closes the etcd watch and ends every API watch (a restarting API server drops its streams). */
  stop(): void {
    if (this.store.cachedObjects === this) this.store.cachedObjects = undefined;
    this.handedOver.clear();
    this.etcdWatch?.cancel();
    this.etcdWatch = undefined;
    for (const watcher of this.allWatchers()) watcher.stop();
  }

  /** watcherCount is the number of open API watches served by this cacher. */
  get watcherCount(): number {
    let count = this.unindexedWatchers.length;
    for (const byValue of this.watchersByIndex) for (const group of byValue.values()) count += group.length;
    return count;
  }

  /** get returns the cached object under `namespace/name` (a copy is the caller's job if it mutates). */
  get(namespace: string, name: string): KubeObject | undefined {
    const event = this.objects.get(this.store.key(namespace, name));
    return event === undefined ? undefined : (event.current ?? event.object);
  }

  /** stored is the cache's current event for an etcd key, which an update starts from (CachedObjects.stored). */
  stored(key: string): StorageEvent | undefined {
    return this.objects.get(key);
  }

  /**
   * written keeps an object the store just wrote at `revision` until its etcd event arrives
   * (CachedObjects.written).
   */
  written(key: string, revision: number, value: string, object: KubeObject): void {
    this.handedOver.push(revision, key, value, object);
  }

  /**
   * list returns the cached objects, in one namespace or all; callers must not mutate them (nor the
   * array). Lists are kept until the next change: RBAC reads the bindings on every request.
   */
  list(namespace = ''): readonly KubeObject[] {
    const kept = this.lists.get(namespace);
    if (kept) return kept;
    const prefix = this.store.prefix(namespace);
    const found: KubeObject[] = [];
    for (const [key, event] of this.objects) if (key.startsWith(prefix)) found.push(event.object);
    this.lists.set(namespace, found);
    return found;
  }

  private allWatchers(): ApiWatcher[] {
    const all = [...this.unindexedWatchers];
    for (const byValue of this.watchersByIndex) for (const group of byValue.values()) all.push(...group);
    return all;
  }

  /**
   * onEtcdResponse takes in a response's events, then fans them out: the window and the objects
   * hold the whole response before any watcher hears of it, so a watch opened by a delivery (from
   * the state, or resuming inside a revision of several events) finds every event it must not miss.
   */
  private onEtcdResponse(res: WatchResponse): void {
    const events = res.events;
    if (events.length === 1) {
      const event = this.take(events[0]);
      this.dispatch(event);
      event.forgetPrevious();
      return;
    }
    const taken: StorageEvent[] = [];
    for (let i = 0; i < events.length; i++) taken.push(this.take(events[i]));
    for (let i = 0; i < taken.length; i++) {
      this.dispatch(taken[i]);
      taken[i].forgetPrevious();
    }
  }

  /** take decodes one etcd event into the cache: window, current objects and revision. */
  private take(etcdEvent: WatchEvent): StorageEvent {
    const kv = etcdEvent.kv;
    const written = etcdEvent.type === 'PUT' ? this.handedOver.take(kv.modRevision, kv.key, kv.value) : undefined;
    const event = decodeStorageEvent(this.store, etcdEvent, this.objects.get(kv.key), written);
    const dropped = this.window.push(event);
    if (event.type === 'DELETE') this.objects.delete(event.key);
    else this.objects.set(event.key, event);
    this.revision = event.revision;
    if (this.lists.size > 0) this.lists.clear();
    if (dropped !== undefined) this.windowStart = dropped.revision;
    return event;
  }

  /**
   * dispatch hands an event to every watcher that may want it. Each group is walked as it was when
   * the walk began: a watcher stopped by an earlier delivery says it wants nothing more, and one
   * opened meanwhile starts at this revision or later, so it would skip the event anyway.
   */
  private dispatch(event: StorageEvent): void {
    const unindexed = this.unindexedWatchers;
    const inUse = this.indexedFieldsInUse;
    // Nobody watches the resource: the event is not even read. Otherwise its objects are read once,
    // here, for every watcher (the indexed walk needs the fields anyway), not asked per watcher.
    if (unindexed.length === 0 && inUse.length === 0) return;
    const view = event.view();
    deliverToGroup(unindexed, view);
    for (let i = 0; i < inUse.length; i++) {
      const byValue = this.watchersByIndex[inUse[i]];
      const field = INDEXED_FIELDS[inUse[i]];
      const now = view.currentFields[field];
      const before = view.previousFields?.[field];
      if (now !== undefined) deliverToPinned(byValue, now, view);
      if (before !== undefined && before !== now) deliverToPinned(byValue, before, view);
    }
  }

  private register(watcher: ApiWatcher): void {
    const field = watcher.indexField;
    if (field < 0) {
      this.unindexedWatchers = [...this.unindexedWatchers, watcher];
      return;
    }
    const byValue = this.watchersByIndex[field];
    const group = byValue.get(watcher.indexValue);
    byValue.set(watcher.indexValue, group === undefined ? [watcher] : [...group, watcher]);
    if (byValue.size === 1 && group === undefined) this.noteIndexedFieldsInUse();
  }

  /** noteIndexedFieldsInUse lists again the indexed fields with pinned watchers (see indexedFieldsInUse). */
  private noteIndexedFieldsInUse(): void {
    const inUse: number[] = [];
    for (let f = 0; f < this.watchersByIndex.length; f++) if (this.watchersByIndex[f].size > 0) inUse.push(f);
    this.indexedFieldsInUse = inUse;
  }

  /** unregisterWatcher is unregister as a function of its own, made once: every watcher is handed it for its end. */
  private readonly unregisterWatcher = (watcher: ApiWatcher): void => this.unregister(watcher);

  private unregister(watcher: ApiWatcher): void {
    const field = watcher.indexField;
    if (field < 0) {
      if (this.unindexedWatchers.includes(watcher)) this.unindexedWatchers = this.unindexedWatchers.filter((w) => w !== watcher);
      return;
    }
    const byValue = this.watchersByIndex[field];
    const group = byValue.get(watcher.indexValue);
    if (group === undefined || !group.includes(watcher)) return;
    if (group.length > 1) byValue.set(watcher.indexValue, group.filter((w) => w !== watcher));
    else {
      byValue.delete(watcher.indexValue);
      if (byValue.size === 0) this.noteIndexedFieldsInUse();
    }
  }

  /**
   * watch opens an API watch: the current state as ADDED events then changes, or a replay of the
   * window after `start.revision` — 410 Expired when that revision has left the window.
   * `shareObjects`: the watcher gets the cache's own (frozen) objects instead of copies.
   */
  watch(namespace: string, selectors: Selectors, sink: WatchSink, start: WatchStart, shareObjects = false): ApiWatcher {
    const watcher = new ApiWatcher(this.store, namespace, selectors, sink, 0, this.unregisterWatcher, shareObjects);
    if (start.kind === 'state') {
      watcher.minRevision = this.revision;
      this.register(watcher);
      const prefix = this.store.prefix(namespace);
      const keys = [...this.objects.keys()].filter((key) => key.startsWith(prefix)).sort();
      for (const key of keys) watcher.deliver(this.objects.get(key)!, true);
      return watcher;
    }
    if (start.revision < this.windowStart) {
      watcher.fail(expired(`too old resource version: ${start.revision} (${this.windowStart})`));
      return watcher;
    }
    watcher.minRevision = start.revision;
    // Registered before the replay, so that a replayed delivery that stops the watcher (or the
    // whole cache) finds it; no new event can arrive during the replay.
    this.register(watcher);
    // The window is in revision order: find the first event after start.revision by bisection
    // (a resuming watch usually starts at the newest revision, so it has nothing to replay; each
    // of 1,000 kubelets walking a full window while the cluster starts showed in the start time).
    const window = this.window;
    let lo = 0;
    let hi = window.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (window.at(mid).revision <= start.revision) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < window.length; i++) watcher.deliver(window.at(i));
    watcher.minRevision = Math.max(start.revision, this.revision);
    return watcher;
  }
}

/**
 * deliverToGroup hands the event to each watcher of `group` that still wants it. ApiWatcher.wants
 * is written out (stopped, minRevision): every watcher is asked about every event.
 */
function deliverToGroup(group: readonly ApiWatcher[], view: DeliveryView): void {
  const revision = view.revision;
  for (let i = 0; i < group.length; i++) {
    const watcher = group[i];
    if (watcher.stopped || revision <= watcher.minRevision) continue;
    watcher.deliverView(view);
  }
}

/** deliverToPinned hands the event to the watchers pinned to `value` (of one indexed field), if any. */
function deliverToPinned(byValue: Map<string, readonly ApiWatcher[]>, value: string, view: DeliveryView): void {
  const group = byValue.get(value);
  if (group !== undefined) deliverToGroup(group, view);
}
