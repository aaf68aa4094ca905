/**
 * EtcdServer is the in-process etcd: the MVCC store, watches and leases behind etcd 3.4's v3 API.
 * Components talk to it through client(participant), which traces every call; the methods on the
 * server itself are the untraced implementation, plus admin views (snapshot, dump, restore).
 */
import type { SimContext } from '../sim/context';
import { ETCD } from '../sim/trace';
import { EtcdError, GrpcCode } from './types';
import type {
  DeleteRangeRequest,
  DeleteRangeResponse,
  EtcdClient,
  KeyValue,
  LeaseGrantResponse,
  LeaseTimeToLiveResponse,
  PutRequest,
  PutResponse,
  RangeRequest,
  RangeResponse,
  RequestOp,
  ResponseHeader,
  ResponseOp,
  TxnRequest,
  TxnResponse,
  WatchRequest,
  WatchResponse,
} from './types';
import { MvccStore, type StoredEvent } from './store';
import type { WriteTxn } from './write-txn';
import { DEFAULT_MAX_TXN_OPS, ErrEmptyKey, ErrTooManyOps, checkTypedTxn, compareHolds, putIfModRevisionResult, putIfModRevisionTxn, requireKey, validateTxn } from './txn';
import { DEFAULT_WATCH_BATCH_MAX_REVS, WatchHub } from './watch';
import type { WatchState } from './watch';
import { DEFAULT_MIN_LEASE_TTL, ErrLeaseNotFound, Lessor } from './lease';
import { TracedEtcdClient } from './client';
import { parseDump } from './dump';
import type { EtcdDump } from './dump';

/** EtcdServerOptions tunes the limits etcd takes as flags. */
export interface EtcdServerOptions {
  /** Smallest lease TTL granted, in seconds (etcd derives 2 from its default election timeout). */
  minLeaseTtl?: number;
  /** --max-txn-ops: most compares or ops per txn list (default 128). */
  maxTxnOps?: number;
  /** Most revisions per replayed watch response (etcd's watchBatchMaxRevs, 1000). */
  watchBatchMaxRevs?: number;
  /**
   * Keep about this many revisions of history, compacting the rest as writes arrive. Off by
   * default, as in etcd. Like etcd's --auto-compaction-mode=revision, but checked on each write
   * (compactPastRetention) instead of on a 5-minute timer: no periodic task on the loop.
   */
  historyRetention?: number;
}

/** EtcdClientOptions describe the program behind a client (see EtcdServer.client). */
export interface EtcdClientOptions {
  /**
   * The caller builds every request from typed parts, as a program on etcd's generated protobuf
   * client does (kube-apiserver through clientv3): a request cannot be malformed, only wrong. Its
   * txns skip the checks of a request's shape that only a plain object can fail (arrays, op and
   * compare fields and their types, a compare value of its target's type) and keep those a typed
   * request can fail (too many ops, a compare or op without a key, a key put twice in a branch,
   * an unknown lease, a future or compacted read revision), with the same errors (checkTypedTxn).
   * Off by default: etcdctl, tests and anything handed JavaScript objects get every check.
   */
  typedRequests?: boolean;
}

/** EtcdServer holds the keyspace; use client(participant) for traced access. */
export class EtcdServer {
  private readonly store = new MvccStore();
  private readonly lessor: Lessor;
  private readonly watches: WatchHub;
  private readonly maxTxnOps: number;
  private readonly historyRetention: number;

  constructor(
    private readonly ctx: SimContext,
    options: EtcdServerOptions = {},
  ) {
    this.maxTxnOps = options.maxTxnOps ?? DEFAULT_MAX_TXN_OPS;
    this.historyRetention = options.historyRetention ?? 0;
    if (!(Number.isInteger(this.historyRetention) && this.historyRetention >= 0)) {
      throw new RangeError(`EtcdServer: historyRetention must be a whole number of revisions >= 0, got ${options.historyRetention}`);
    }
    this.lessor = new Lessor(ctx.loop, ctx.ids, (id) => this.expireLease(id), (key) => this.store.get(key)?.lease ?? 0, options.minLeaseTtl ?? DEFAULT_MIN_LEASE_TTL);
    this.watches = new WatchHub(ctx.loop, this.store, options.watchBatchMaxRevs ?? DEFAULT_WATCH_BATCH_MAX_REVS);
  }

  /** client returns a handle whose every call is traced as coming from `participant`. */
  client(participant: string, options: EtcdClientOptions = {}): EtcdClient {
    return new TracedEtcdClient(this, this.ctx.trace, participant, options.typedRequests === true);
  }

