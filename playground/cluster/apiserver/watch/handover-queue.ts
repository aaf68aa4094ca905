/**
 * HandOverQueue holds the objects the store just wrote, oldest first, until the etcd watch events
 * of their revisions reach the watch cache, which then takes the written object instead of
 * decoding the same bytes again. A queue in revision order rather than a map by key: the store
 * writes a resource's objects in revision order and etcd delivers their events in that order, so
 * the event of a write finds it at the front (after writes whose events never come, which it
 * drops); a Map paid a string-keyed insertion, lookup and deletion for every pod write.
 */
import type { KubeObject } from '../../api/types';

/** HandedOver is one write waiting for its event. */
interface HandedOver {
  readonly revision: number;
  readonly key: string;
  readonly value: string;
  readonly object: KubeObject;
}

/** Taken entries are cut off the front once this many have piled up and they are half the array. */
const COMPACT_AFTER = 256;

/**
 * MAX_WAITING bounds the writes kept: far more than a burst of writes whose events are in flight
 * (10,000 pods created at once), so only a watch that stopped delivering would reach it, and the
 * oldest write then goes (its event, if it ever came, would merely be decoded).
 */
export const MAX_WAITING = 1 << 16;

/** HandOverQueue keeps written objects until their etcd events arrive (see the file comment). */
export class HandOverQueue {
  private entries: HandedOver[] = [];
  /** The first entry not yet taken or dropped. */
  private head = 0;

  /** size is the number of writes still waiting for their events. */
  get size(): number {
    return this.entries.length - this.head;
  }

  /**
   * push queues an object the store wrote at `revision` under `key` as `value`. Writes come in
   * revision order; one that does not (which the store never does) is not kept.
   */
  push(revision: number, key: string, value: string, object: KubeObject): void {
    const entries = this.entries;
    const last = entries.length > this.head ? entries[entries.length - 1].revision : 0;
    // Also refuses NaN (no revision at all), which compares false with anything.
    if (!(revision > last)) return;
    entries[entries.length] = { revision, key, value, object };
    if (entries.length - this.head > MAX_WAITING) this.cutFront(this.head + 1);
  }

  /**
   * take returns the object written at `revision` if it is exactly what the event carries (same
   * key, same stored text), dropping every older write, whose events have passed without it.
   */
  take(revision: number, key: string, value: string): KubeObject | undefined {
    const entries = this.entries;
    let head = this.head;
    while (head < entries.length && entries[head].revision < revision) head++;
    let found: KubeObject | undefined;
    if (head < entries.length && entries[head].revision === revision) {
      const entry = entries[head++];
      if (entry.key === key && entry.value === value) found = entry.object;
    }
    this.cutFront(head);
    return found;
  }

  /** cutFront lets go of the entries before `head`, dropping them from the array when that pays. */
  private cutFront(head: number): void {
    const entries = this.entries;
    if (head === entries.length) {
      // Everything waiting was taken: start over with an empty array (the usual case).
      entries.length = 0;
      head = 0;
    } else if (head >= COMPACT_AFTER && head * 2 >= entries.length) {
      this.entries = entries.slice(head);
      head = 0;
    }
    this.head = head;
  }

  /** clear forgets every write (the cache stops watching). */
  clear(): void {
    this.entries = [];
    this.head = 0;
  }
}
