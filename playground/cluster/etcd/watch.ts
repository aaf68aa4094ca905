/**
 * WatchHub runs etcd's Watch service over the MVCC store. A new watch first gets `created: true`,
 * then (with a past startRevision) the replayed history in batches, then one response per write
 * revision that touched its range. Everything is delivered through the event loop after
 * Latency.watchDelivery, never inside the write that caused it, and in revision order.
 */
import type { EventLoop } from '../sim/loop';
import { Latency } from '../sim/latency';
import { EtcdError, GrpcCode } from './types';
import type { KeyValue, WatchEvent, WatchRequest, WatchResponse } from './types';
import type { MvccStore, StoredEvent } from './store';
import { WatcherIndex } from './watcher-index';
import { createdEvent } from './log-entry';
import { inKeyRange } from './sorted-keys';
import { ErrEmptyKey } from './txn';

/** DEFAULT_WATCH_BATCH_MAX_REVS is etcd's watchBatchMaxRevs: revisions per replayed response. */
export const DEFAULT_WATCH_BATCH_MAX_REVS = 1000;

/** WatchState is one open watch as the hub tracks it. */
export interface WatchState {
  readonly id: number;
  readonly key: string;
  readonly rangeEnd?: string;
  readonly prevKv: boolean;
  /** Live events below this revision are not sent (they were replayed, or precede startRevision). */
  readonly minRevision: number;
  readonly onResponse: (res: WatchResponse) => void;
  canceled: boolean;
  /** Bookkeeping for dispatch(): the last dispatch that collected this watcher, and its slot there. */
  epoch: number;
  slot: number;
}

/**
 * Outbox is the responses due at one virtual time, delivered by one loop task in FIFO order:
 * parallel lists (watcher, response), so queuing a response allocates nothing of its own.
 */
interface Outbox {
  at: number;
  watches: WatchState[];
  responses: WatchResponse[];
  /** Indexes in `responses` after which their watch ends (the cancel after a compacted start). */
  finals: number[] | undefined;
}

/**
 * WatchHub owns every open watch and fans write revisions out to them. All responses go through
 * one FIFO outbox per delivery time, so a watcher always sees `created` before its events and
 * events in revision order, and a burst of writes costs one loop task rather than one per write.
 */
export class WatchHub {
  private readonly index = new WatcherIndex<WatchState>();
  private nextId = 0;
  private dispatchEpoch = 0;
  private outbox: Outbox | undefined;

  constructor(
    private readonly loop: EventLoop,
    private readonly store: MvccStore,
    private readonly batchMaxRevs = DEFAULT_WATCH_BATCH_MAX_REVS,
  ) {}

  /** openCount is the number of watches still receiving events. */
  get openCount(): number {
    return this.index.size;
  }

  /** open starts a watch and queues its `created` response (and replay, or compaction cancel). */
  open(req: WatchRequest, onResponse: (res: WatchResponse) => void): WatchState {
    if (!req || typeof req.key !== 'string' || req.key === '') throw new EtcdError(ErrEmptyKey, GrpcCode.InvalidArgument);
    if (typeof onResponse !== 'function') throw new TypeError('etcd watch: onResponse must be a function');
    const current = this.store.revision;
    const start = req.startRevision && req.startRevision > 0 ? req.startRevision : current + 1;
    const compacted = start < this.store.compactRevision;
    const watch: WatchState = {
      id: this.nextId++,
      key: req.key,
      rangeEnd: req.rangeEnd || undefined,
      prevKv: req.prevKv === true,
      minRevision: Math.max(start, current + 1),
      onResponse,
      canceled: false,
      epoch: 0,
      slot: 0,
    };
    const outbox = this.currentOutbox();
    outbox.watches.push(watch);
    outbox.responses.push({ header: { revision: current }, watchId: watch.id, created: true, events: [] });
    if (compacted) {
      // etcd's cancel for a compacted start revision carries no header revision.
      (outbox.finals ??= []).push(outbox.responses.length);
      outbox.watches.push(watch);
      outbox.responses.push({ header: { revision: 0 }, watchId: watch.id, canceled: true, compactRevision: this.store.compactRevision, events: [] });
      return watch;
    }
    if (start <= current) {
      for (const response of this.replayResponses(watch, start, current)) {
        outbox.watches.push(watch);
        outbox.responses.push(response);
      }
    }
    this.index.add(watch);
    return watch;
  }

  /** cancel stops a watch at once, including responses already queued for it. */
  cancel(watch: WatchState): void {
    watch.canceled = true;
    this.index.remove(watch);
  }