  /** revision is the current cluster revision. */
  get revision(): number {
    return this.store.revision;
  }

  /** range reads keys (untraced; see EtcdClient.range). */
  range(req: RangeRequest): RangeResponse {
    requireKey(req);
    return this.store.range(req);
  }

  /**
   * readKey is range({ key }).kvs[0] (untraced; see EtcdClient.readKey) without the request and
   * response objects: the API server reads one key for a GET, a delete, and an update its watch
   * cache cannot start or must confirm.
   */
  readKey(key: string): KeyValue | undefined {
    if (typeof key !== 'string' || key === '') throw new EtcdError(ErrEmptyKey, GrpcCode.InvalidArgument);
    return this.store.get(key);
  }

  /** put writes one key in its own revision (untraced; see EtcdClient.put). */
  put(req: PutRequest): PutResponse {
    this.checkPut(req);
    const prev = this.putOne(req.key, req.value, req.lease ?? 0);
    const res: PutResponse = { header: { revision: this.store.revision } };
    if (req.prevKv && prev) res.prevKv = prev;
    return res;
  }

  /** deleteRange deletes keys; the revision rises only if something was deleted. */
  deleteRange(req: DeleteRangeRequest): DeleteRangeResponse {
    requireKey(req);
    const txn = this.store.beginWrite();
    let prevKvs: KeyValue[] = [];
    try {
      prevKvs = txn.deleteRange(req.key, req.rangeEnd);
    } finally {
      this.commit(txn);
    }
    const res: DeleteRangeResponse = { header: { revision: this.store.revision }, deleted: prevKvs.length };
    if (req.prevKv) res.prevKvs = prevKvs;
    return res;
  }

  /** txn evaluates the compares and runs one branch atomically, in at most one revision. */
  txn(req: TxnRequest): TxnResponse {
    validateTxn(req, this.maxTxnOps);
    return this.runTxn(req, false);
  }

  /**
   * typedTxn is txn for a request built from typed parts (EtcdClientOptions.typedRequests): only
   * the checks such a request can fail (checkTypedTxn), then the same txn.
   */
  typedTxn(req: TxnRequest): TxnResponse {
    checkTypedTxn(req, this.maxTxnOps);
    return this.runTxn(req, true);
  }

  /**
   * putIfModRevision is typedTxn of putIfModRevisionTxn(...) read by putIfModRevisionResult (see
   * EtcdClient.putIfModRevision), without building either: every API server create and update is
   * one, and the request and response objects were a dozen allocations per write. The put is
   * checked and applied as runTxn's one-put branch does it; a failed compare, rare, runs the txn
   * itself for its failure branch.
   */
  putIfModRevision(key: string, value: string, lease: number, modRevision: number, readOnFailure: boolean): number | KeyValue | undefined {
    // checkTypedTxn's checks for this request: one op per list, and its one key.
    if (1 > this.maxTxnOps) throw new EtcdError(ErrTooManyOps, GrpcCode.InvalidArgument);
    if (!key) throw new EtcdError(ErrEmptyKey, GrpcCode.InvalidArgument);
    const kv = this.store.get(key);
    if ((kv === undefined ? 0 : kv.modRevision) !== modRevision) {
      return putIfModRevisionResult(this.runTxn(putIfModRevisionTxn(key, value, lease, modRevision, readOnFailure), true));
    }
    this.checkLeaseId(lease);
    this.putOne(key, value, lease);
    return this.store.revision;
  }

