/**
 * The MVCC keyspace: the current value of every key, each key's history of revisions, and a log
 * of the events each write revision produced (which watches replay). This is etcd's mvcc package
 * in miniature: one cluster revision, raised by 1 per write request; per-key create/mod revision
 * and version; reads at past revisions until compaction drops them.
 */
import { EtcdError, GrpcCode } from './types';
import type { KeyValue, RangeRequest, RangeResponse } from './types';
import { SortedKeys } from './sorted-keys';
import { freezeGuardOn, freezeGuarded } from '../sim/freeze';
import { WriteTxn } from './write-txn';
import { createdEvent, isCreatedKv, isKvEntry, replacedEvent, type LogEntry } from './log-entry';
import { currentOf, historyOf, isTombstone, upperBoundRevision, type KeyEntry, type KeyHistory } from './key-history';

/** StoredEvent is one change inside a write revision; a DELETE's kv holds only key and modRevision. */
export interface StoredEvent {
  type: 'PUT' | 'DELETE';
  kv: KeyValue;
  prevKv?: KeyValue;
}

/** EventBatch is every change one write revision made, in the order the request made them. */
export interface EventBatch {
  revision: number;
  events: StoredEvent[];
}

/** ErrFutureRevision is etcd 3.4's error text for a read, watch or compaction past the current revision. */
export const ErrFutureRevision = 'etcdserver: mvcc: required revision is a future revision';
/** ErrCompacted is etcd 3.4's error text for a revision below the latest compaction. */
export const ErrCompacted = 'etcdserver: mvcc: required revision has been compacted';

/** MvccStore is the multi-version keyspace. Writes go through beginWrite(); reads through range(). */
export class MvccStore {
  /** revision is the cluster revision: 1 for a fresh cluster, +1 per write request that changed something. */
  revision = 1;
  /** compactRevision is the latest compaction point (0: never compacted). */
  compactRevision = 0;
  /** Number of keys that exist now (those whose history has a current value). */
  private liveKeyCount = 0;
  private readonly liveKeys = new SortedKeys();
  /** Every key with history (live or deleted but not yet compacted away): its entry (see KeyEntry). */
  private readonly histories = new Map<string, KeyEntry>();
  private readonly historyKeys = new SortedKeys();
  /**
   * Event log ordered by revision: logBatches[i] is revision logStart + i's LogEntry (nearly every
   * write makes one event, and the log keeps every write: no list of one per write, and no event
   * object per put of one key, see LogEntry). Every write that changes something raises the
   * revision by exactly one and is logged, and compaction drops a prefix, so the log's revisions
   * have no gaps: a number for the first one places them all, with no list of revisions to keep.
   */
  private logBatches: LogEntry[] = [];
  /** The revision of logBatches[0]; with an empty log, the revision the next write will make. */
  private logStart = this.revision + 1;
  private writing = false;
  /** The one write transaction, reused by every write (there is never more than one open). */
  private readonly writer = new WriteTxn(this);
  /**
   * The last key looked up in `histories` and what was found (undefined: no history). A write
   * reads its key several times (the API server's read, the txn's compare, the put itself);
   * comparing with the last key is cheaper than hashing it into a map of every key again.
   */
  private lastKey: string | undefined;
  /** The entry of lastKey; every write that replaces an entry in `histories` replaces it here too. */
  private lastEntry: KeyEntry | undefined;

  /** get returns the current KeyValue of `key`, or undefined when it does not exist. */
  get(key: string): KeyValue | undefined {
    const entry = this.entryIfAny(key);
    // Written out rather than through historyOf: every read and write of a key passes here.
    if (entry === undefined) return undefined;
    if ((entry as KeyValue).key !== undefined) return entry as KeyValue;
    // currentOf, written out: every read and write of an updated key (every pod) passes here.
    const last = (entry as KeyHistory)[(entry as KeyHistory).length - 1];
    return last.version === 0 ? undefined : last;
  }

  /** entryIfAny returns the entry of `key` (undefined for a key never seen or compacted away). */
  private entryIfAny(key: string): KeyEntry | undefined {
    if (key === this.lastKey) return this.lastEntry;
    const entry = this.histories.get(key);
    this.lastKey = key;
    this.lastEntry = entry;
    return entry;
  }

  /**
   * historyFor returns the KeyHistory of `key`, which has an entry, making one of its single version
   * when it has none yet (a deletion is about to be added).
   */
  private historyFor(key: string): KeyHistory {
    const entry = this.entryIfAny(key)!;
    const history = historyOf(entry);
    if (history !== undefined) return history;
    const made: KeyHistory = [entry as KeyValue];
    this.histories.set(key, made);
    // entryIfAny has just made `key` the last key looked up.
    this.lastEntry = made;
    return made;
  }

