/**
 * Store is the generic registry store (k8s.io/apiserver registry/generic/registry/store.go) on top of
 * the etcd3 storage patterns (storage/etcd3/store.go): create is a Txn on mod revision 0, updates go
 * through GuaranteedUpdate, deletes through a Txn on the mod revision read, lists are prefix ranges.
 * Policy comes from the resource's Strategy; this file only does the storage wiring.
 */
import type { DeleteOptions } from '../../api/client';
import { groupResource, type ResourceInfo } from '../../api/resources';
import { alreadyExists, badRequest, conflict, internalError, invalid, notFound, OBJECT_MODIFIED, StatusError, type FieldError } from '../../api/status';
import type { KubeObject } from '../../api/types';
import type { EtcdClient, KeyValue } from '../../etcd/types';
import type { SimContext } from '../../sim/context';
import { timestamp } from '../../sim/time';
import { freezeGuardOn, freezeThrough } from '../../sim/freeze';
import { decodeKeyValue, encodeForStorage, markShared, setResourceVersion } from './codec';
import { StoredReadAt, type CachedObjects, type StoredRead } from './cached-objects';
import { encodeUpdate, UpdateEncoding } from './encode-update';
import type { ObjectUpdate } from './object-update';
import { keepSystemMeta } from './system-meta';
import { fullValidate, fullValidateUpdate, type Strategy, type StrategyContext } from './strategy';

/** StoreDeps is what a store needs besides its policy: etcd, the simulation and the event TTL lease. */
export interface StoreDeps {
  readonly etcd: EtcdClient;
  readonly sim: SimContext;
  /**
   * ttlLeases hands out etcd lease ids for objects that expire (events); asked only when
   * info.usesTtl. The lease source itself rather than a closure over it: one call less per Event.
   */
  readonly ttlLeases: { lease(): number };
}

/** Admit is a validating-admission callback run after validation, right before the write. */
export type Admit = (object: KubeObject, old: KubeObject | undefined) => void;

/** DeleteResult tells whether the object is gone or only marked for graceful deletion. */
export interface DeleteResult {
  object: KubeObject;
  /** True when the object was removed from etcd, false when it only got a deletionTimestamp. */
  removed: boolean;
}

const MAX_UPDATE_ATTEMPTS = 16;

export class Store {
  readonly gr: { group: string; resource: string };
  /** `/registry/<etcd prefix>/`, which every key starts with (keys are built on every request and cache read). */
  private readonly keyPrefix: string;
  /** The resource's watch cache while one runs (set by the Cacher): updates start from its objects (see updateStored). */
  cachedObjects?: CachedObjects;

  constructor(
    readonly info: ResourceInfo,
    readonly strategy: Strategy,
    readonly deps: StoreDeps,
  ) {
    this.gr = groupResource(info);
    this.keyPrefix = `/registry/${info.etcdPrefix}/`;
    this.namespacePrefix = `${this.keyPrefix}/`;
    this.strategyContext = { now: () => this.now() };
  }

  /** What prepareForCreate may read (the virtual time): one object for every create. */
  private readonly strategyContext: StrategyContext;

  /**
   * What an update attempt's builder marks of its copies and its encode learns of the text (see
   * UpdateEncoding): one for every update, cleared as each attempt begins, as an attempt is one
   * synchronous step from the read to the hand-over.
   */
  private readonly encoding = new UpdateEncoding();

  /**
   * The StoredRead an update takes for its attempts (moved on to each state they start from) and
   * gives back when it is done with it; undefined while an update holds it. An update that finds none (one run from inside
   * another's attempt, by an admission or builder callback, or the first after an update threw)
   * makes its own, so no attempt ever sees its read moved on under it.
   */
  private spareRead: StoredReadAt | undefined = undefined;

  /** prefix is the key range a list or watch covers: `/registry/pods/` or `/registry/pods/default/`. */
  prefix(namespace?: string): string {
    return this.info.namespaced && namespace ? `${this.keyPrefix}${namespace}/` : this.keyPrefix;
  }

  /**
   * The last key built and its parts. A request asks for the same key several times (an
   * authorizer's or admission's cache read, then the store's read and write), and every create
   * for the same namespace and service account keys: handing back the very same string lets V8
   * flatten and hash a concatenated key once, on its first map lookup, instead of once per copy.
   */
  private lastKeyNamespace = '';
  /** undefined, which no name is, until the first key is built: the first call always builds. */
  private lastKeyName: string | undefined = undefined;
  private lastKey = '';
  /**
   * `/registry/<prefix>/<ns>/` of the namespace `namespacePrefixOf` names: keys of new names in the
   * same namespace (every Event, every pod) are one concatenation instead of three, each of which
   * copies the text so far into a new string in QuickJS.
   */
  private namespacePrefixOf = '';
  private namespacePrefix: string;