  /**
   * runTxn is a checked txn's compares and its one branch, applied atomically. `typed`: the txn
   * came through typedTxn (checkTypedTxn has checked its keys, and its values are strings).
   */
  private runTxn(req: TxnRequest, typed: boolean): TxnResponse {
    const store = this.store;
    const compares = req.compare;
    // ANDed, stopping at the first compare that fails (a plain loop: no closure per txn).
    let succeeded = true;
    for (let i = 0; i < compares.length && succeeded; i++) succeeded = compareHolds(compares[i], store.get(compares[i].key));
    const ops = succeeded ? req.success : req.failure;
    // One put (the API server's creates and updates): checked and applied as the loops below would.
    if (ops.length === 1) {
      const op = ops[0];
      if ('requestPut' in op && !('requestRange' in op)) {
        const put = op.requestPut;
        // A typed put's key is checked and its value is a string: only its lease can be wrong.
        if (typed) this.checkLease(put);
        else this.checkPut(put);
        const prev = this.putOne(put.key, put.value, put.lease ?? 0);
        // The put changed something: its revision is the one the txn wrote.
        const res: PutResponse = { header: { revision: store.revision } };
        if (put.prevKv && prev) res.prevKv = prev;
        return { header: { revision: store.revision }, succeeded, responses: [{ responsePut: res }] };
      }
    }
    // etcd checks the chosen branch against the read view before applying anything.
    for (let i = 0; i < ops.length; i++) {
      const op = ops[i];
      if ('requestPut' in op) this.checkPut(op.requestPut);
      if ('requestRange' in op && op.requestRange.revision) store.checkReadRevision(op.requestRange.revision);
    }
    const txn = store.beginWrite();
    let responses: ResponseOp[];
    try {
      // One op (every API server write): its response makes the list.
      if (ops.length === 1) responses = [this.applyOp(txn, ops[0])];
      else {
        responses = [];
        for (let i = 0; i < ops.length; i++) responses.push(this.applyOp(txn, ops[i]));
      }
    } finally {
      this.commit(txn);
    }
    return { header: { revision: this.store.revision }, succeeded, responses };
  }

  /** watch opens a watch (untraced); `cancel` on the returned state stops it. */
  watch(req: WatchRequest, onResponse: (res: WatchResponse) => void): WatchState {
    return this.watches.open(req, onResponse);
  }

  /** cancelWatch stops a watch, including deliveries already scheduled. */
  cancelWatch(watch: WatchState): void {
    this.watches.cancel(watch);
  }

  /** compact drops history below `revision`. */
  compact(revision: number): ResponseHeader {
    this.store.compact(revision);
    return { revision: this.store.revision };
  }

  /** leaseGrant creates a lease (TTL raised to the minimum). */
  leaseGrant(ttlSeconds: number, id?: number): LeaseGrantResponse {
    const lease = this.lessor.grant(ttlSeconds, id ?? 0);
    return { header: { revision: this.store.revision }, id: lease.id, ttl: lease.ttl };
  }

  /** leaseRevoke ends a lease and deletes its keys in one revision. */
  leaseRevoke(id: number): ResponseHeader {
    this.deleteLeaseKeys(this.lessor.revoke(id));
    return { revision: this.store.revision };
  }

  /** leaseKeepAlive restarts the lease's TTL. */
  leaseKeepAlive(id: number): LeaseGrantResponse {
    const ttl = this.lessor.keepAlive(id);
    return { header: { revision: this.store.revision }, id, ttl };
  }

  /** leaseTimeToLive reports the seconds left (-1 for an unknown or expired lease). */
  leaseTimeToLive(id: number, withKeys = false): LeaseTimeToLiveResponse {
    const info = this.lessor.timeToLive(id);
    return { header: { revision: this.store.revision }, id, ttl: info.ttl, grantedTtl: info.grantedTtl, keys: withKeys ? info.keys : [] };
  }

  /** leases lists the live lease ids in ascending order. */
  leases(): number[] {
    return this.lessor.ids();
  }

  /** status reports the revision, compaction point and number of keys. */
  status(): { revision: number; compactRevision: number; dbKeys: number } {
    return { revision: this.store.revision, compactRevision: this.store.compactRevision, dbKeys: this.store.liveCount };
  }

  /** openWatchCount is the number of watches still receiving events (for tests and admin views). */
  get openWatchCount(): number {
    return this.watches.openCount;
  }

  /** snapshot returns every current key, sorted by key (frozen objects: copy before changing). */
  snapshot(): KeyValue[] {
    return this.store.currentKvs();
  }

  /** dump saves the current keyspace and leases as plain JSON data (no history). */
  dump(): EtcdDump {
    return {
      format: 'etcd-keyspace/v1',
      revision: this.store.revision,
      kvs: this.store.currentKvs().map((kv) => ({ ...kv })),
      leases: this.lessor.snapshot(),
    };
  }

  /**
   * restore loads a dump (object or JSON text) into this fresh server. History before the dump's
   * revision is gone, as after a compaction there: reads and watches below it fail.
   */
  restore(dump: EtcdDump | string): void {
    if (this.store.revision !== 1 || this.store.liveCount > 0 || this.lessor.ids().length > 0) {
      throw new Error('etcd restore: the server already holds data; restore into a fresh EtcdServer');
    }
    const parsed = parseDump(dump);
    for (const lease of parsed.leases) this.lessor.restore(lease);
    this.store.load(parsed.kvs, parsed.revision);
    for (const kv of parsed.kvs) if (kv.lease !== 0) this.lessor.attach(kv.lease, kv.key);
  }