  /** liveCount is the number of keys that currently exist. */
  get liveCount(): number {
    return this.liveKeyCount;
  }

  /** currentKvs returns the current KeyValues in [key, rangeEnd), sorted by key. */
  currentKvs(key = '\0', rangeEnd: string | undefined = '\0'): KeyValue[] {
    const out: KeyValue[] = [];
    this.liveKeys.forEachInRange(key, rangeEnd, (k) => {
      out.push(this.get(k)!);
    });
    return out;
  }

  /** checkReadRevision throws etcd's error for a revision that is in the future or compacted. */
  checkReadRevision(revision: number, currentRevision = this.revision): void {
    if (revision > currentRevision) throw new EtcdError(ErrFutureRevision, GrpcCode.OutOfRange);
    if (revision > 0 && revision < this.compactRevision) throw new EtcdError(ErrCompacted, GrpcCode.OutOfRange);
  }

  /**
   * range reads [key, rangeEnd) at the request's revision (0: current). `currentRevision` is the
   * revision the reader sees, which inside a write txn already counts that txn's own writes.
   */
  range(req: RangeRequest, currentRevision = this.revision): RangeResponse {
    const atRevision = req.revision && req.revision > 0 ? req.revision : 0;
    // Revision 0 (now: nearly every read) is neither in the future nor compacted.
    if (atRevision !== 0) this.checkReadRevision(atRevision, currentRevision);
    if ((req.rangeEnd === undefined || req.rangeEnd === '') && (atRevision === 0 || atRevision >= currentRevision)) {
      // One key now (the API server's GETs, deletes and updates its watch cache cannot start): one map lookup answers it.
      // At most one key, so never `more`, whatever the limit.
      const kv = this.get(req.key);
      const kvs = kv === undefined || req.countOnly ? [] : [req.keysOnly ? { ...kv, value: '' } : kv];
      return { header: { revision: currentRevision }, kvs, more: false, count: kv === undefined ? 0 : 1 };
    }
    const limit = req.limit && req.limit > 0 ? req.limit : 0;
    const kvs: KeyValue[] = [];
    let count = 0;
    const collect = (kv: KeyValue): void => {
      count++;
      if (req.countOnly || (limit > 0 && kvs.length >= limit)) return;
      kvs.push(req.keysOnly ? { ...kv, value: '' } : kv);
    };
    if (atRevision === 0 || atRevision >= currentRevision) {
      if (req.countOnly) {
        count = this.liveKeys.countInRange(req.key, req.rangeEnd);
      } else if (limit > 0 && !req.keysOnly) {
        // Count cheaply, then materialise only the first `limit` keys.
        count = this.liveKeys.countInRange(req.key, req.rangeEnd);
        this.liveKeys.forEachInRange(req.key, req.rangeEnd, (k) => {
          kvs.push(this.get(k)!);
          return kvs.length < limit;
        });
      } else {
        this.liveKeys.forEachInRange(req.key, req.rangeEnd, (k) => collect(this.get(k)!));
      }
    } else {
      this.historyKeys.forEachInRange(req.key, req.rangeEnd, (k) => {
        const kv = this.valueAt(k, atRevision);
        if (kv) collect(kv);
      });
    }
    const more = !req.countOnly && limit > 0 && count > kvs.length;
    return { header: { revision: currentRevision }, kvs, more, count };
  }

  /** valueAt returns the KeyValue `key` had at `revision`, or undefined if it did not exist then. */
  valueAt(key: string, revision: number): KeyValue | undefined {
    const entry = this.entryIfAny(key);
    if (entry === undefined) return undefined;
    // A single version: live from its revision on. (Tested inline: a list at a revision reads every key here.)
    if ((entry as KeyValue).key !== undefined) return (entry as KeyValue).modRevision <= revision ? (entry as KeyValue) : undefined;
    const history = entry as KeyHistory;
    // Index of the last change at or before `revision`.
    const index = upperBoundRevision(history, revision) - 1;
    if (index < 0) return undefined;
    const kv = history[index];
    return isTombstone(kv) ? undefined : kv;
  }

  /** beginWrite opens the one write transaction; everything it changes shares one revision. */
  beginWrite(): WriteTxn {
    if (this.writing) throw new Error('MvccStore: a write transaction is already open');
    this.writing = true;
    return this.writer.open(this.revision);
  }

