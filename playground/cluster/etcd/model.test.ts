/**
 * Model-based property tests: random sequences of put/delete/txn/compact run against the server
 * and against a naive model that keeps a full copy of the keyspace per revision. The two must
 * agree on every revision, every read at every kept revision, and every watch event.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { drain, newTestEtcd, recordWatch } from './test-support';
import { EtcdError, prefixEnd } from './types';
import type { EtcdClient, KeyValue, RequestOp, WatchResponse } from './types';
import { inKeyRange } from './sorted-keys';

const KEYS = ['/a', '/a/x', '/a/y', '/b', '/b/x', '/c'];
const keyArb = fc.constantFrom(...KEYS);
const prefixArb = fc.constantFrom('/a', '/a/', '/b', '/');
const valueArb = fc.constantFrom('0', '1', '2');

type WriteOp = { kind: 'put'; key: string; value: string } | { kind: 'delete'; key: string; prefix: boolean };
type Op =
  | WriteOp
  | { kind: 'txn'; compareKey: string; modRevision: number; success: WriteOp[]; failure: WriteOp[] }
  | { kind: 'compact'; back: number }
  | { kind: 'tick' };

const writeArb: fc.Arbitrary<WriteOp> = fc.oneof(
  fc.record({ kind: fc.constant('put' as const), key: keyArb, value: valueArb }),
  fc.record({ kind: fc.constant('delete' as const), key: fc.oneof(keyArb, prefixArb), prefix: fc.boolean() }),
);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: writeArb },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('txn' as const),
      compareKey: keyArb,
      modRevision: fc.integer({ min: 0, max: 8 }),
      success: fc.array(writeArb, { maxLength: 3 }),
      failure: fc.array(writeArb, { maxLength: 2 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('compact' as const), back: fc.integer({ min: -1, max: 6 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'tick' as const }) },
);

/** ModelEvent is a watch event as the model predicts it, flattened for comparison. */
interface ModelEvent {
  revision: number;
  text: string;
}

/** Model keeps every revision's whole keyspace: slow and obviously right. */
class Model {
  revision = 1;
  compactRevision = 0;
  readonly snapshots = new Map<number, Map<string, KeyValue>>([[1, new Map()]]);
  readonly events: ModelEvent[] = [];

  get current(): Map<string, KeyValue> {
    return this.snapshots.get(this.revision)!;
  }

  /** write applies ops as one request; the revision moves only if something changed. */
  write(ops: WriteOp[]): void {
    const next = new Map(this.current);
    const rev = this.revision + 1;
    const pending: ModelEvent[] = [];
    for (const op of ops) {
      if (op.kind === 'put') {
        const prev = next.get(op.key);
        const kv: KeyValue = {
          key: op.key,
          value: op.value,
          createRevision: prev ? prev.createRevision : rev,
          modRevision: rev,
          version: prev ? prev.version + 1 : 1,
          lease: 0,
        };
        next.set(op.key, kv);
        pending.push({ revision: rev, text: eventText('PUT', kv, prev) });
      } else {
        const rangeEnd = op.prefix ? prefixEnd(op.key) : undefined;
        for (const key of [...next.keys()].filter((k) => inKeyRange(k, op.key, rangeEnd)).sort()) {
          const prev = next.get(key)!;
          next.delete(key);
          pending.push({ revision: rev, text: eventText('DELETE', { key, value: '', createRevision: 0, modRevision: rev, version: 0, lease: 0 }, prev) });
        }
      }
    }
    if (pending.length === 0) return;
    this.revision = rev;
    this.snapshots.set(rev, next);
    this.events.push(...pending);
  }

  /** duplicate mirrors etcd's check: a key put twice, or put inside a deleted range. */
  static duplicate(ops: WriteOp[]): boolean {
    const puts = ops.filter((o) => o.kind === 'put').map((o) => o.key);
    const deletes = ops.filter((o): o is Extract<WriteOp, { kind: 'delete' }> => o.kind === 'delete');
    return new Set(puts).size !== puts.length || puts.some((k) => deletes.some((d) => inKeyRange(k, d.key, d.prefix ? prefixEnd(d.key) : undefined)));
  }
}

