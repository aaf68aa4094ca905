/**
 * The contract of the in-process etcd: the v3 KV, Watch, Lease and Maintenance calls that
 * kube-apiserver uses, with etcd's revision model (see shared K8S-FACTS §1). Keys and values are
 * strings (the API server stores JSON text); revisions are plain numbers. Calls are synchronous;
 * watch notifications are delivered later through the event loop, as over a real network.
 */

/** KeyValue is one stored key at one revision. `lease` is 0 when no lease is attached. */
export interface KeyValue {
  key: string;
  value: string;
  createRevision: number;
  modRevision: number;
  version: number;
  lease: number;
}

/** ResponseHeader carries the cluster revision at the time of the response. */
export interface ResponseHeader {
  revision: number;
}

export interface RangeRequest {
  key: string;
  /** Half-open end of the range; "\0" with key "\0" means everything. Omit to read one key. */
  rangeEnd?: string;
  /** 0 or absent: no limit. */
  limit?: number;
  /** Read the snapshot at this revision; 0 or absent: the current one. */
  revision?: number;
  keysOnly?: boolean;
  countOnly?: boolean;
}

export interface RangeResponse {
  header: ResponseHeader;
  kvs: KeyValue[];
  /** True when `limit` cut the result short. */
  more: boolean;
  /** Total number of keys in the range, whatever the limit. */
  count: number;
}

export interface PutRequest {
  key: string;
  value: string;
  /** Lease id to attach; 0 or absent: none. Unknown id: EtcdError "requested lease not found". */
  lease?: number;
  prevKv?: boolean;
}

export interface PutResponse {
  header: ResponseHeader;
  prevKv?: KeyValue;
}

export interface DeleteRangeRequest {
  key: string;
  rangeEnd?: string;
  prevKv?: boolean;
}

export interface DeleteRangeResponse {
  header: ResponseHeader;
  deleted: number;
  prevKvs?: KeyValue[];
}

/** Compare is one condition of a Txn; a missing key compares as version/create/mod 0. */
export interface Compare {
  target: 'VERSION' | 'CREATE' | 'MOD' | 'VALUE' | 'LEASE';
  result: 'EQUAL' | 'NOT_EQUAL' | 'GREATER' | 'LESS';
  key: string;
  /** Number for VERSION/CREATE/MOD/LEASE, string for VALUE. */
  value: number | string;
}

export type RequestOp =
  | { requestRange: RangeRequest }
  | { requestPut: PutRequest }
  | { requestDeleteRange: DeleteRangeRequest };

export type ResponseOp =
  | { responseRange: RangeResponse }
  | { responsePut: PutResponse }
  | { responseDeleteRange: DeleteRangeResponse };

export interface TxnRequest {
  compare: Compare[];
  success: RequestOp[];
  failure: RequestOp[];
}

export interface TxnResponse {
  header: ResponseHeader;
  succeeded: boolean;
  responses: ResponseOp[];
}

export interface WatchRequest {
  key: string;
  rangeEnd?: string;
  /** Replay history from this revision (inclusive); absent: only future events. */
  startRevision?: number;
  prevKv?: boolean;
}

/** WatchEvent: a DELETE event's kv holds only key and modRevision (the deletion revision). */
export interface WatchEvent {
  type: 'PUT' | 'DELETE';
  kv: KeyValue;
  prevKv?: KeyValue;
}

export interface WatchResponse {
  header: ResponseHeader;
  watchId: number;
  created?: boolean;
  canceled?: boolean;
  /** Set with canceled when startRevision was below the compaction point. */
  compactRevision?: number;
  events: WatchEvent[];
}

/** Watcher is an open watch; cancel() stops further deliveries. */
export interface Watcher {
  readonly id: number;
  cancel(): void;
}

export interface LeaseGrantResponse {
  header: ResponseHeader;
  id: number;
  ttl: number;
}

export interface LeaseTimeToLiveResponse {
  header: ResponseHeader;
  id: number;
  /** Seconds left; -1 when the lease has expired or does not exist. */
  ttl: number;
  grantedTtl: number;
  keys: string[];
}

/**
 * EtcdClient is a handle on the etcd server as one participant (kube-apiserver, or etcdctl for an
 * admin); every call is recorded in the trace under that participant's name.
 */
export interface EtcdClient {
  range(req: RangeRequest): RangeResponse;
  /**
   * readKey is range({ key }).kvs[0] with a plain argument and result: the current KeyValue at
   * `key`, or undefined. Traced and billed exactly as that range.
   */
  readKey(key: string): KeyValue | undefined;
  put(req: PutRequest): PutResponse;
  deleteRange(req: DeleteRangeRequest): DeleteRangeResponse;
  txn(req: TxnRequest): TxnResponse;
  /**
   * putIfModRevision is the txn the API server's storage sends for every create and update,
   * Txn(MOD(key) == modRevision → Put(key, value, lease); else → Range(key) when
   * `readOnFailure`, nothing otherwise), with plain arguments and result: the new revision
   * (a number) when the put happened, else the key's KeyValue from the failure branch (undefined
   * when absent or not read). Traced and billed exactly as that txn; lease 0 is none.
   */
  putIfModRevision(key: string, value: string, lease: number, modRevision: number, readOnFailure: boolean): number | KeyValue | undefined;
  watch(req: WatchRequest, onResponse: (res: WatchResponse) => void): Watcher;
  compact(revision: number): ResponseHeader;
  leaseGrant(ttlSeconds: number, id?: number): LeaseGrantResponse;
  leaseRevoke(id: number): ResponseHeader;
  leaseKeepAlive(id: number): LeaseGrantResponse;
  leaseTimeToLive(id: number, withKeys?: boolean): LeaseTimeToLiveResponse;
  leases(): number[];
  /** status returns the current revision and the compaction point (maintenance/status). */
  status(): { revision: number; compactRevision: number; dbKeys: number };
}

/** gRPC status codes etcd uses in its errors. */
export const GrpcCode = { InvalidArgument: 3, NotFound: 5, OutOfRange: 11, FailedPrecondition: 9 } as const;

/** EtcdError carries etcd's own message text, for example `etcdserver: mvcc: required revision has been compacted`. */
export class EtcdError extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
    this.name = 'EtcdError';
  }
}

/** prefixEnd returns the range_end that selects every key starting with `prefix` (last byte + 1). */
export function prefixEnd(prefix: string): string {
  if (prefix === '') return '\0';
  const last = prefix.charCodeAt(prefix.length - 1);
  return prefix.slice(0, -1) + String.fromCharCode(last + 1);
}