  /**
   * putOne is a whole write of one put, as beginWrite(), put() and end() make it (the revision
   * raised by one, the change logged), without the write transaction's bookkeeping: the API
   * server's creates and updates. Returns the event of a value it replaced, or the KeyValue of a
   * key it created (see isCreatedKv), for which no event is made. The log keeps the KeyValue
   * either way (see LogEntry): the event is for the watchers of this write alone.
   */
  putOne(key: string, value: string, lease: number): StoredEvent | KeyValue {
    if (this.writing) throw new Error('MvccStore: a write transaction is already open');
    const revision = this.revision + 1;
    const written = this.writeKey(key, value, lease, revision);
    this.revision = revision;
    // isCreatedKv's test written out: every write passes here.
    this.logBatches.push((written as StoredEvent).type === undefined ? (written as KeyValue) : (written as StoredEvent).kv);
    return written;
  }

  /** batchesFrom returns the event batches with revision >= `startRevision`, oldest first. */
  batchesFrom(startRevision: number): EventBatch[] {
    const out: EventBatch[] = [];
    // Rounded up: a fractional start (etcdctl's --rev and reader code pass numbers as given) means
    // the first whole revision after it, and must not make a fractional index.
    for (let i = Math.max(Math.ceil(startRevision) - this.logStart, 0); i < this.logBatches.length; i++) {
      out.push({ revision: this.logStart + i, events: this.eventsOf(this.logBatches[i]) });
    }
    return out;
  }

  /** eventsOf is a log entry's events (see LogEntry): a KeyValue stands for the PUT that wrote it. */
  private eventsOf(entry: LogEntry): StoredEvent[] {
    if (Array.isArray(entry)) return entry;
    if (!isKvEntry(entry)) return [entry];
    // Version 1: the put created its key (anew after a deletion too), and has no previous value.
    return [entry.version === 1 ? createdEvent(entry) : replacedEvent(entry, this.previousVersion(entry))];
  }

  /**
   * previousVersion is the version a logged put of an existing key replaced: the one before it
   * in the key's history. Compaction keeps it for every put it keeps in the log (each key keeps
   * its last version at or before the compaction revision, and everything after it), except the
   * put at the compaction revision itself, whose log entry compact() turns into its event first.
   */
  private previousVersion(kv: KeyValue): KeyValue {
    const history = this.entryIfAny(kv.key) as KeyHistory;
    return history[upperBoundRevision(history, kv.modRevision) - 2];
  }

  /**
   * compact drops history below `revision`: each key keeps the latest version at or before it (a
   * deleted key then disappears), and the event log keeps only revisions >= it.
   */
  compact(revision: number): void {
    if (revision <= this.compactRevision) throw new EtcdError(ErrCompacted, GrpcCode.OutOfRange);
    if (revision > this.revision) throw new EtcdError(ErrFutureRevision, GrpcCode.OutOfRange);
    this.compactRevision = revision;
    // The put at the compaction revision stays in the log, but the version it replaced leaves its
    // key's history (see previousVersion): the log keeps that put's event instead.
    const atCompaction = Math.ceil(revision) - this.logStart;
    const logged = atCompaction >= 0 && atCompaction < this.logBatches.length ? this.logBatches[atCompaction] : undefined;
    if (logged !== undefined && isKvEntry(logged) && logged.version !== 1) this.logBatches[atCompaction] = replacedEvent(logged, this.previousVersion(logged));
    // Histories may be dropped below: forget the remembered lookup.
    this.lastKey = undefined;
    this.lastEntry = undefined;
    for (const [key, entry] of this.histories) {
      // A single version is live: it stays, whatever the revision.
      const history = historyOf(entry);
      if (history === undefined) continue;
      const visible = upperBoundRevision(history, revision) - 1;
      if (visible < 0) continue;
      const drop = isTombstone(history[visible]) ? visible + 1 : visible;
      if (drop === 0) continue;
      history.splice(0, drop);
      if (history.length === 0) {
        this.histories.delete(key);
        this.historyKeys.remove(key);
      }
    }
    // Rounded up as in batchesFrom: logStart stays a whole revision whatever number compact is given.
    const firstKept = Math.min(Math.max(Math.ceil(revision) - this.logStart, 0), this.logBatches.length);
    this.logBatches = this.logBatches.slice(firstKept);
    this.logStart += firstKept;
  }

