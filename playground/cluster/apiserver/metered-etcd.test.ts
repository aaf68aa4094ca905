import { describe, expect, it } from 'vitest';
import type { EtcdClient, TxnRequest, TxnResponse } from '../etcd/types';
import { Latency } from '../sim/latency';
import { meterEtcd } from './metered-etcd';

function metered() {
  const seen: TxnRequest[] = [];
  const answer = { header: { revision: 1 }, succeeded: true, responses: [] } as unknown as TxnResponse;
  const inner = { txn: (req: TxnRequest) => (seen.push(req), answer) } as unknown as EtcdClient;
  const meter = { elapsedMs: 0 };
  return { etcd: meterEtcd(inner, meter), meter, seen, answer };
}

const range = { requestRange: { key: 'k' } } as never;
const put = { requestPut: { key: 'k', value: 'v' } } as never;
const del = { requestDeleteRange: { key: 'k' } } as never;

describe('meterEtcd txn', () => {
  it('bills a txn of reads only as one read, and passes the request and answer through', () => {
    const { etcd, meter, seen, answer } = metered();
    const req: TxnRequest = { compare: [], success: [range], failure: [range] };
    expect(etcd.txn(req)).toBe(answer);
    expect(seen).toEqual([req]);
    expect(meter.elapsedMs).toBe(Latency.etcdRead);
  });

  it('bills a txn that may put or delete in either branch as a write', () => {
    for (const [success, failure] of [[[range, put], []], [[], [range, del]], [[del], [put]]] as never[][]) {
      const { etcd, meter } = metered();
      etcd.txn({ compare: [], success, failure });
      expect(meter.elapsedMs).toBe(Latency.etcdWrite);
    }
  });

  it('bills an empty txn as a read and adds up successive calls', () => {
    const { etcd, meter } = metered();
    etcd.txn({ compare: [], success: [], failure: [] });
    etcd.txn({ compare: [], success: [put], failure: [] });
    expect(meter.elapsedMs).toBe(Latency.etcdRead + Latency.etcdWrite);
  });
});
