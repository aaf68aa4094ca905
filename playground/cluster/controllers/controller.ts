/**
 * startController is the smallest useful controller runtime: informers for what you watch, a work
 * queue of keys, and your `reconcile(key)` called for each key that changed — level-triggered,
 * like controller-runtime. Reconcile reads the informers' caches, writes through the API client,
 * and may return `{ requeueAfterMs }`; a throw (or a rejected promise) retries the key with
 * back-off. The ReplicaSet controller is built on it, and so can a reader's controller be:
 *
 *   startController({ name: 'labeller', client, ctx, watch: [{ resource: 'pods' }],
 *     reconcile(key, { get }) { const pod = get('pods', key); ... } });
 */
import type { ApiClient } from '../api/client';
import type { KubeObject } from '../api/types';
import type { SimContext } from '../sim/context';
import { EventRecorder } from './event-recorder';
import { Informer, objectKey } from './informer';
import { WorkQueue } from './work-queue';

/** WatchSource is one kind of object the controller follows. */
export interface WatchSource {
  /** Plural resource name: pods, replicasets, nodes… */
  resource: string;
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /**
   * toKeys maps a changed object to the keys to reconcile (default: its own `<namespace>/<name>`).
   * The ReplicaSet controller maps a pod to its owner's key here.
   */
  toKeys?(object: KubeObject, change: 'add' | 'update' | 'delete'): readonly string[];
}

/** ReconcileTools are handed to every reconcile call. */
export interface ReconcileTools {
  client: ApiClient;
  /** get reads one object from a watched resource's cache by key. */
  get<T extends KubeObject = KubeObject>(resource: string, key: string): T | undefined;
  /** list reads a watched resource's cache, optionally one namespace, sorted by key. */
  list<T extends KubeObject = KubeObject>(resource: string, namespace?: string): T[];
  /** recorder posts Events as this controller. */
  recorder: EventRecorder;
  /** requeue asks for another reconcile of a key, now or after a delay. */
  requeue(key: string, afterMs?: number): void;
}

/** ReconcileResult lets reconcile ask to be called again later. */
export type ReconcileResult = void | { requeueAfterMs?: number };

/** ControllerSpec is what startController needs. */
export interface ControllerSpec {
  /** Shown in the trace and as the Events' source component. */
  name: string;
  client: ApiClient;
  ctx: SimContext;
  watch: WatchSource[];
  reconcile(key: string, tools: ReconcileTools): ReconcileResult | PromiseLike<ReconcileResult>;
  /** Replay every cached object this often (virtual ms). Default 0: never. */
  resyncMs?: number;
}

/** Controller is a running controller. */
export interface Controller {
  readonly name: string;
  readonly informers: ReadonlyMap<string, Informer<KubeObject>>;
  readonly queue: WorkQueue;
  enqueue(key: string): void;
  stop(): void;
}

/** startController starts the informers and the reconcile loop. */
export function startController(spec: ControllerSpec): Controller {
  if (!spec.watch.length) throw new Error(`startController(${spec.name}): watch at least one resource`);
  const informers = new Map<string, Informer<KubeObject>>();
  const recorder = new EventRecorder(spec.client, spec.ctx, { component: spec.name });
  const tools: ReconcileTools = {
    client: spec.client,
    recorder,
    get: <T extends KubeObject>(resource: string, key: string) => informerFor(resource).store.get(key) as T | undefined,
    list: <T extends KubeObject>(resource: string, namespace?: string) =>
      informerFor(resource)
        .list()
        .filter((o) => namespace === undefined || o.metadata?.namespace === namespace) as T[],
    requeue: (key, afterMs) => (afterMs ? queue.addAfter(key, afterMs) : queue.add(key)),
  };

  function informerFor(resource: string): Informer<KubeObject> {
    const informer = informers.get(resource);
    if (!informer) throw new Error(`controller ${spec.name} does not watch ${resource}; add it to watch`);
    return informer;
  }

  /**
   * Keys that came up before every cache was filled. Reconciling them then would act on a partial
   * world (and, say, create pods twice), but dropping them would lose them for good when nothing
   * else changes — client-go's queue keeps them and workers start after WaitForCacheSync.
   */
  const waitingForSync = new Set<string>();
  const allSynced = (): boolean => [...informers.values()].every((i) => i.hasSynced);

  const queue = new WorkQueue(spec.ctx, spec.name, (key, done) => {
    if (!allSynced()) {
      waitingForSync.add(key);
      done();
      return;
    }
    const outcome = spec.reconcile(key, tools);
    if (outcome && typeof (outcome as PromiseLike<ReconcileResult>).then === 'function') {
      (outcome as PromiseLike<ReconcileResult>).then(
        (result) => finish(key, result, done),
        (error: unknown) => done(error ?? new Error('reconcile rejected')),
      );
    } else finish(key, outcome as ReconcileResult, done);
  });

  function finish(key: string, result: ReconcileResult, done: (error?: unknown) => void): void {
    done();
    if (result && result.requeueAfterMs !== undefined) queue.addAfter(key, result.requeueAfterMs);
  }

  for (const source of spec.watch) {
    const enqueueFor = (object: KubeObject, change: 'add' | 'update' | 'delete') => {
      if (!source.toKeys) {
        queue.add(objectKey(object));
        return;
      }
      // Indexed: this runs for every watch event of the source, and for-of would allocate an iterator.
      const keys = source.toKeys(object, change);
      for (let i = 0; i < keys.length; i++) queue.add(keys[i]);
    };
    const informer = new Informer<KubeObject>(
      spec.client,
      spec.ctx,
      {
        resource: source.resource,
        ...(source.namespace ? { namespace: source.namespace } : {}),
        ...(source.labelSelector ? { labelSelector: source.labelSelector } : {}),
        ...(source.fieldSelector ? { fieldSelector: source.fieldSelector } : {}),
        resyncMs: spec.resyncMs ?? 0,
      },
      {
        onAdd: (o) => enqueueFor(o, 'add'),
        onUpdate: (_old, o) => enqueueFor(o, 'update'),
        onDelete: (o) => enqueueFor(o, 'delete'),
        // Keys held back while caches were still filling get their turn now.
        onSynced: () => {
          if (!allSynced()) return;
          const held = [...waitingForSync];
          waitingForSync.clear();
          for (const key of held) queue.add(key);
        },
      },
    );
    if (informers.has(source.resource)) throw new Error(`controller ${spec.name} watches ${source.resource} twice`);
    informers.set(source.resource, informer);
  }
  for (const informer of informers.values()) informer.start();

  return {
    name: spec.name,
    informers,
    queue,
    enqueue: (key) => queue.add(key),
    stop() {
      queue.shutdown();
      for (const informer of informers.values()) informer.stop();
    },
  };
}