  /**
   * load replaces an empty store with `kvs` as of `revision`, with no history before it (as after
   * restoring a snapshot that kept only the current keyspace): reads below `revision` fail.
   */
  load(kvs: readonly KeyValue[], revision: number): void {
    if (this.revision !== 1 || this.histories.size > 0) throw new Error('MvccStore.load: the store is not empty');
    this.lastKey = undefined;
    this.lastEntry = undefined;
    for (const kv of kvs) {
      const frozen = freezeGuarded({ ...kv });
      if (!this.histories.has(kv.key)) this.liveKeyCount++;
      this.liveKeys.add(kv.key);
      this.histories.set(kv.key, frozen);
      this.historyKeys.add(kv.key);
    }
    this.revision = revision;
    this.compactRevision = revision;
    this.logStart = revision + 1;
  }

  /** applyPut records a put of `key` at `revision` and returns the event (used by WriteTxn). */
  applyPut(key: string, value: string, lease: number, revision: number): StoredEvent {
    const written = this.writeKey(key, value, lease, revision);
    return isCreatedKv(written) ? createdEvent(written) : written;
  }

  /**
   * writeKey puts `key`'s new KeyValue at `revision` into the keyspace and returns the PUT event of
   * a value it replaced, or the KeyValue of a key it created.
   */
  private writeKey(key: string, value: string, lease: number, revision: number): StoredEvent | KeyValue {
    // The txn's compare nearly always looked this key up just before: entryIfAny remembers it.
    const entry = this.entryIfAny(key);
    // The key's value now, as get() finds it (written out as there).
    let prev: KeyValue | undefined;
    if (entry !== undefined) {
      prev = (entry as KeyValue).key !== undefined ? (entry as KeyValue) : (entry as KeyHistory)[(entry as KeyHistory).length - 1];
      if (prev.version === 0) prev = undefined;
    }
    // Two paths, a key that exists and one that does not, rather than a test per field.
    // freezeGuarded, inline (the guard tested, not called): every write passes here twice.
    if (prev !== undefined) {
      const kv: KeyValue = { key, value, createRevision: prev.createRevision, modRevision: revision, version: prev.version + 1, lease };
      if (entry === prev) {
        // The key's second version: its history begins, with both.
        const made: KeyHistory = [prev, kv];
        this.histories.set(key, made);
        this.lastEntry = made;
      } else {
        (entry as KeyHistory).push(kv);
      }
      // Frozen like the KeyValues: watchers that want exactly this shape get this very object.
      const event: StoredEvent = { type: 'PUT', kv, prevKv: prev };
      if (freezeGuardOn) {
        Object.freeze(kv);
        Object.freeze(event);
      }
      return event;
    }
    const kv: KeyValue = { key, value, createRevision: revision, modRevision: revision, version: 1, lease };
    if (freezeGuardOn) Object.freeze(kv);
    if (entry === undefined) {
      // A key never seen (or compacted away): its entry is this version.
      this.histories.set(key, kv);
      this.historyKeys.add(key);
      this.lastEntry = kv;
    } else {
      // A deleted key (its entry is a history, see KeyEntry) comes back.
      (entry as KeyHistory).push(kv);
    }
    this.liveKeys.add(key);
    this.liveKeyCount++;
    return kv;
  }

  /** applyDelete removes every live key in [key, rangeEnd) at `revision`, in key order. */
  applyDelete(key: string, rangeEnd: string | undefined, revision: number): StoredEvent[] {
    const doomed: string[] = [];
    if (rangeEnd === undefined || rangeEnd === '') {
      // One key (lease expiry, the API server's deletes): its history says whether it is live.
      if (this.get(key) !== undefined) doomed.push(key);
    } else {
      this.liveKeys.forEachInRange(key, rangeEnd, (k) => {
        doomed.push(k);
      });
    }
    return doomed.map((k) => {
      const history = this.historyFor(k);
      const prev = currentOf(history)!;
      this.liveKeyCount--;
      this.liveKeys.remove(k);
      const kv: KeyValue = freezeGuarded({ key: k, value: '', createRevision: 0, modRevision: revision, version: 0, lease: 0 });
      history.push(kv);
      return freezeGuarded({ type: 'DELETE', kv, prevKv: prev } as StoredEvent);
    });
  }

  /** finishWrite closes the write txn; a txn that changed something becomes revision `revision`. */
  finishWrite(revision: number, events: StoredEvent[]): void {
    this.writing = false;
    if (events.length === 0) return;
    this.revision = revision;
    this.logBatches.push(events.length === 1 ? events[0] : events);
  }
}
