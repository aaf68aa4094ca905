/**
 * Txn request checks and compare evaluation, as etcd 3.4's apply layer does them: a txn is
 * validated whole before anything runs (too many ops, a key written twice), then its compares are
 * ANDed against the current keyspace to pick the success or failure branch.
 */
import { EtcdError, GrpcCode } from './types';
import type { Compare, KeyValue, RequestOp, TxnRequest, TxnResponse } from './types';
import { inKeyRange } from './sorted-keys';

/** DEFAULT_MAX_TXN_OPS is etcd's --max-txn-ops default. */
export const DEFAULT_MAX_TXN_OPS = 128;

/** ErrDuplicateKey is etcd's text for a txn branch that writes the same key twice. */
export const ErrDuplicateKey = 'etcdserver: duplicate key given in txn request';
/** ErrTooManyOps is etcd's text for a txn with more than --max-txn-ops entries in a list. */
export const ErrTooManyOps = 'etcdserver: too many operations in txn request';
/** ErrEmptyKey is etcd's text for a request without a key. */
export const ErrEmptyKey = 'etcdserver: key is not provided';

/** requireKey throws etcd's empty-key error unless a request names a key. */
export function requireKey(req: { key: string } | undefined): void {
  if (!req || typeof req.key !== 'string' || req.key === '') throw new EtcdError(ErrEmptyKey, GrpcCode.InvalidArgument);
}

/** validateTxn throws etcd's InvalidArgument errors for a txn that must not run at all. */
export function validateTxn(req: TxnRequest, maxOps = DEFAULT_MAX_TXN_OPS): void {
  if (!req || !Array.isArray(req.compare) || !Array.isArray(req.success) || !Array.isArray(req.failure)) {
    throw new EtcdError('etcd txn: request needs compare, success and failure arrays', GrpcCode.InvalidArgument);
  }
  const compares = req.compare;
  const success = req.success;
  const failure = req.failure;
  // The longest list, as etcd's checkTxnRequest counts (one test for the three).
  if (Math.max(compares.length, success.length, failure.length) > maxOps) throw new EtcdError(ErrTooManyOps, GrpcCode.InvalidArgument);
  for (let i = 0; i < compares.length; i++) validateCompare(compares[i]);
  // The API server's writes have one op in success and none or one in failure: such a branch
  // needs only its op checked (one op cannot collide with itself).
  if (success.length === 1) checkOp(success[0]);
  else if (success.length > 0) checkBranch(success);
  if (failure.length === 1) checkOp(failure[0]);
  else if (failure.length > 0) checkBranch(failure);
}

/**
 * checkTypedTxn is validateTxn for a txn built from typed parts (EtcdClientOptions.typedRequests),
 * well-formed by construction as a protobuf message is: it makes only the checks such a request
 * can fail (too many ops, a compare or op without a key, a key put twice in a branch or inside its
 * own delete range), in validateTxn's order and with its errors, and none of those only a plain
 * object can fail (arrays, op and compare fields and their types, each compare's value of its
 * target's type, as the protobuf message's separate fields make it): for such a request both say
 * the same, and this one costs a fraction.
 */
export function checkTypedTxn(req: TxnRequest, maxOps = DEFAULT_MAX_TXN_OPS): void {
  const compares = req.compare;
  const success = req.success;
  const failure = req.failure;
  // The longest list, as etcd's checkTxnRequest counts (one test for the three).
  if (Math.max(compares.length, success.length, failure.length) > maxOps) throw new EtcdError(ErrTooManyOps, GrpcCode.InvalidArgument);
  // An empty key is a value of the right type: refused as validateTxn refuses it.
  for (let i = 0; i < compares.length; i++) if (!compares[i].key) throw new EtcdError(ErrEmptyKey, GrpcCode.InvalidArgument);
  // One op (every API server write) cannot collide with itself: only its key is checked.
  if (success.length === 1) {
    if (!opKey(success[0])) throw new EtcdError(ErrEmptyKey, GrpcCode.InvalidArgument);
  } else if (success.length > 0) checkBranch(success);
  if (failure.length === 1) {
    if (!opKey(failure[0])) throw new EtcdError(ErrEmptyKey, GrpcCode.InvalidArgument);
  } else if (failure.length > 0) checkBranch(failure);
}

/** checkOp throws etcd's error for an op that is not an object, names no request, or has no key. */
function checkOp(op: RequestOp): void {
  if (!op || typeof op !== 'object') throw new EtcdError('etcd txn: every op must be an object', GrpcCode.InvalidArgument);
  // The op's request, found the way opKey finds it (put first, then range, then delete).
  let kind: string;
  if ('requestPut' in op) kind = 'requestPut';
  else if ('requestRange' in op) kind = 'requestRange';
  else if ('requestDeleteRange' in op) kind = 'requestDeleteRange';
  else throw new EtcdError('etcd txn: op needs requestPut, requestRange or requestDeleteRange', GrpcCode.InvalidArgument);
  // An etcdctl request may name its request with anything (`{ requestPut: null }`): refused here
  // rather than failing with a TypeError when its key is read.
  const request = (op as unknown as Record<string, { key?: string } | null>)[kind];
  if (typeof request !== 'object' || request === null) throw new EtcdError(`etcd txn: ${kind} must be an object`, GrpcCode.InvalidArgument);
  if (!request.key) throw new EtcdError(ErrEmptyKey, GrpcCode.InvalidArgument);
}

