/**
 * MeteredEtcd wraps the API server's etcd client and adds up the modelled round-trip time of the
 * calls one request makes (Latency.etcdRead / etcdWrite), so the response leaves the server after
 * its storage work, as a real one does. The wrapped calls are unchanged.
 */
import type { EtcdClient, RequestOp, TxnRequest } from '../etcd/types';
import { Latency } from '../sim/latency';

/** writesAny tells whether a txn branch puts or deletes; every write request passes here, so a plain loop, no closure. */
function writesAny(ops: readonly RequestOp[]): boolean {
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i];
    if ('requestPut' in op || 'requestDeleteRange' in op) return true;
  }
  return false;
}

/** meterEtcd returns a client that bills every call to `meter.elapsedMs`. */
export function meterEtcd(etcd: EtcdClient, meter: { elapsedMs: number }): EtcdClient {
  const read = () => (meter.elapsedMs += Latency.etcdRead);
  const write = () => (meter.elapsedMs += Latency.etcdWrite);
  return {
    range: (req) => (read(), etcd.range(req)),
    readKey: (key) => (read(), etcd.readKey(key)),
    put: (req) => (write(), etcd.put(req)),
    deleteRange: (req) => (write(), etcd.deleteRange(req)),
    txn: (req: TxnRequest) => {
      // The API server's own txns put or delete first thing on success: that op answers without a
      // walk of either branch (a call and a loop on every write request).
      const first = req.success[0];
      const writes = (first !== undefined && ('requestPut' in first || 'requestDeleteRange' in first)) || writesAny(req.success) || writesAny(req.failure);
      meter.elapsedMs += writes ? Latency.etcdWrite : Latency.etcdRead;
      return etcd.txn(req);
    },
    // Its txn puts first thing on success: a write.
    putIfModRevision: (key, value, lease, modRevision, readOnFailure) => (write(), etcd.putIfModRevision(key, value, lease, modRevision, readOnFailure)),
    watch: (req, onResponse) => etcd.watch(req, onResponse),
    compact: (revision) => (write(), etcd.compact(revision)),
    leaseGrant: (ttl, id) => (write(), etcd.leaseGrant(ttl, id)),
    leaseRevoke: (id) => (write(), etcd.leaseRevoke(id)),
    leaseKeepAlive: (id) => (write(), etcd.leaseKeepAlive(id)),
    leaseTimeToLive: (id, keys) => (read(), etcd.leaseTimeToLive(id, keys)),
    leases: () => (read(), etcd.leases()),
    status: () => (read(), etcd.status()),
  };
}