  /** key is `/registry/<prefix>/<ns>/<name>` or `/registry/<prefix>/<name>`. */
  key(namespace: string, name: string): string {
    if (name === this.lastKeyName && namespace === this.lastKeyNamespace) return this.lastKey;
    let key: string;
    // `+` rather than a template: QuickJS runs a template literal as a String.prototype.concat call.
    if (!this.info.namespaced) key = this.keyPrefix + name;
    else {
      if (namespace !== this.namespacePrefixOf) {
        this.namespacePrefix = this.keyPrefix + namespace + '/';
        this.namespacePrefixOf = namespace;
      }
      key = this.namespacePrefix + name;
    }
    this.lastKeyNamespace = namespace;
    this.lastKeyName = name;
    this.lastKey = key;
    return key;
  }

  private now(): string {
    return timestamp(this.deps.sim.loop.now());
  }

  /** readKv reads the current KeyValue at `key` (built by the caller, who usually needs it again for the write). */
  private readKv(key: string): KeyValue | undefined {
    return this.deps.etcd.readKey(key);
  }

  /** get reads one object at its mod revision, or throws 404. */
  get(namespace: string, name: string): KubeObject {
    const kv = this.readKv(this.key(namespace, name));
    if (!kv) throw new StatusError(notFound(this.gr, name));
    return decodeKeyValue(kv);
  }

  /** tryGet is get without the 404. */
  tryGet(namespace: string, name: string): KubeObject | undefined {
    const kv = this.readKv(this.key(namespace, name));
    return kv ? decodeKeyValue(kv) : undefined;
  }

  private invalid(object: KubeObject, errors: readonly FieldError[]): StatusError {
    return new StatusError(invalid({ group: this.info.group, kind: this.info.kind }, object.metadata?.name ?? '', [...errors]));
  }

  /**
   * create runs BeforeCreate (namespace check, PrepareForCreate, generateName, uid and
   * creationTimestamp, Validate → 422), validating admission, then Txn(MOD==0 → Put) → 409 if taken.
   */
  create(namespace: string, object: KubeObject, admit?: Admit): KubeObject {
    const meta = (object.metadata = object.metadata ?? {});
    if (this.info.namespaced) {
      if (meta.namespace && namespace && meta.namespace !== namespace) {
        throw new StatusError(badRequest('the namespace of the provided object does not match the namespace sent on the request'));
      }
      meta.namespace = meta.namespace || namespace;
    } else {
      delete meta.namespace;
    }
    if (meta.resourceVersion) throw new StatusError(internalError('resourceVersion should not be set on objects to be created'));
    this.strategy.prepareForCreate(object, this.strategyContext);
    if (!meta.name && meta.generateName) meta.name = `${meta.generateName}${this.deps.sim.ids.suffix()}`;
    meta.uid = this.deps.sim.ids.uid();
    meta.creationTimestamp = this.now();
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    const errors = fullValidate(this.strategy, object, this.info.namespaced);
    if (errors.length) throw this.invalid(object, errors);
    admit?.(object, undefined);
    const key = this.key(meta.namespace ?? '', meta.name!);
    const lease = this.info.usesTtl ? this.deps.ttlLeases.lease() : 0;
    const value = encodeForStorage(object);
    // Txn(MOD == 0 → Put): a revision when it put, else the key is taken.
    const revision = this.deps.etcd.putIfModRevision(key, value, lease, 0, false);
    if (typeof revision !== 'number') throw new StatusError(alreadyExists(this.gr, meta.name!));
    setResourceVersion(object, revision);
    return this.handOver(key, revision, value, object, undefined);
  }

  /**
   * guaranteedUpdate is storage.GuaranteedUpdate: read, apply `tryUpdate`, skip the write when the
   * bytes are unchanged, else Txn(MOD==read revision → Put, else Get) and retry on a lost race.
   */
  guaranteedUpdate(namespace: string, name: string, tryUpdate: (current: KubeObject) => KubeObject): KubeObject {
    // tryUpdate owns the one decoded copy.
    return this.updateStored(namespace, name, undefined, (read) => tryUpdate(read.copy()));
  }

  /**
   * guaranteedUpdateFrom is guaranteedUpdate for an update that builds a new object from the stored
   * one instead of changing a decoded copy: `next` gets the stored object read-only (the watch
   * cache's, when it holds the key) and returns a new object that may share every part it
   * leaves as it is. It must copy what it changes, metadata included (the store stamps the
   * resourceVersion there). It saves decoding the stored bytes into a copy nobody keeps;
   * `stored.copy()` still decodes one, for objects of unusual shape that are simpler to change in place.
   */
  guaranteedUpdateFrom(namespace: string, name: string, next: (stored: StoredRead) => KubeObject): KubeObject {
    return this.updateStored(namespace, name, undefined, next);
  }

