/**
 * TracedEtcdClient is the EtcdClient a component gets from EtcdServer.client(participant): each
 * call goes to the server and leaves one `etcd` entry in the trace (who asked, what, on which key,
 * the revision afterwards and a short detail), including calls that fail.
 */
import type { Trace } from '../sim/trace';
import { ETCD } from '../sim/trace';
import type { EtcdEntry } from '../sim/trace';
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
  ResponseHeader,
  TxnRequest,
  TxnResponse,
  WatchRequest,
  WatchResponse,
  Watcher,
} from './types';
import type { EtcdServer } from './server';
import { putIfModRevisionResult, putIfModRevisionTxn } from './txn';
import { watchedPrefix } from './watcher-index';

/** TracedEtcdClient forwards to an EtcdServer and records every call. */
export class TracedEtcdClient implements EtcdClient {
  constructor(
    private readonly server: EtcdServer,
    private readonly trace: Trace,
    readonly participant: string,
    /** EtcdClientOptions.typedRequests: txns go to EtcdServer.typedTxn. */
    private readonly typedRequests = false,
  ) {}

  range(req: RangeRequest): RangeResponse {
    // With tracing off, the hot calls skip building the closures and descriptions entirely.
    if (!this.trace.enabled) return this.server.range(req);
    return this.traced('range', req?.key, () => this.server.range(req), (res) => {
      const parts = [describeRange(req.key, req.rangeEnd), `${res.count} key${res.count === 1 ? '' : 's'}`];
      if (req.revision) parts.push(`at revision ${req.revision}`);
      if (res.more) parts.push(`limit ${req.limit}, more`);
      return parts.filter(Boolean).join(', ');
    });
  }

  readKey(key: string): KeyValue | undefined {
    if (!this.trace.enabled) return this.server.readKey(key);
    return this.range({ key }).kvs[0];
  }

  put(req: PutRequest): PutResponse {
    if (!this.trace.enabled) return this.server.put(req);
    return this.traced('put', req?.key, () => this.server.put(req), () => (req.lease ? `lease ${req.lease}` : ''));
  }

  deleteRange(req: DeleteRangeRequest): DeleteRangeResponse {
    return this.traced('delete', req?.key, () => this.server.deleteRange(req), (res) =>
      [describeRange(req.key, req.rangeEnd), `deleted ${res.deleted}`].filter(Boolean).join(', '),
    );
  }

  txn(req: TxnRequest): TxnResponse {
    if (!this.trace.enabled) return this.typedRequests ? this.server.typedTxn(req) : this.server.txn(req);
    return this.traced('txn', txnTraceKey(req), () => (this.typedRequests ? this.server.typedTxn(req) : this.server.txn(req)), (res) => (res.succeeded ? 'succeeded' : 'failed'));
  }

  putIfModRevision(key: string, value: string, lease: number, modRevision: number, readOnFailure: boolean): number | KeyValue | undefined {
    // Untraced typed requests skip the request and response objects; the rest is the txn itself.
    if (!this.trace.enabled && this.typedRequests) return this.server.putIfModRevision(key, value, lease, modRevision, readOnFailure);
    return putIfModRevisionResult(this.txn(putIfModRevisionTxn(key, value, lease, modRevision, readOnFailure)));
  }

  watch(req: WatchRequest, onResponse: (res: WatchResponse) => void): Watcher {
    const state = this.traced('watch', req?.key, () => this.server.watch(req, onResponse), (w) =>
      [`watch ${w.id}`, describeRange(req.key, req.rangeEnd), req.startRevision ? `from revision ${req.startRevision}` : '', req.prevKv ? 'prevKv' : '']
        .filter(Boolean)
        .join(', '),
    );
    return {
      id: state.id,
      cancel: () => {
        if (state.canceled) return;
        this.server.cancelWatch(state);
        this.record('watch', state.key, `cancel watch ${state.id}`);
      },
    };
  }

  compact(revision: number): ResponseHeader {
    return this.traced('compact', '', () => this.server.compact(revision), () => `revision ${revision}`);
  }

  leaseGrant(ttlSeconds: number, id?: number): LeaseGrantResponse {
    return this.traced('lease-grant', '', () => this.server.leaseGrant(ttlSeconds, id), (res) => `lease ${res.id}, TTL ${res.ttl}s`);
  }

  leaseRevoke(id: number): ResponseHeader {
    return this.traced('lease-revoke', '', () => this.server.leaseRevoke(id), () => `lease ${id}`);
  }

  leaseKeepAlive(id: number): LeaseGrantResponse {
    return this.traced('lease-keepalive', '', () => this.server.leaseKeepAlive(id), (res) => `lease ${id}, TTL ${res.ttl}s`);
  }

  leaseTimeToLive(id: number, withKeys?: boolean): LeaseTimeToLiveResponse {
    return this.traced('lease-timetolive', '', () => this.server.leaseTimeToLive(id, withKeys), (res) => `lease ${id}, TTL ${res.ttl}s`);
  }

  leases(): number[] {
    return this.traced('lease-leases', '', () => this.server.leases(), (ids) => `${ids.length} lease${ids.length === 1 ? '' : 's'}`);
  }

  status(): { revision: number; compactRevision: number; dbKeys: number } {
    return this.traced('status', '', () => this.server.status(), (s) => `${s.dbKeys} keys, compacted at ${s.compactRevision}`);
  }

  /** traced runs `call` and records it; a failing call is recorded with its error, then rethrown. */
  private traced<T>(op: EtcdEntry['op'], key: string | undefined, call: () => T, describe: (res: T) => string): T {
    let res: T;
    try {
      res = call();
    } catch (err) {
      if (this.trace.enabled) this.record(op, key, `error: ${err instanceof Error ? err.message : String(err)}`);
      throw err;
    }
    if (this.trace.enabled) this.record(op, key, describe(res));
    return res;
  }

  private record(op: EtcdEntry['op'], key: string | undefined, detail: string): void {
    this.trace.record({
      kind: 'etcd',
      from: this.participant,
      to: ETCD,
      op,
      key: typeof key === 'string' ? key : '',
      revision: this.server.revision,
      detail,
    });
  }
}

/**
 * txnTraceKey is the key a traced txn is recorded under: its first compare's, else its first
 * success op's, else ''. Read defensively: an etcdctl request may be malformed (an op that is no
 * object, or names no request), and the server, not the trace, must be the one to refuse it.
 */
function txnTraceKey(req: TxnRequest): string | undefined {
  const compareKey = req?.compare?.[0]?.key;
  if (compareKey !== undefined && compareKey !== null) return compareKey;
  const op: unknown = req?.success?.[0];
  if (typeof op !== 'object' || op === null) return '';
  const request = 'requestPut' in op ? op.requestPut : 'requestRange' in op ? op.requestRange : 'requestDeleteRange' in op ? op.requestDeleteRange : undefined;
  return typeof request === 'object' && request !== null ? (request as { key?: string }).key : '';
}

/** describeRange names a key range for a trace: "" for one key, "prefix", "all keys" or "to <end>". */
function describeRange(key: string, rangeEnd: string | undefined): string {
  if (rangeEnd === undefined || rangeEnd === '') return '';
  const prefix = watchedPrefix(key, rangeEnd);
  if (prefix === '') return 'all keys';
  if (prefix !== undefined) return 'prefix';
  if (rangeEnd === '\0') return 'to the end';
  return `to ${JSON.stringify(rangeEnd)}`;
}