function eventText(type: string, kv: KeyValue, prev: KeyValue | undefined): string {
  return `${type} ${JSON.stringify(kv)} prev=${JSON.stringify(prev ?? null)}`;
}

function responseEvents(responses: WatchResponse[]): ModelEvent[] {
  return responses.flatMap((r) => r.events.map((e) => ({ revision: e.kv.modRevision, text: eventText(e.type, e.kv, e.prevKv) })));
}

function toRequestOp(op: WriteOp): RequestOp {
  if (op.kind === 'put') return { requestPut: { key: op.key, value: op.value } };
  return { requestDeleteRange: { key: op.key, rangeEnd: op.prefix ? prefixEnd(op.key) : undefined } };
}

/** run plays `ops` on both sides, checking every response revision, and returns both. */
function run(ops: Op[]) {
  const etcd = newTestEtcd();
  const { client, loop } = etcd;
  const model = new Model();
  const everything = recordWatch(client, { key: '\0', rangeEnd: '\0', prevKv: true });
  const underA = recordWatch(client, { key: '/a/', rangeEnd: prefixEnd('/a/'), prevKv: true });
  for (const op of ops) {
    const before = model.revision;
    if (op.kind === 'put') {
      model.write([op]);
      expect(client.put({ key: op.key, value: op.value }).header.revision).toBe(model.revision);
    } else if (op.kind === 'delete') {
      model.write([op]);
      const res = client.deleteRange({ key: op.key, rangeEnd: op.prefix ? prefixEnd(op.key) : undefined });
      expect(res.header.revision).toBe(model.revision);
      expect(res.deleted > 0).toBe(model.revision > before);
    } else if (op.kind === 'txn') {
      const req = {
        compare: [{ target: 'MOD' as const, result: 'EQUAL' as const, key: op.compareKey, value: op.modRevision }],
        success: op.success.map(toRequestOp),
        failure: op.failure.map(toRequestOp),
      };
      if (Model.duplicate(op.success) || Model.duplicate(op.failure)) {
        expect(() => client.txn(req)).toThrow('etcdserver: duplicate key given in txn request');
      } else {
        const succeeded = (model.current.get(op.compareKey)?.modRevision ?? 0) === op.modRevision;
        model.write(succeeded ? op.success : op.failure);
        const res = client.txn(req);
        expect(res.succeeded).toBe(succeeded);
        expect(res.header.revision).toBe(model.revision);
      }
    } else if (op.kind === 'compact') {
      const target = model.revision - op.back;
      if (target > model.revision) {
        expect(() => client.compact(target)).toThrow('etcdserver: mvcc: required revision is a future revision');
      } else if (target <= model.compactRevision) {
        expect(() => client.compact(target)).toThrow('etcdserver: mvcc: required revision has been compacted');
      } else {
        client.compact(target);
        model.compactRevision = target;
      }
    } else {
      drain(loop);
    }
    // The revision rises by exactly one per write that changed something, and never otherwise.
    expect(model.revision - before).toBeLessThanOrEqual(1);
    expect(client.status().revision).toBe(model.revision);
  }
  drain(loop);
  return { ...etcd, model, everything, underA };
}

function checkReads(client: EtcdClient, model: Model, start: string, rangeEnd: string | undefined, limit: number): void {
  for (let rev = 1; rev <= model.revision; rev++) {
    const read = () => client.range({ key: start, rangeEnd, revision: rev, limit });
    if (rev < model.compactRevision) {
      expect(read).toThrow('etcdserver: mvcc: required revision has been compacted');
      continue;
    }
    const expected = [...model.snapshots.get(rev)!.values()].filter((kv) => inKeyRange(kv.key, start, rangeEnd)).sort((a, b) => (a.key < b.key ? -1 : 1));
    const res = read();
    expect(res.count).toBe(expected.length);
    expect(res.kvs).toEqual(limit > 0 ? expected.slice(0, limit) : expected);
    expect(res.more).toBe(limit > 0 && expected.length > limit);
    expect(res.header.revision).toBe(model.revision);
  }
}