  /**
   * updateStored is guaranteedUpdate's loop, giving each attempt both the stored object read-only
   * and a way to decode a mutable copy. An attempt is the checked PUT/PATCH of `update` when there
   * is one, else `tryUpdate` (one of them is given).
   *
   * As the real server (Cacher.GuaranteedUpdate hands etcd3 store.GuaranteedUpdate the watch
   * cache's object for the key as cachedExistingObject), the first attempt starts from the watch
   * cache's state when it holds the key, without reading etcd; only without one does it read etcd
   * first (origStateIsCurrent in store.go). Starting from a cached state that may be stale:
   *  - an attempt that throws reads etcd; the same revision means the data was current, so the
   *    error stands; a newer one is retried on;
   *  - an update that would store the same bytes reads etcd, and writes nothing only if etcd holds
   *    those bytes too (returning what etcd holds), else retries on what it holds;
   *  - otherwise Txn(MOD == its revision → Put, else Get): a lost race retries on the Get's answer,
   *    which is current, with no read of its own.
   */
  private updateStored(namespace: string, name: string, update: ObjectUpdate | undefined, tryUpdate: ((read: StoredRead) => KubeObject) | undefined): KubeObject {
    const key = this.key(namespace, name);
    const state = this.spareRead ?? new StoredReadAt(this.encoding);
    this.spareRead = undefined;
    const cached = this.cachedObjects?.stored(key);
    if (cached !== undefined) state.fromCache(cached);
    else state.fromEtcd(this.readCurrent(key, name));
    for (let attempt = 0; attempt < MAX_UPDATE_ATTEMPTS; attempt++) {
      this.encoding.clear();
      let updated: KubeObject;
      try {
        updated = update ? this.checkedUpdate(namespace, name, update, state) : tryUpdate!(state);
      } catch (error) {
        if (state.kv !== undefined) throw error;
        // Maybe an error of stale data: it stands if etcd still holds the revision it was made on.
        const cachedRevision = state.revision;
        state.fromEtcd(this.readCurrent(key, name));
        if (state.revision === cachedRevision) throw error;
        continue;
      }
      // A status write changes only the last field: its text reuses the stored text of the rest.
      const value = encodeUpdate(updated, state.existingIfRead(), this.encoding);
      const lastFieldLength = this.encoding.lastFieldLength;
      if (value === state.text) {
        // Skipping the write on cached data needs etcd to hold the same bytes.
        if (state.kv === undefined) {
          state.fromEtcd(this.readCurrent(key, name));
          if (state.text !== value) continue;
        }
        this.spareRead = state;
        // A no-op update returns a fresh decode of what is stored.
        return state.copy();
      }
      // Txn(MOD == the state's revision → Put, else Get): a revision when it put, else what the key holds now.
      const outcome = this.deps.etcd.putIfModRevision(key, value, this.updateLease(state.kv), state.revision, true);
      if (typeof outcome === 'number') {
        this.spareRead = state;
        setResourceVersion(updated, outcome);
        return this.handOver(key, outcome, value, updated, lastFieldLength);
      }
      if (outcome === undefined) throw new StatusError(notFound(this.gr, name));
      state.fromEtcd(outcome);
    }
    throw new StatusError(conflict(this.gr, name, OBJECT_MODIFIED));
  }

  /** readCurrent reads `key` from etcd for an update (getCurrentState): 404 when it is gone. */
  private readCurrent(key: string, name: string): KeyValue {
    const kv = this.readKv(key);
    if (!kv) throw new StatusError(notFound(this.gr, name));
    return kv;
  }

  /**
   * updateLease is the etcd lease an update puts with, given the KeyValue it read (undefined when
   * it started from the watch cache): an expiring resource (events) keeps the lease its key has;
   * any other is put without one, as the real server's ttlOpts(0) does (only events have a TTL, and
   * only resources without one have a watch cache to start from).
   */
  private updateLease(kv: KeyValue | undefined): number {
    return this.info.usesTtl && kv !== undefined ? kv.lease : 0;
  }

  /**
   * update is the PUT/PATCH path (rest.Update): `update.updated` builds the new object from the
   * stored one (the client's body, or the stored object with a patch applied). A resourceVersion in
   * it must be the current one (409 Conflict otherwise); then PrepareForUpdate, ValidateUpdate (422)
   * and validating admission run, with `update.strategy` (the status strategy for the status
   * subresource) or the resource's own. See ObjectUpdate for what `updated` may and may not do.
   */
  update(namespace: string, name: string, update: ObjectUpdate): KubeObject {
    return this.updateStored(namespace, name, update, undefined);
  }