  private checkPut(req: PutRequest): void {
    requireKey(req);
    if (typeof req.value !== 'string') {
      throw new EtcdError(`etcd put ${JSON.stringify(req.key)}: value must be a string, got ${typeof req.value}`, GrpcCode.InvalidArgument);
    }
    this.checkLease(req);
  }

  /** checkLease throws etcd's NotFound for a put naming a lease that does not exist. */
  private checkLease(req: PutRequest): void {
    this.checkLeaseId(req.lease);
  }

  /** checkLeaseId is checkLease for a put's lease id (0 or undefined: none). */
  private checkLeaseId(lease: number | undefined): void {
    if (lease && !this.lessor.has(lease)) throw new EtcdError(ErrLeaseNotFound, GrpcCode.NotFound);
  }

  /** applyOp runs one txn op; each response's header shows the revision as of that op. */
  private applyOp(txn: WriteTxn, op: RequestOp): ResponseOp {
    if ('requestRange' in op) return { responseRange: txn.range(op.requestRange) };
    if ('requestPut' in op) {
      const req = op.requestPut;
      const prev = txn.put(req.key, req.value, req.lease ?? 0);
      // After a put the txn has changed something: its revision is the one it writes.
      const res: PutResponse = { header: { revision: txn.beginRevision + 1 } };
      if (req.prevKv && prev) res.prevKv = prev;
      return { responsePut: res };
    }
    const req = op.requestDeleteRange;
    const prevKvs = txn.deleteRange(req.key, req.rangeEnd);
    const res: DeleteRangeResponse = { header: { revision: txn.revision }, deleted: prevKvs.length };
    if (req.prevKv) res.prevKvs = prevKvs;
    return { responseDeleteRange: res };
  }

  /**
   * putOne writes one key in a revision of its own, then does what commit() does after a write of
   * one event (leases, watchers, retention) without a write txn: returns the previous value.
   */
  private putOne(key: string, value: string, lease: number): KeyValue | undefined {
    const logged = this.store.putOne(key, value, lease);
    const revision = this.store.revision;
    // A created key comes back as its KeyValue (no prevKv; its event is made only if a watcher wants it).
    const prev = (logged as StoredEvent).prevKv;
    const prevLease = prev === undefined ? 0 : prev.lease;
    // A write that keeps its key's lease (every write but the Events: none before, none after) leaves the leases as they are.
    if (lease !== prevLease) this.lessor.moveKey(key, prevLease, lease);
    // isCreatedKv's test written out: every write passes here.
    if ((logged as StoredEvent).type === undefined) this.watches.dispatchCreated(revision, logged as KeyValue);
    else this.watches.dispatchOne(revision, logged as StoredEvent);
    this.compactPastRetention(revision);
    return prev;
  }

  /** commit ends a write txn, then updates lease membership and notifies watchers. */
  private commit(txn: WriteTxn): void {
    const revision = txn.end();
    const events = txn.events;
    if (events.length === 0) return;
    // A write of one key that neither had nor has a lease (every write but the Events) leaves the leases as they are.
    if (events.length > 1 || events[0].kv.lease !== 0 || (events[0].prevKv?.lease ?? 0) !== 0) this.lessor.applyEvents(events);
    if (events.length === 1) this.watches.dispatchOne(revision, events[0]);
    else this.watches.dispatch(revision, events);
    this.compactPastRetention(revision);
  }

  /** compactPastRetention compacts to `historyRetention` revisions back once twice that many have piled up. */
  private compactPastRetention(revision: number): void {
    const retention = this.historyRetention;
    if (retention > 0 && revision - Math.max(this.store.compactRevision, 1) >= 2 * retention) this.store.compact(revision - retention);
  }

  private deleteLeaseKeys(keys: readonly string[]): number {
    const txn = this.store.beginWrite();
    try {
      for (const key of keys) txn.deleteRange(key, undefined);
    } finally {
      this.commit(txn);
    }
    return txn.events.length;
  }

  private expireLease(id: number): void {
    const deleted = this.deleteLeaseKeys(this.lessor.revoke(id));
    this.ctx.trace.record({
      kind: 'action',
      from: ETCD,
      to: ETCD,
      action: 'lease expired',
      summary: `lease ${id} expired; ${deleted} key${deleted === 1 ? '' : 's'} deleted at revision ${this.store.revision}`,
    });
  }
}
