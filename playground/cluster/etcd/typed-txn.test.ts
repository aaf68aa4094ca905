/**
 * A client made with typedRequests (the API server's) skips the checks only a plain object can
 * fail. For every txn a typed program can build, it must answer exactly as a plain client does:
 * the same response or the same error, and the same keyspace and revision afterwards.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EventLoop } from '../sim/loop';
import { SeededIds } from '../sim/ids';
import { Trace } from '../sim/trace';
import { EtcdServer } from './server';
import { EtcdError, prefixEnd } from './types';
import type { Compare, EtcdClient, RequestOp, TxnRequest } from './types';
import { ErrDuplicateKey, ErrEmptyKey, ErrTooManyOps } from './txn';
import { ErrLeaseNotFound } from './lease';

const MAX_TXN_OPS = 3;
const keyArb = fc.constantFrom('', '/a', '/a/x', '/b', '/b/x');
const numberArb = fc.oneof(fc.integer({ min: -1, max: 9 }), fc.constant(Number.NaN));
const compareArb: fc.Arbitrary<Compare> = fc.oneof(
  fc.record({ target: fc.constantFrom('VERSION' as const, 'CREATE' as const, 'MOD' as const, 'LEASE' as const), result: fc.constantFrom('EQUAL' as const, 'NOT_EQUAL' as const, 'GREATER' as const, 'LESS' as const), key: keyArb, value: numberArb }),
  fc.record({ target: fc.constant('VALUE' as const), result: fc.constantFrom('EQUAL' as const, 'NOT_EQUAL' as const, 'GREATER' as const, 'LESS' as const), key: keyArb, value: fc.constantFrom('', '0', '1', '2') }),
);
const opArb: fc.Arbitrary<RequestOp> = fc.oneof(
  fc.record({ requestPut: fc.record({ key: keyArb, value: fc.constantFrom('0', '1', '2'), lease: fc.constantFrom(0, 0, 7, 99), prevKv: fc.boolean() }, { requiredKeys: ['key', 'value'] }) }),
  fc.record({ requestRange: fc.record({ key: keyArb, rangeEnd: fc.constantFrom('', prefixEnd('/a'), '\0'), revision: fc.integer({ min: 0, max: 12 }) }, { requiredKeys: ['key'] }) }),
  fc.record({ requestDeleteRange: fc.record({ key: keyArb, rangeEnd: fc.constantFrom('', prefixEnd('/a'), prefixEnd('/b')), prevKv: fc.boolean() }, { requiredKeys: ['key'] }) }),
);
const txnArb: fc.Arbitrary<TxnRequest> = fc.record({
  compare: fc.array(compareArb, { maxLength: MAX_TXN_OPS + 1 }),
  success: fc.array(opArb, { maxLength: MAX_TXN_OPS + 1 }),
  failure: fc.array(opArb, { maxLength: MAX_TXN_OPS + 1 }),
});

/** twoServers makes two identical servers (lease 7 granted, compacted at 3) and a client on each. */
function twoServers(): { typed: EtcdClient; plain: EtcdClient; servers: EtcdServer[] } {
  const servers = [0, 1].map(() => {
    const loop = new EventLoop();
    const server = new EtcdServer({ loop, trace: new Trace(() => loop.now()), ids: new SeededIds(3) }, { maxTxnOps: MAX_TXN_OPS });
    server.leaseGrant(60, 7);
    for (const [key, value] of [['/a', '1'], ['/a/x', '2'], ['/b', '0'], ['/a', '2']]) server.put({ key, value });
    server.compact(3);
    return server;
  });
  return { typed: servers[0].client('kube-apiserver', { typedRequests: true }), plain: servers[1].client('kube-apiserver'), servers };
}

/** outcome is what a caller sees of a txn: its response, or its error's message and code. */
function outcome(client: EtcdClient, req: TxnRequest): unknown {
  try {
    return client.txn(req);
  } catch (error) {
    if (!(error instanceof EtcdError)) throw error;
    return { error: error.message, code: error.code };
  }
}

describe('txns from a client with typedRequests', () => {
  it('answer every typed txn as a plain client does, leaving the same keyspace and revision', () => {
    fc.assert(
      fc.property(fc.array(txnArb, { minLength: 1, maxLength: 6 }), (txns) => {
        const { typed, plain, servers } = twoServers();
        for (const req of txns) expect(outcome(typed, structuredClone(req))).toEqual(outcome(plain, structuredClone(req)));
        expect(servers[0].snapshot()).toEqual(servers[1].snapshot());
        expect(servers[0].revision).toBe(servers[1].revision);
      }),
      { numRuns: 400 },
    );
  });

  it("still refuse, with etcd's errors, what a typed request can get wrong", () => {
    const { typed } = twoServers();
    const put = (key: string, lease = 0): RequestOp => ({ requestPut: { key, value: 'v', lease } });
    const refused = (req: TxnRequest) => outcome(typed, req) as { error: string };
    expect(refused({ compare: [], success: [put('/a'), put('/b'), put('/c'), put('/d')], failure: [] }).error).toBe(ErrTooManyOps);
    expect(refused({ compare: [{ target: 'MOD', result: 'EQUAL', key: '', value: 0 }], success: [], failure: [] }).error).toBe(ErrEmptyKey);
    expect(refused({ compare: [], success: [], failure: [{ requestRange: { key: '' } }] }).error).toBe(ErrEmptyKey);
    expect(refused({ compare: [], success: [put('/a'), put('/a')], failure: [] }).error).toBe(ErrDuplicateKey);
    expect(refused({ compare: [], success: [put('/a', 99)], failure: [] }).error).toBe(ErrLeaseNotFound);
    expect(refused({ compare: [], success: [{ requestRange: { key: '/a', revision: 2 } }], failure: [] }).error).toBe('etcdserver: mvcc: required revision has been compacted');
  });

  it('are traced like any txn', () => {
    const loop = new EventLoop();
    const trace = new Trace(() => loop.now());
    const server = new EtcdServer({ loop, trace, ids: new SeededIds(1) });
    const typed = server.client('kube-apiserver', { typedRequests: true });
    typed.txn({ compare: [{ target: 'MOD', result: 'EQUAL', key: '/k', value: 0 }], success: [{ requestPut: { key: '/k', value: 'v' } }], failure: [] });
    expect(outcome(typed, { compare: [], success: [{ requestPut: { key: '', value: 'v' } }], failure: [] })).toEqual({ error: ErrEmptyKey, code: 3 });
    expect(trace.entries.map((e) => (e.kind === 'etcd' ? `${e.from} ${e.op} ${e.key} ${e.revision} ${e.detail}` : e.kind))).toEqual([
      'kube-apiserver txn /k 2 succeeded',
      `kube-apiserver txn  2 error: ${ErrEmptyKey}`,
    ]);
  });
});