/** opKey returns the key an op addresses (for traces and validation). */
export function opKey(op: RequestOp): string {
  if ('requestPut' in op) return op.requestPut.key;
  if ('requestRange' in op) return op.requestRange.key;
  return op.requestDeleteRange.key;
}

/**
 * checkBranch mirrors etcd's checkIntervals: a key may be put at most once per branch, and not
 * put inside a range the same branch deletes.
 */
function checkBranch(ops: RequestOp[]): void {
  // Allocated only when the branch deletes something (API server writes never do).
  let deletes: { key: string; rangeEnd?: string }[] | undefined;
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i];
    checkOp(op);
    if ('requestDeleteRange' in op) (deletes ??= []).push(op.requestDeleteRange);
  }
  // A branch of one op cannot collide with itself.
  if (ops.length < 2) return;
  const puts = new Set<string>();
  for (const op of ops) {
    if (!('requestPut' in op)) continue;
    const key = op.requestPut.key;
    if (puts.has(key) || (deletes !== undefined && deletes.some((d) => inKeyRange(key, d.key, d.rangeEnd)))) {
      throw new EtcdError(ErrDuplicateKey, GrpcCode.InvalidArgument);
    }
    puts.add(key);
  }
}

const COMPARE_TARGETS: readonly string[] = ['VERSION', 'CREATE', 'MOD', 'VALUE', 'LEASE'];
const COMPARE_RESULTS: readonly string[] = ['EQUAL', 'NOT_EQUAL', 'GREATER', 'LESS'];

function validateCompare(compare: Compare): void {
  if (!compare || !compare.key) throw new EtcdError(ErrEmptyKey, GrpcCode.InvalidArgument);
  const target = compare.target;
  // String compares against the known names (cheaper than Array.includes in an interpreter).
  if (target !== 'MOD' && target !== 'CREATE' && target !== 'VERSION' && target !== 'VALUE' && target !== 'LEASE') {
    throw new EtcdError(`etcd txn: compare target ${JSON.stringify(target)} is not one of ${COMPARE_TARGETS.join(', ')}`, GrpcCode.InvalidArgument);
  }
  const result = compare.result;
  if (result !== 'EQUAL' && result !== 'NOT_EQUAL' && result !== 'GREATER' && result !== 'LESS') {
    throw new EtcdError(`etcd txn: compare result ${JSON.stringify(result)} is not one of ${COMPARE_RESULTS.join(', ')}`, GrpcCode.InvalidArgument);
  }
  const wanted = target === 'VALUE' ? 'string' : 'number';
  if (typeof compare.value !== wanted) {
    throw new EtcdError(
      `etcd txn: a ${compare.target} compare on ${JSON.stringify(compare.key)} needs a ${wanted} value, got ${JSON.stringify(compare.value)}`,
      GrpcCode.InvalidArgument,
    );
  }
}

/**
 * compareHolds evaluates one compare against `kv` (the key's current value, undefined if
 * missing). A missing key compares as version/create/mod/lease 0, and any VALUE compare on it fails.
 */
export function compareHolds(compare: Compare, kv: KeyValue | undefined): boolean {
  let order: number;
  if (compare.target === 'VALUE') {
    if (!kv) return false;
    const want = compare.value as string;
    order = kv.value < want ? -1 : kv.value > want ? 1 : 0;
  } else {
    // MOD first: it is the API server's one compare.
    const target = compare.target;
    const actual = !kv ? 0 : target === 'MOD' ? kv.modRevision : target === 'VERSION' ? kv.version : target === 'CREATE' ? kv.createRevision : kv.lease;
    const want = compare.value as number;
    order = actual < want ? -1 : actual > want ? 1 : 0;
  }
  switch (compare.result) {
    case 'EQUAL':
      return order === 0;
    case 'NOT_EQUAL':
      return order !== 0;
    case 'GREATER':
      return order > 0;
    case 'LESS':
      return order < 0;
  }
}

/**
 * putIfModRevisionTxn is the TxnRequest EtcdClient.putIfModRevision stands for: a put of `key` if
 * its mod revision is `modRevision` (0: the key does not exist), else a read of it when
 * `readOnFailure`. The traced and the untyped paths send it as it is.
 */
export function putIfModRevisionTxn(key: string, value: string, lease: number, modRevision: number, readOnFailure: boolean): TxnRequest {
  return {
    compare: [{ target: 'MOD', result: 'EQUAL', key, value: modRevision }],
    success: [{ requestPut: { key, value, lease: lease || undefined } }],
    failure: readOnFailure ? [{ requestRange: { key } }] : [],
  };
}

/** putIfModRevisionResult is putIfModRevision's answer read from the response to its txn: the revision, or the failure branch's KeyValue. */
export function putIfModRevisionResult(res: TxnResponse): number | KeyValue | undefined {
  if (res.succeeded) return res.header.revision;
  const failed = res.responses[0];
  return failed && 'responseRange' in failed ? failed.responseRange.kvs[0] : undefined;
}
