import { describe, expect, it } from 'vitest';
import { newTestEtcd } from './test-support';
import { EtcdError } from './types';
import type { Compare } from './types';

function caught(call: () => unknown): EtcdError {
  try {
    call();
  } catch (err) {
    return err as EtcdError;
  }
  throw new Error('expected the call to throw');
}

describe('txn', () => {
  it('creates only when absent, the way kube-apiserver does (mod_revision == 0)', () => {
    const { client } = newTestEtcd();
    const create = () =>
      client.txn({
        compare: [{ target: 'MOD', result: 'EQUAL', key: '/registry/pods/default/a', value: 0 }],
        success: [{ requestPut: { key: '/registry/pods/default/a', value: '{}' } }],
        failure: [],
      });
    expect(create()).toEqual({ header: { revision: 2 }, succeeded: true, responses: [{ responsePut: { header: { revision: 2 } } }] });
    // The second create fails, runs nothing, and does not raise the revision.
    expect(create()).toEqual({ header: { revision: 2 }, succeeded: false, responses: [] });
  });

  it('answers a one-put txn with its prevKv, rejects an unknown lease before writing, and keeps a NaN MOD compare as compareHolds decides it', () => {
    const { client } = newTestEtcd();
    client.put({ key: '/k', value: 'v1' }); // 2
    const res = client.txn({
      compare: [{ target: 'MOD', result: 'EQUAL', key: '/k', value: 2 }],
      success: [{ requestPut: { key: '/k', value: 'v2', prevKv: true } }],
      failure: [],
    });
    expect(res).toEqual({
      header: { revision: 3 },
      succeeded: true,
      responses: [{ responsePut: { header: { revision: 3 }, prevKv: { key: '/k', value: 'v1', createRevision: 2, modRevision: 2, version: 1, lease: 0 } } }],
    });
    const unknownLease = caught(() => client.txn({ compare: [], success: [{ requestPut: { key: '/k', value: 'v3', lease: 12345 } }], failure: [] }));
    expect(unknownLease.message).toBe('etcdserver: requested lease not found');
    expect(client.range({ key: '/k' }).kvs[0].value).toBe('v2');
    expect(client.range({ key: '/k' }).header.revision).toBe(3);
    // NaN is neither less nor greater than the mod revision: EQUAL holds, as in compareHolds.
    const nan = client.txn({ compare: [{ target: 'MOD', result: 'EQUAL', key: '/k', value: Number.NaN }], success: [{ requestPut: { key: '/k', value: 'v3' } }], failure: [] });
    expect(nan.succeeded).toBe(true);
    // A missing key compares as mod revision 0.
    const missing = client.txn({ compare: [{ target: 'MOD', result: 'EQUAL', key: '/none', value: 1 }], success: [], failure: [{ requestPut: { key: '/none', value: 'x' } }] });
    expect(missing.succeeded).toBe(false);
    expect(missing.responses).toEqual([{ responsePut: { header: { revision: 5 } } }]);
  });

  it('updates with a MOD guard and gets the current value back on conflict', () => {
    const { client } = newTestEtcd();
    client.put({ key: '/k', value: 'v1' }); // 2
    client.put({ key: '/k', value: 'v2' }); // 3
    client.put({ key: '/other', value: 'o' }); // 4
    const res = client.txn({
      compare: [{ target: 'MOD', result: 'EQUAL', key: '/k', value: 2 }],
      success: [{ requestPut: { key: '/k', value: 'stale write' } }],
      failure: [{ requestRange: { key: '/k' } }],
    });
    expect(res.succeeded).toBe(false);
    expect(res.header.revision).toBe(4);
    expect(res.responses).toEqual([
      {
        responseRange: {
          header: { revision: 4 },
          kvs: [{ key: '/k', value: 'v2', createRevision: 2, modRevision: 3, version: 2, lease: 0 }],
          more: false,
          count: 1,
        },
      },
    ]);
  });

  it('puts several keys in one revision; each response header shows the revision as of that op', () => {
    const { client } = newTestEtcd();
    client.put({ key: '/gone', value: 'x' }); // 2
    const res = client.txn({
      compare: [],
      success: [
        { requestRange: { key: '/a' } },
        { requestDeleteRange: { key: '/absent' } },
        { requestPut: { key: '/a', value: '1' } },
        { requestPut: { key: '/b', value: '2', prevKv: true } },
        { requestRange: { key: '/a' } },
        { requestDeleteRange: { key: '/gone', prevKv: true } },
      ],
      failure: [],
    });
    expect(res.succeeded).toBe(true);
    expect(res.header.revision).toBe(3);
    const revisions = res.responses.map((r) => ('responseRange' in r ? r.responseRange : 'responsePut' in r ? r.responsePut : r.responseDeleteRange).header.revision);
    expect(revisions).toEqual([2, 2, 3, 3, 3, 3]);
    // A range later in the txn sees the txn's own put.
    const read = res.responses[4] as { responseRange: { kvs: { modRevision: number; value: string }[] } };
    expect(read.responseRange.kvs.map((kv) => [kv.value, kv.modRevision])).toEqual([['1', 3]]);
    expect(client.range({ key: '/b' }).kvs[0].modRevision).toBe(3);
    expect((res.responses[5] as { responseDeleteRange: { deleted: number } }).responseDeleteRange.deleted).toBe(1);
  });

  it('does not raise the revision for a read-only txn or one whose deletes found nothing', () => {
    const { client } = newTestEtcd();
    client.put({ key: '/a', value: '1' });
    client.txn({ compare: [], success: [{ requestRange: { key: '/a' } }], failure: [] });
    client.txn({ compare: [], success: [{ requestDeleteRange: { key: '/absent' } }], failure: [] });
    expect(client.status().revision).toBe(2);
  });

  it('compares missing keys as 0, and a VALUE compare on a missing key always fails', () => {
    const { client } = newTestEtcd();
    const holds = (compare: Compare) => client.txn({ compare: [compare], success: [], failure: [] }).succeeded;
    expect(holds({ target: 'VERSION', result: 'EQUAL', key: '/missing', value: 0 })).toBe(true);
    expect(holds({ target: 'CREATE', result: 'EQUAL', key: '/missing', value: 0 })).toBe(true);
    expect(holds({ target: 'LEASE', result: 'EQUAL', key: '/missing', value: 0 })).toBe(true);
    expect(holds({ target: 'MOD', result: 'LESS', key: '/missing', value: 1 })).toBe(true);
    expect(holds({ target: 'VALUE', result: 'EQUAL', key: '/missing', value: '' })).toBe(false);
    expect(holds({ target: 'VALUE', result: 'NOT_EQUAL', key: '/missing', value: 'x' })).toBe(false);
  });

  it('evaluates every target and result on an existing key, ANDing the compares', () => {
    const { client } = newTestEtcd();
    const lease = client.leaseGrant(60).id;
    client.put({ key: '/k', value: 'mid' }); // 2
    client.put({ key: '/k', value: 'mid', lease }); // 3: version 2
    const holds = (...compare: Compare[]) => client.txn({ compare, success: [], failure: [] }).succeeded;
    expect(holds({ target: 'VERSION', result: 'EQUAL', key: '/k', value: 2 })).toBe(true);
    expect(holds({ target: 'VERSION', result: 'GREATER', key: '/k', value: 1 })).toBe(true);
    expect(holds({ target: 'CREATE', result: 'EQUAL', key: '/k', value: 2 })).toBe(true);
    expect(holds({ target: 'MOD', result: 'NOT_EQUAL', key: '/k', value: 2 })).toBe(true);
    expect(holds({ target: 'MOD', result: 'LESS', key: '/k', value: 3 })).toBe(false);
    expect(holds({ target: 'LEASE', result: 'EQUAL', key: '/k', value: lease })).toBe(true);
    expect(holds({ target: 'VALUE', result: 'GREATER', key: '/k', value: 'abc' })).toBe(true);
    expect(holds({ target: 'VALUE', result: 'LESS', key: '/k', value: 'zzz' })).toBe(true);
    expect(holds({ target: 'VALUE', result: 'EQUAL', key: '/k', value: 'mid' })).toBe(true);
    expect(
      holds({ target: 'VALUE', result: 'EQUAL', key: '/k', value: 'mid' }, { target: 'VERSION', result: 'EQUAL', key: '/k', value: 9 }),
    ).toBe(false);
  });

  it('refuses a branch that puts the same key twice, or puts inside its own delete range', () => {
    const { client } = newTestEtcd();
    const twice = caught(() =>
      client.txn({ compare: [], success: [{ requestPut: { key: '/a', value: '1' } }, { requestPut: { key: '/a', value: '2' } }], failure: [] }),
    );
    expect(twice).toBeInstanceOf(EtcdError);
    expect([twice.message, twice.code]).toEqual(['etcdserver: duplicate key given in txn request', 3]);
    // etcd checks both branches, even the one that would not run.
    const inFailure = caught(() =>
      client.txn({
        compare: [],
        success: [],
        failure: [{ requestDeleteRange: { key: '/p/', rangeEnd: '/p0' } }, { requestPut: { key: '/p/x', value: '1' } }],
      }),
    );
    expect(inFailure.message).toBe('etcdserver: duplicate key given in txn request');
    expect(client.status().revision).toBe(1);
  });

  it('checks leases and read revisions of the chosen branch before writing anything', () => {
    const { client } = newTestEtcd();
    const err = caught(() =>
      client.txn({ compare: [], success: [{ requestPut: { key: '/a', value: '1' } }, { requestPut: { key: '/b', value: '1', lease: 77 } }], failure: [] }),
    );
    expect([err.message, err.code]).toEqual(['etcdserver: requested lease not found', 5]);
    expect(client.range({ key: '/a' }).count).toBe(0);
    const future = caught(() =>
      client.txn({ compare: [], success: [{ requestPut: { key: '/a', value: '1' } }, { requestRange: { key: '/a', revision: 2 } }], failure: [] }),
    );
    expect([future.message, future.code]).toEqual(['etcdserver: mvcc: required revision is a future revision', 11]);
    expect(client.status().revision).toBe(1);
  });

  it('refuses more ops than --max-txn-ops and malformed compares', () => {
    const { client } = newTestEtcd({ maxTxnOps: 2 });
    const ops = ['/a', '/b', '/c'].map((key) => ({ requestPut: { key, value: '' } }));
    expect(caught(() => client.txn({ compare: [], success: ops, failure: [] })).message).toBe('etcdserver: too many operations in txn request');
    const bad = caught(() => client.txn({ compare: [{ target: 'MOD', result: 'EQUAL', key: '/a', value: '3' }], success: [], failure: [] }));
    expect(bad.message).toBe('etcd txn: a MOD compare on "/a" needs a number value, got "3"');
    const target = caught(() => client.txn({ compare: [{ target: 'MODE', result: 'EQUAL', key: '/a', value: 3 } as never], success: [], failure: [] }));
    expect(target.message).toBe('etcd txn: compare target "MODE" is not one of VERSION, CREATE, MOD, VALUE, LEASE');
    const result = caught(() => client.txn({ compare: [{ target: 'MOD', result: 'LESS_EQUAL', key: '/a', value: 3 } as never], success: [], failure: [] }));
    expect(result.message).toBe('etcd txn: compare result "LESS_EQUAL" is not one of EQUAL, NOT_EQUAL, GREATER, LESS');
  });

  it('checks ops of both branches one by one, whatever their length', () => {
    const { client } = newTestEtcd();
    const noKind = caught(() => client.txn({ compare: [], success: [], failure: [{ requestLease: {} } as never] }));
    expect(noKind.message).toBe('etcd txn: op needs requestPut, requestRange or requestDeleteRange');
    const emptyPutKey = caught(() => client.txn({ compare: [], success: [{ requestPut: { key: '', value: '1' } }], failure: [] }));
    expect([emptyPutKey.message, emptyPutKey.code]).toEqual(['etcdserver: key is not provided', 3]);
    const emptyCompareKey = caught(() => client.txn({ compare: [{ target: 'MOD', result: 'EQUAL', key: '', value: 0 }], success: [], failure: [] }));
    expect([emptyCompareKey.message, emptyCompareKey.code]).toEqual(['etcdserver: key is not provided', 3]);
    const nullOp = caught(() => client.txn({ compare: [], success: [null as never], failure: [] }));
    expect(nullOp.message).toBe('etcd txn: every op must be an object');
    const emptyDeleteKey = caught(() => client.txn({ compare: [], success: [{ requestDeleteRange: { key: '' } }], failure: [] }));
    expect([emptyDeleteKey.message, emptyDeleteKey.code]).toEqual(['etcdserver: key is not provided', 3]);
    const notObject = caught(() => client.txn({ compare: [], success: [{ requestPut: { key: '/a', value: '1' } }, null as never], failure: [] }));
    expect(notObject.message).toBe('etcd txn: every op must be an object');
    // A single delete, and a put beside a delete of another range, are fine.
    client.put({ key: '/d', value: 'x' });
    const res = client.txn({
      compare: [],
      success: [{ requestDeleteRange: { key: '/d' } }, { requestPut: { key: '/e', value: '1' } }],
      failure: [{ requestDeleteRange: { key: '/d' } }],
    });
    expect(res.succeeded).toBe(true);
    expect(client.range({ key: '/d' }).count).toBe(0);
    expect(client.range({ key: '/e' }).kvs[0].value).toBe('1');
  });

  it("refuses an etcdctl txn whose op is not shaped as a request with etcd's InvalidArgument, traced or not, and writes nothing", () => {
    for (const traced of [true, false]) {
      const { server, trace } = newTestEtcd();
      trace.enabled = traced;
      // etcdctl's client: the one a reader's step code holds (cluster.etcd), with every check.
      const etcdctl = server.client('etcdctl');
      const bad: [unknown, string][] = [
        [5, 'etcd txn: every op must be an object'],
        [{}, 'etcd txn: op needs requestPut, requestRange or requestDeleteRange'],
        [{ requestPut: null }, 'etcd txn: requestPut must be an object'],
        [{ requestRange: 'x' }, 'etcd txn: requestRange must be an object'],
        [{ requestDeleteRange: null }, 'etcd txn: requestDeleteRange must be an object'],
      ];
      for (const [op, message] of bad) {
        const error = caught(() => etcdctl.txn({ compare: [], success: [op as never], failure: [] }));
        expect([error instanceof EtcdError, error.message, error.code]).toEqual([true, message, 3]);
        // In a branch of several ops too.
        const inBranch = caught(() => etcdctl.txn({ compare: [], success: [{ requestPut: { key: '/a', value: '1' } }, op as never], failure: [] }));
        expect(inBranch.message).toBe(message);
      }
      expect(server.revision).toBe(1);
      if (traced) expect(trace.entries.filter((e) => e.kind === 'etcd').map((e) => (e as { detail: string }).detail)).toContain('error: etcd txn: requestPut must be an object');
    }
  });
});
