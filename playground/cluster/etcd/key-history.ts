/**
 * How the MVCC store keeps one key's versions (KeyEntry): the one version of a key written once,
 * the list of them from a key's second version on, and how a version at a revision is found.
 */
import type { KeyValue } from './types';

/**
 * KeyHistory lists one key's versions in revision order, each at its kv.modRevision; the last one
 * is the key's value now, unless it is a tombstone (a deletion is kept as its DELETE event's kv,
 * version 0): the list alone, no object around it holding the current value as well (one object
 * less kept per updated key, every pod).
 */
export type KeyHistory = KeyValue[];

/**
 * KeyEntry is what the store keeps for a key: its one version itself while it has only that one
 * (live: a deletion always makes a KeyHistory), its KeyHistory from its second version on. Most
 * keys are written once (every Event, 3.55 a pod): no history list is made, nor kept for the
 * garbage collector to walk, for them; a pod's first update makes its history.
 */
export type KeyEntry = KeyValue | KeyHistory;

/** historyOf tells a KeyHistory entry from a single version (a list has no `key`; Array.isArray is a native call in QuickJS). */
export function historyOf(entry: KeyEntry): KeyHistory | undefined {
  return (entry as KeyValue).key === undefined ? (entry as KeyHistory) : undefined;
}

/** currentOf is the value a KeyHistory holds now: its last version, or undefined when that is a tombstone. */
export function currentOf(history: KeyHistory): KeyValue | undefined {
  const last = history[history.length - 1];
  return last.version === 0 ? undefined : last;
}

/** isTombstone tells a deletion entry of a KeyHistory (live values have version >= 1). */
export function isTombstone(kv: KeyValue): boolean {
  return kv.version === 0;
}

/** upperBoundRevision returns the first index in `kvs` whose modRevision is > revision. */
export function upperBoundRevision(kvs: readonly KeyValue[], revision: number): number {
  let lo = 0;
  let hi = kvs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (kvs[mid].modRevision <= revision) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