const PROPERTY_RUNS = { numRuns: 150 };

describe('etcd against a naive model', () => {
  it('agrees on revisions and on every read at every kept revision, with limits', () => {
    fc.assert(
      fc.property(
        fc.array(opArb, { maxLength: 30 }),
        fc.oneof(fc.tuple(keyArb, fc.constant(undefined)), prefixArb.map((p) => [p, prefixEnd(p)] as const), fc.constant(['\0', '\0'] as const)),
        fc.integer({ min: 0, max: 3 }),
        (ops, [start, rangeEnd], limit) => {
          const { client, model } = run(ops);
          checkReads(client, model, start, rangeEnd, limit);
        },
      ),
      PROPERTY_RUNS,
    );
  });

  it('delivers to live watches exactly the model events, in revision order', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 30 }), (ops) => {
        const { model, everything, underA } = run(ops);
        expect(everything.responses[0].created).toBe(true);
        expect(responseEvents(everything.responses)).toEqual(model.events);
        expect(responseEvents(underA.responses)).toEqual(model.events.filter((e) => JSON.parse(e.text.slice(e.text.indexOf(' ') + 1, e.text.indexOf(' prev='))).key.startsWith('/a/')));
        // One response per write revision, each headed with that revision.
        const revisions = everything.responses.slice(1).map((r) => r.header.revision);
        expect(revisions).toEqual([...new Set(model.events.map((e) => e.revision))]);
      }),
      PROPERTY_RUNS,
    );
  });

  it('replays from any start revision exactly the events at or after it, or cancels below compaction', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 30 }), fc.nat({ max: 40 }), (ops, startSeed) => {
        const { client, loop, model } = run(ops);
        const startRevision = 1 + (startSeed % (model.revision + 1));
        const replay = recordWatch(client, { key: '\0', rangeEnd: '\0', startRevision, prevKv: true });
        drain(loop);
        expect(replay.responses[0].created).toBe(true);
        if (startRevision < model.compactRevision) {
          expect(replay.responses.slice(1)).toEqual([
            { header: { revision: 0 }, watchId: replay.watcher.id, canceled: true, compactRevision: model.compactRevision, events: [] },
          ]);
        } else {
          expect(responseEvents(replay.responses)).toEqual(model.events.filter((e) => e.revision >= startRevision));
        }
      }),
      PROPERTY_RUNS,
    );
  });

  it('agrees on a hand-picked sequence that covers every branch', () => {
    // A hand-picked sequence that hits every branch: duplicate txn, failed and succeeded txn,
    // compaction errors, and reads across a compaction.
    const ops: Op[] = [
      { kind: 'put', key: '/a/x', value: '1' },
      { kind: 'txn', compareKey: '/a/x', modRevision: 2, success: [{ kind: 'put', key: '/b', value: '1' }, { kind: 'delete', key: '/a', prefix: true }], failure: [] },
      { kind: 'txn', compareKey: '/a/x', modRevision: 2, success: [{ kind: 'put', key: '/c', value: '1' }], failure: [] },
      { kind: 'txn', compareKey: '/c', modRevision: 0, success: [{ kind: 'put', key: '/c', value: '1' }, { kind: 'put', key: '/c', value: '2' }], failure: [] },
      { kind: 'compact', back: 0 },
      { kind: 'compact', back: 0 },
      { kind: 'compact', back: -1 },
      { kind: 'put', key: '/c', value: '2' },
    ];
    const { client, model, everything } = run(ops);
    expect(model.revision).toBe(4);
    expect(model.compactRevision).toBe(3);
    expect(responseEvents(everything.responses).map((e) => e.revision)).toEqual([2, 3, 3, 4]);
    checkReads(client, model, '\0', '\0', 0);
    expect(() => client.range({ key: '/a', revision: 2 })).toThrow(EtcdError);
  });
});
