/**
 * putIfModRevision is the API server's create and update txn with plain arguments. Untraced on a
 * typed client it skips the request and response objects: it must still answer, change the
 * keyspace, notify watchers and fail exactly as that txn does through txn().
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EventLoop } from '../sim/loop';
import { SeededIds } from '../sim/ids';
import { Trace } from '../sim/trace';
import { EtcdServer } from './server';
import { EtcdError } from './types';
import type { EtcdClient, KeyValue, WatchResponse } from './types';
import { ErrEmptyKey, ErrTooManyOps, putIfModRevisionResult, putIfModRevisionTxn } from './txn';
import { ErrLeaseNotFound } from './lease';

interface Put {
  key: string;
  value: string;
  lease: number;
  modRevision: number;
  readOnFailure: boolean;
}

const putArb: fc.Arbitrary<Put> = fc.record({
  key: fc.constantFrom('', '/a', '/b', '/c'),
  value: fc.constantFrom('0', '1', '2'),
  lease: fc.constantFrom(0, 0, 7, 99),
  modRevision: fc.integer({ min: 0, max: 8 }),
  readOnFailure: fc.boolean(),
});

/** server makes a server with lease 7 and two keys written, untraced, and a watch on every key that records what it hears. */
function server(maxTxnOps = 128): { server: EtcdServer; loop: EventLoop; heard: WatchResponse[] } {
  const loop = new EventLoop();
  const trace = new Trace(() => loop.now());
  trace.enabled = false;
  const etcd = new EtcdServer({ loop, trace, ids: new SeededIds(3) }, { maxTxnOps });
  etcd.leaseGrant(60, 7);
  etcd.put({ key: '/a', value: '1' });
  etcd.put({ key: '/b', value: '0', lease: 7 });
  const heard: WatchResponse[] = [];
  etcd.watch({ key: '\0', rangeEnd: '\0', prevKv: true }, (res) => heard.push(res));
  return { server: etcd, loop, heard };
}

/** outcome is what a caller sees: the result, or the error's message and code. */
function outcome(run: () => number | KeyValue | undefined): unknown {
  try {
    return { result: run() };
  } catch (error) {
    if (!(error instanceof EtcdError)) throw error;
    return { error: error.message, code: error.code };
  }
}

describe('putIfModRevision', () => {
  it('answers, writes and notifies watchers as the txn it stands for', () => {
    fc.assert(
      fc.property(fc.array(putArb, { minLength: 1, maxLength: 8 }), (puts) => {
        const fast = server();
        const plain = server();
        const typed = fast.server.client('kube-apiserver', { typedRequests: true });
        const untyped = plain.server.client('kube-apiserver');
        for (const p of puts) {
          const got = outcome(() => typed.putIfModRevision(p.key, p.value, p.lease, p.modRevision, p.readOnFailure));
          const want = outcome(() => putIfModRevisionResult(untyped.txn(putIfModRevisionTxn(p.key, p.value, p.lease, p.modRevision, p.readOnFailure))));
          expect(got).toEqual(want);
        }
        fast.loop.runUntil(() => false, 1000);
        plain.loop.runUntil(() => false, 1000);
        expect(fast.server.snapshot()).toEqual(plain.server.snapshot());
        expect(fast.server.revision).toBe(plain.server.revision);
        expect(fast.heard).toEqual(plain.heard);
      }),
      { numRuns: 300 },
    );
  });

  it('puts when the mod revision matches (0 for a new key) and otherwise reads the key only when asked', () => {
    const { server: etcd } = server();
    const client = etcd.client('kube-apiserver', { typedRequests: true });
    const current = etcd.range({ key: '/a' }).kvs[0];
    expect(client.putIfModRevision('/new', 'v', 0, 0, false)).toBe(etcd.revision);
    expect(client.putIfModRevision('/new', 'w', 0, 0, false)).toBeUndefined();
    expect(client.putIfModRevision('/a', 'w', 0, current.modRevision - 1, true)).toEqual(current);
    expect(client.putIfModRevision('/missing', 'w', 0, 5, true)).toBeUndefined();
    const revision = client.putIfModRevision('/a', 'w', 7, current.modRevision, true);
    expect(revision).toBe(etcd.revision);
    expect(etcd.range({ key: '/a' }).kvs[0]).toMatchObject({ value: 'w', lease: 7, modRevision: revision, version: current.version + 1 });
  });

  it("refuses with etcd's errors an unknown lease, an empty key and a txn limit below one op", () => {
    const { server: etcd } = server();
    const client = etcd.client('kube-apiserver', { typedRequests: true });
    expect(outcome(() => client.putIfModRevision('/n', 'v', 99, 0, false))).toEqual({ error: ErrLeaseNotFound, code: 5 });
    expect(outcome(() => client.putIfModRevision('', 'v', 0, 0, false))).toEqual({ error: ErrEmptyKey, code: 3 });
    const limited = server(0).server.client('kube-apiserver', { typedRequests: true });
    expect(outcome(() => limited.putIfModRevision('/n', 'v', 0, 0, false))).toEqual({ error: ErrTooManyOps, code: 3 });
  });

  it('is traced as its txn when the trace is on', () => {
    const loop = new EventLoop();
    const trace = new Trace(() => loop.now());
    const etcd = new EtcdServer({ loop, trace, ids: new SeededIds(1) });
    const client: EtcdClient = etcd.client('kube-apiserver', { typedRequests: true });
    client.putIfModRevision('/k', 'v', 0, 0, false);
    client.putIfModRevision('/k', 'w', 0, 0, true);
    expect(trace.entries.map((e) => (e.kind === 'etcd' ? `${e.from} ${e.op} ${e.key} ${e.revision} ${e.detail}` : e.kind))).toEqual([
      'kube-apiserver txn /k 2 succeeded',
      'kube-apiserver txn /k 2 failed',
    ]);
  });
});
