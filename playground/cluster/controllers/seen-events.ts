/**
 * SeenEvents is the event recorder's memory of the events it has sent, for aggregation: an LRU
 * cache of at most `capacity` distinct events, like client-go's correlator cache. An event is
 * told apart by the object it is about (uid, or name without one), field path, type, reason and
 * message. Events are grouped by object, so finding one hashes only the object's id instead of a
 * key string spelling out all five parts, and the recency order is a linked list, so refreshing
 * or forgetting an event touches no hash table but the object's.
 */

/** SeenEvent is one distinct event: where it was posted and how often it happened. */
export interface SeenEvent {
  readonly objectId: string;
  readonly fieldPath: string;
  readonly type: string;
  readonly reason: string;
  readonly message: string;
  /** Namespace and name of the Event object posted for it. */
  readonly namespace: string;
  readonly name: string;
  count: number;
  /** The next older and newer event in recency order. */
  older: SeenEvent | undefined;
  newer: SeenEvent | undefined;
  /** The next event about the same object (newest first). */
  sameObject: SeenEvent | undefined;
}

/** SeenEvents remembers up to `capacity` distinct events, forgetting the least recently seen first. */
export class SeenEvents {
  /** The newest event about each object; older ones hang off it through sameObject. */
  private readonly byObject = new Map<string, SeenEvent>();
  private oldest: SeenEvent | undefined;
  private newest: SeenEvent | undefined;
  private count = 0;

  constructor(readonly capacity: number) {}

  /** size is the number of events remembered. */
  get size(): number {
    return this.count;
  }

  /** touch finds an event and makes it the most recently seen; undefined when it is not remembered. */
  touch(objectId: string, fieldPath: string, type: string, reason: string, message: string): SeenEvent | undefined {
    let seen = this.byObject.get(objectId);
    // The reason first: a component's reasons are a few literals (told apart without reading their
    // text) and differ between an object's events; the message, built per event, last.
    while (seen !== undefined && !(seen.reason === reason && seen.type === type && seen.fieldPath === fieldPath && seen.message === message)) {
      seen = seen.sameObject;
    }
    if (seen === undefined || seen === this.newest) return seen;
    // Unlink it from the recency list, then append it as the newest.
    const { older, newer } = seen;
    if (older === undefined) this.oldest = newer;
    else older.newer = newer;
    newer!.older = older;
    seen.older = this.newest;
    seen.newer = undefined;
    this.newest!.newer = seen;
    this.newest = seen;
    return seen;
  }

  /**
   * add remembers an event not remembered yet (call touch first) as the most recently seen, and
   * forgets the least recently seen one when that makes one too many.
   */
  add(objectId: string, fieldPath: string, type: string, reason: string, message: string, namespace: string, name: string): SeenEvent {
    const seen: SeenEvent = {
      objectId,
      fieldPath,
      type,
      reason,
      message,
      namespace,
      name,
      count: 1,
      older: this.newest,
      newer: undefined,
      sameObject: this.byObject.get(objectId),
    };
    this.byObject.set(objectId, seen);
    if (this.newest === undefined) this.oldest = seen;
    else this.newest.newer = seen;
    this.newest = seen;
    if (++this.count > this.capacity) this.forgetOldest();
    return seen;
  }

  /** events lists what is remembered, least recently seen first. */
  events(): SeenEvent[] {
    const all: SeenEvent[] = [];
    for (let seen = this.oldest; seen !== undefined; seen = seen.newer) all.push(seen);
    return all;
  }

  private forgetOldest(): void {
    const oldest = this.oldest!;
    this.oldest = oldest.newer;
    if (this.oldest === undefined) this.newest = undefined;
    else this.oldest.older = undefined;
    oldest.newer = undefined;
    this.count--;
    // Take it out of its object's chain: the oldest of a chain is usually its last link.
    const head = this.byObject.get(oldest.objectId)!;
    if (head === oldest) {
      if (oldest.sameObject === undefined) this.byObject.delete(oldest.objectId);
      else this.byObject.set(oldest.objectId, oldest.sameObject);
    } else {
      let before = head;
      while (before.sameObject !== oldest) before = before.sameObject!;
      before.sameObject = oldest.sameObject;
    }
    oldest.sameObject = undefined;
  }
}