  /** checkedUpdate is one attempt of update() on the object `read` holds. */
  private checkedUpdate(namespace: string, name: string, update: ObjectUpdate, read: StoredRead): KubeObject {
    const strategy = update.strategy ?? this.strategy;
    const current = read.existing();
    const updated = update.updated(current, read);
    const meta = updated.metadata ?? {};
    if (meta.name && meta.name !== name) {
      throw new StatusError(badRequest(`the name of the object (${meta.name}) does not match the name on the URL (${name})`));
    }
    if (this.info.namespaced && meta.namespace && meta.namespace !== namespace) {
      throw new StatusError(badRequest('the namespace of the provided object does not match the namespace sent on the request'));
    }
    if (meta.resourceVersion && meta.resourceVersion !== current.metadata?.resourceVersion) {
      throw new StatusError(conflict(this.gr, name, OBJECT_MODIFIED));
    }
    keepSystemMeta(updated, current, this.info.namespaced);
    update.mutate(updated, current);
    strategy.prepareForUpdate(updated, current);
    const errors = fullValidateUpdate(strategy, updated);
    const updateErrors = strategy.validateUpdate(updated, current);
    if (updateErrors.length) errors.push(...updateErrors);
    if (errors.length) throw this.invalid(updated, errors);
    update.admit(updated, current);
    return updated;
  }

  /**
   * handOver gives a just-written object to the watch cache (frozen while the guard is on, see
   * sim/freeze.ts): from now on it is shared (the
   * cache, and clients that declared shared results), so it must never change again. Without a
   * cache (events) the object stays the caller's. `revision` is the write's, stamped on the object already;
   * `lastFieldLength` is what the encode noted of the text (see UpdateEncoding).
   */
  private handOver(key: string, revision: number, value: string, object: KubeObject, lastFieldLength: number | undefined): KubeObject {
    if (!this.cachedObjects) return object;
    markShared(object, value, lastFieldLength);
    // The guard's live binding tested here: every pod write passes, and deepFreeze would be a call to find it off.
    if (freezeGuardOn) freezeThrough(object);
    this.cachedObjects.written(key, revision, value, object);
    return object;
  }

  /**
   * delete checks preconditions, asks the strategy for a grace period, and either marks the object
   * (deletionTimestamp = now + grace, 200 with the object) or removes it with Txn(MOD==read → Delete).
   */
  delete(namespace: string, name: string, options: DeleteOptions, admit?: (old: KubeObject) => void): DeleteResult {
    const key = this.key(namespace, name);
    let kv = this.readKv(key);
    for (let attempt = 0; attempt < MAX_UPDATE_ATTEMPTS; attempt++) {
      if (!kv) throw new StatusError(notFound(this.gr, name));
      const current = decodeKeyValue(kv);
      this.checkPreconditions(current, options);
      admit?.(current);
      const grace = this.strategy.gracePeriod(current, options);
      const meta = current.metadata ?? {};
      if (grace > 0) {
        // Already terminating with an equal or shorter grace period: nothing to change.
        if (meta.deletionTimestamp && (meta.deletionGracePeriodSeconds ?? 0) <= grace) return { object: current, removed: false };
        const marked = this.guaranteedUpdate(namespace, name, (latest) => {
          const m = (latest.metadata = latest.metadata ?? {});
          m.deletionTimestamp = timestamp(this.deps.sim.loop.now() + grace * 1000);
          m.deletionGracePeriodSeconds = grace;
          return latest;
        });
        return { object: marked, removed: false };
      }
      const res = this.deps.etcd.txn({
        compare: [{ target: 'MOD', result: 'EQUAL', key, value: kv.modRevision }],
        success: [{ requestDeleteRange: { key, prevKv: true } }],
        failure: [{ requestRange: { key } }],
      });
      if (res.succeeded) {
        setResourceVersion(current, res.header.revision);
        return { object: current, removed: true };
      }
      const failed = res.responses[0];
      kv = failed && 'responseRange' in failed ? failed.responseRange.kvs[0] : undefined;
    }
    throw new StatusError(conflict(this.gr, name, OBJECT_MODIFIED));
  }

  private checkPreconditions(current: KubeObject, options: DeleteOptions): void {
    const pre = options.preconditions;
    const meta = current.metadata ?? {};
    if (pre?.uid && pre.uid !== meta.uid) {
      throw new StatusError(conflict(this.gr, meta.name ?? '', `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${meta.uid}`));
    }
    if (pre?.resourceVersion && pre.resourceVersion !== meta.resourceVersion) {
      throw new StatusError(
        conflict(this.gr, meta.name ?? '', `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in meta: ${meta.resourceVersion}`),
      );
    }
  }
}
