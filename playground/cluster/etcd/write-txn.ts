/**
 * The write side of the MVCC store: one write request (a put, a delete or a txn) in progress,
 * applying its changes at once and sharing one revision among them.
 */
import type { KeyValue, RangeRequest, RangeResponse } from './types';
import type { MvccStore, StoredEvent } from './store';

/** NO_EVENTS is the event list of a write that has changed nothing yet (never added to). */
const NO_EVENTS: StoredEvent[] = [];

/**
 * WriteTxn is one write request in progress (a put, a delete or a txn). Changes apply at once, so
 * later reads in the same txn see them, and all share revision beginRevision + 1; end() makes that
 * the cluster revision if anything changed. The store reuses one WriteTxn for every write: what a
 * finished write left (its events) stays readable until the next beginWrite().
 */
export class WriteTxn {
  /**
   * The changes so far, in order: a fresh list per write that changed something (the store's
   * event log keeps it), made with its first event so that it is no longer than it must be.
   */
  events: StoredEvent[] = NO_EVENTS;
  /** The cluster revision when the write began. */
  beginRevision = 0;
  private ended = true;

  constructor(private readonly store: MvccStore) {}

  /** open starts the next write at `beginRevision` (MvccStore.beginWrite's job). */
  open(beginRevision: number): this {
    this.beginRevision = beginRevision;
    this.events = NO_EVENTS;
    this.ended = false;
    return this;
  }

  /** revision is what a reader inside this txn sees: +1 once the txn has changed something. */
  get revision(): number {
    return this.events.length > 0 ? this.beginRevision + 1 : this.beginRevision;
  }

  /** put writes `key` and returns the previous KeyValue, if any. */
  put(key: string, value: string, lease: number): KeyValue | undefined {
    const event = this.store.applyPut(key, value, lease, this.beginRevision + 1);
    this.record(event);
    return event.prevKv;
  }

  /** deleteRange deletes the live keys in [key, rangeEnd) and returns their previous values. */
  deleteRange(key: string, rangeEnd: string | undefined): KeyValue[] {
    const events = this.store.applyDelete(key, rangeEnd, this.beginRevision + 1);
    for (const event of events) this.record(event);
    return events.map((e) => e.prevKv!);
  }

  private record(event: StoredEvent): void {
    if (this.events === NO_EVENTS) this.events = [event];
    else this.events.push(event);
  }

  /** range reads as of this point of the txn. */
  range(req: RangeRequest): RangeResponse {
    return this.store.range(req, this.revision);
  }

  /** end commits the txn and returns the resulting cluster revision. */
  end(): number {
    if (this.ended) throw new Error('WriteTxn.end() called twice');
    this.ended = true;
    this.store.finishWrite(this.beginRevision + 1, this.events);
    return this.store.revision;
  }
}
