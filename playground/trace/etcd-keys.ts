/**
 * The etcd table under a step: every key the run left in etcd with its revisions, plus the keys
 * the run deleted, and for each key the operations kube-apiserver sent for it. Revisions are the
 * lesson here (resourceVersion is the mod revision), so rows keep etcd's own numbers.
 */
import type { EtcdEntry, TraceEntry } from '../cluster/sim/trace';
import type { EtcdKeyValue } from '../sandbox/protocol';

export type { EtcdKeyValue };

/** EtcdKeyOperation is one write (or delete) of a key seen in the trace. */
export interface EtcdKeyOperation {
  t: number;
  op: EtcdEntry['op'];
  revision: number;
}

/** EtcdKeyRow is one row of the table. */
export interface EtcdKeyRow {
  key: string;
  /** Kubernetes resource prefix (`pods`, `minions` for nodes), namespace and name, from the key layout. */
  resource: string;
  namespace?: string;
  name: string;
  /** Absent for keys the run deleted. */
  current?: EtcdKeyValue;
  deleted: boolean;
  /** Writes and deletes of this key during the run, oldest first. */
  history: EtcdKeyOperation[];
}

const WRITE_OPS = new Set<EtcdEntry['op']>(['put', 'delete', 'txn']);

/**
 * parseRegistryKey splits `/registry/pods/default/nginx` into its parts. Two-part prefixes
 * (`services/specs`) are recognised by having one segment too many for a namespaced key.
 */
export function parseRegistryKey(key: string): { resource: string; namespace?: string; name: string } {
  const segments = key.replace(/^\/registry\//, '').split('/');
  if (!key.startsWith('/registry/') || segments.length < 2) return { resource: '', name: key };
  const twoPartPrefix = segments[0] === 'services' || segments[0].includes('.');
  const prefixLength = twoPartPrefix && segments.length >= 3 ? 2 : 1;
  const resource = segments.slice(0, prefixLength).join('/');
  const rest = segments.slice(prefixLength);
  if (rest.length >= 2) return { resource, namespace: rest[0], name: rest.slice(1).join('/') };
  return { resource, name: rest.join('/') };
}

/** etcdKeyRows joins the final keyspace with the trace's writes; rows sorted by key. */
export function etcdKeyRows(keys: readonly EtcdKeyValue[], trace: readonly TraceEntry[] = []): EtcdKeyRow[] {
  const historyByKey = new Map<string, EtcdKeyOperation[]>();
  for (const entry of trace) {
    if (entry.kind !== 'etcd' || !WRITE_OPS.has(entry.op) || !entry.key) continue;
    const history = historyByKey.get(entry.key) ?? [];
    history.push({ t: entry.t, op: entry.op, revision: entry.revision });
    historyByKey.set(entry.key, history);
  }
  const rows = new Map<string, EtcdKeyRow>();
  for (const current of keys) {
    rows.set(current.key, { key: current.key, ...parseRegistryKey(current.key), current, deleted: false, history: historyByKey.get(current.key) ?? [] });
  }
  for (const [key, history] of historyByKey) {
    if (rows.has(key) || history[history.length - 1].op !== 'delete') continue;
    rows.set(key, { key, ...parseRegistryKey(key), deleted: true, history });
  }
  return [...rows.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** changedKeys counts rows the run wrote or deleted, for the table's caption. */
export function changedKeys(rows: readonly EtcdKeyRow[]): number {
  return rows.filter((row) => row.history.length > 0).length;
}