  /** dispatch queues one write revision's events for the watchers whose range they touch. */
  dispatch(revision: number, events: readonly StoredEvent[]): void {
    // One event (nearly every write): with no watchers the index simply matches none.
    if (events.length === 1) {
      this.dispatchOne(revision, events[0]);
      return;
    }
    if (this.index.size === 0) return;
    // Watchers and their events, in parallel arrays; `slot` on a watcher marks it as already
    // collected in this dispatch (cheaper than a Map on a path taken once per write).
    const epoch = ++this.dispatchEpoch;
    const watchers: WatchState[] = [];
    const eventLists: WatchEvent[][] = [];
    for (let e = 0; e < events.length; e++) {
      const event = events[e];
      const matched = this.index.matching(event.kv.key);
      for (let m = 0; m < matched.length; m++) {
        const watch = matched[m];
        if (watch.minRevision > revision) continue;
        if (watch.epoch !== epoch) {
          watch.epoch = epoch;
          watch.slot = watchers.length;
          watchers.push(watch);
          eventLists.push([]);
        }
        eventLists[watch.slot].push(toWatchEvent(event, watch.prevKv));
      }
    }
    if (watchers.length === 0) return;
    // Oldest watch first. Insertion sort: the list is nearly always one or two long, where
    // Array.prototype.sort's setup dominates.
    for (let i = 1; i < watchers.length; i++) {
      const watch = watchers[i];
      const events = eventLists[i];
      let j = i - 1;
      for (; j >= 0 && watchers[j].id > watch.id; j--) {
        watchers[j + 1] = watchers[j];
        eventLists[j + 1] = eventLists[j];
      }
      watchers[j + 1] = watch;
      eventLists[j + 1] = events;
    }
    const outbox = this.currentOutbox();
    for (let i = 0; i < watchers.length; i++) {
      const watch = watchers[i];
      outbox.watches.push(watch);
      outbox.responses.push({ header: { revision }, watchId: watch.id, events: eventLists[i] });
    }
  }

  /**
   * dispatchOne is dispatch() for a revision with a single event (nearly every write): each
   * matching watcher gets one response holding that event, oldest watch first (the index lists
   * watchers in the order they were added, which is id order: open adds each new watch), without
   * the per-watcher event lists a multi-event revision needs.
   */
  dispatchOne(revision: number, event: StoredEvent): void {
    const watchers = this.index.matching(event.kv.key);
    let outbox: Outbox | undefined;
    for (let i = 0; i < watchers.length; i++) {
      const watch = watchers[i];
      if (watch.minRevision > revision) continue;
      outbox ??= this.currentOutbox();
      outbox.watches.push(watch);
      outbox.responses.push({ header: { revision }, watchId: watch.id, events: [toWatchEvent(event, watch.prevKv)] });
    }
  }

  /**
   * dispatchCreated is dispatchOne for a revision whose one event is a PUT that created its key,
   * given its KeyValue: the event (createdEvent) is made only when some watcher matches the key,
   * and nobody watches most such keys (Events). dispatchOne asks the index again: its last answer
   * is remembered, and the lists it returns are only read.
   */
  dispatchCreated(revision: number, kv: KeyValue): void {
    if (this.index.matching(kv.key).length !== 0) this.dispatchOne(revision, createdEvent(kv));
  }

  /** currentOutbox returns the outbox due Latency.watchDelivery from now, scheduling it if new. */
  private currentOutbox(): Outbox {
    const at = this.loop.now() + Latency.watchDelivery;
    if (this.outbox && this.outbox.at === at) return this.outbox;
    const outbox: Outbox = { at, watches: [], responses: [], finals: undefined };
    this.outbox = outbox;
    // Nobody cancels a delivery: post queues it without a ScheduledTask object.
    this.loop.post(Latency.watchDelivery, 'etcd watch delivery', () => {
      if (this.outbox === outbox) this.outbox = undefined;
      // A throwing callback must not rob the other watchers of their events: deliver everything,
      // then rethrow the first error so it still surfaces.
      let failure: { error: unknown } | undefined;
      // Indexed with the live length, as for-of would read it, without an iterator per task.
      const watches = outbox.watches;
      const responses = outbox.responses;
      for (let i = 0; i < watches.length; i++) {
        const watch = watches[i];
        if (watch.canceled) continue;
        if (outbox.finals !== undefined && outbox.finals.includes(i)) watch.canceled = true;
        try {
          watch.onResponse(responses[i]);
        } catch (error) {
          failure ??= { error };
        }
      }
      if (failure) throw failure.error;
    }, undefined);
    return outbox;
  }

  /** replayResponses builds the catch-up responses for revisions [start, current], batched. */
  private replayResponses(watch: WatchState, start: number, current: number): WatchResponse[] {
    const responses: WatchResponse[] = [];
    let events: WatchEvent[] = [];
    let revisionsInBatch = 0;
    for (const batch of this.store.batchesFrom(start)) {
      let matched = false;
      for (const event of batch.events) {
        if (!inKeyRange(event.kv.key, watch.key, watch.rangeEnd)) continue;
        events.push(toWatchEvent(event, watch.prevKv));
        matched = true;
      }
      if (matched && ++revisionsInBatch === this.batchMaxRevs) {
        responses.push({ header: { revision: current }, watchId: watch.id, events });
        events = [];
        revisionsInBatch = 0;
      }
    }
    if (events.length > 0) responses.push({ header: { revision: current }, watchId: watch.id, events });
    return responses;
  }
}

/**
 * toWatchEvent shapes a stored event for one watcher: prevKv only when the watch asked for it.
 * When that is exactly the stored event (a prevKv watch, or a change without a previous value)
 * the watcher gets the stored event itself: it is frozen and shaped like a WatchEvent.
 */
function toWatchEvent(event: StoredEvent, withPrevKv: boolean): WatchEvent {
  if (withPrevKv || event.prevKv === undefined) return event;
  return { type: event.type, kv: event.kv };
}
