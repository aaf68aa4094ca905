/**
 * Lessor keeps etcd's leases: a TTL on the virtual clock and the keys attached to each.
 * When a lease runs out (or is revoked) its keys are deleted; the server does the deleting, in
 * one revision, through the `onExpire` callback, so this class never touches the keyspace.
 *
 * A lease's keys are a list of the keys attached to it, not a set kept exact on every write: a
 * key that leaves the lease (deleted, or put with another lease) stays listed until someone asks
 * for the keys, when the keyspace (`leaseOf`) says which listed keys still hold the lease. The
 * API server attaches every Event to its TTL lease, so this is one push per Event instead of a
 * hash-set insert; a list with more stale entries than live ones is pruned.
 */
import type { EventLoop, ScheduledTask } from '../sim/loop';
import type { SeededIds } from '../sim/ids';
import { EtcdError, GrpcCode } from './types';
import type { StoredEvent } from './store';

/** ErrLeaseNotFound is etcd 3.4's error text for a lease id that does not exist (or no longer does). */
export const ErrLeaseNotFound = 'etcdserver: requested lease not found';
/** ErrLeaseExists is etcd 3.4's error text for granting an id already in use. */
export const ErrLeaseExists = 'etcdserver: lease already exists';
/** ErrLeaseTtlTooLarge is etcd 3.4's error text for a TTL above MAX_LEASE_TTL. */
export const ErrLeaseTtlTooLarge = 'etcdserver: too large lease TTL';

/** MAX_LEASE_TTL is etcd's MaxLeaseTTL, in seconds. */
export const MAX_LEASE_TTL = 9_000_000_000;
/** DEFAULT_MIN_LEASE_TTL is the minimum TTL a default etcd grants (a TTL of 1 comes back as 2). */
export const DEFAULT_MIN_LEASE_TTL = 2;

/** LeaseRecord is one live lease. */
interface LeaseRecord {
  readonly id: number;
  /** Granted TTL in seconds. */
  readonly ttl: number;
  /** Virtual time (ms) at which the lease expires. */
  expiresAt: number;
  /** Keys attached over time, in order; some may have left since (see `stale`), some twice. */
  keys: string[];
  /** How many times a key has left this lease since `keys` was last pruned. */
  stale: number;
  expiry: ScheduledTask;
}

/** LeaseSnapshot is a lease as dump() saves it. */
export interface LeaseSnapshot {
  id: number;
  ttl: number;
  remainingMs: number;
}

/** Lessor grants, renews and expires leases, and tracks which keys each lease holds. */
export class Lessor {
  private readonly leases = new Map<number, LeaseRecord>();
  /**
   * The lease found last (0: none). Writes name the same lease again and again (the API server's
   * TTL lease for Events), and ids are not small integers, so a compare beats a map lookup.
   */
  private lastId = 0;
  private lastLease: LeaseRecord | undefined;

  /**
   * `leaseOf` tells the lease a key holds now (0: none, or no such key); `onExpire` deletes an
   * expired lease's keys.
   */
  constructor(
    private readonly loop: EventLoop,
    private readonly idSource: SeededIds,
    private readonly onExpire: (id: number) => void,
    private readonly leaseOf: (key: string) => number,
    private readonly minTtl = DEFAULT_MIN_LEASE_TTL,
  ) {}

  /** has tells whether lease `id` exists. */
  has(id: number): boolean {
    return this.find(id) !== undefined;
  }

  /** grant creates a lease; the TTL is raised to the minimum, and `id` 0 or absent picks one. */
  grant(ttlSeconds: number, id = 0): { id: number; ttl: number } {
    if (!Number.isInteger(ttlSeconds)) {
      throw new EtcdError(`etcd lease grant: TTL must be a whole number of seconds, got ${ttlSeconds}`, GrpcCode.InvalidArgument);
    }
    if (ttlSeconds > MAX_LEASE_TTL) throw new EtcdError(ErrLeaseTtlTooLarge, GrpcCode.OutOfRange);
    if (id !== 0 && !(Number.isSafeInteger(id) && id > 0)) {
      throw new EtcdError(`etcd lease grant: lease id must be a positive integer below 2^53, got ${id}`, GrpcCode.InvalidArgument);
    }
    if (id !== 0 && this.leases.has(id)) throw new EtcdError(ErrLeaseExists, GrpcCode.FailedPrecondition);
    const leaseId = id !== 0 ? id : this.newId();
    const ttl = Math.max(ttlSeconds, this.minTtl);
    this.start(leaseId, ttl, ttl * 1000);
    return { id: leaseId, ttl };
  }

  /** revoke removes lease `id` and returns its keys, sorted (the caller deletes them). */
  revoke(id: number): string[] {
    const lease = this.require(id);
    this.loop.cancel(lease.expiry);
    this.leases.delete(id);
    if (this.lastId === id) this.forgetLast();
    return this.keysOf(lease);
  }

  /** keepAlive restarts the lease's full TTL and returns that TTL. */
  keepAlive(id: number): number {
    const lease = this.require(id);
    this.loop.cancel(lease.expiry);
    lease.expiresAt = this.loop.now() + lease.ttl * 1000;
    lease.expiry = this.scheduleExpiry(id, lease.ttl * 1000);
    return lease.ttl;
  }

  /** timeToLive reports the whole seconds left (-1 when the lease does not exist) and the keys. */
  timeToLive(id: number): { ttl: number; grantedTtl: number; keys: string[] } {
    const lease = this.leases.get(id);
    if (!lease) return { ttl: -1, grantedTtl: 0, keys: [] };
    const remainingMs = Math.max(0, lease.expiresAt - this.loop.now());
    return { ttl: Math.floor(remainingMs / 1000), grantedTtl: lease.ttl, keys: this.keysOf(lease) };
  }

  /** ids lists the live leases in ascending order. */
  ids(): number[] {
    return [...this.leases.keys()].sort((a, b) => a - b);
  }

  /** applyEvents moves keys between leases after a write: detach from the old lease, attach to the new. */
  applyEvents(events: readonly StoredEvent[]): void {
    // Indexed, not for-of: no iterator per write in an interpreter.
    for (let i = 0; i < events.length; i++) {
      const event = events[i];
      this.moveKey(event.kv.key, event.prevKv?.lease ?? 0, event.type === 'PUT' ? event.kv.lease : 0);
    }
  }

  /**
   * moveKey records that a write took `key` from lease `from` to lease `to` (0: none), as
   * applyEvents does for each event: the write of one key (every Event the API server writes)
   * passes its leases straight from the put.
   */
  moveKey(key: string, from: number, to: number): void {
    if (from === to) return;
    if (from !== 0) {
      const left = this.find(from);
      if (left !== undefined && ++left.stale * 2 > left.keys.length) this.prune(left);
    }
    if (to !== 0) this.find(to)?.keys.push(key);
  }

  /** attach records that `key` holds lease `id` (used when restoring a dump). */
  attach(id: number, key: string): void {
    this.require(id).keys.push(key);
  }

  /** find returns lease `id` if it exists. */
  private find(id: number): LeaseRecord | undefined {
    if (id === this.lastId) return this.lastLease;
    const lease = this.leases.get(id);
    if (lease !== undefined) {
      this.lastId = id;
      this.lastLease = lease;
    }
    return lease;
  }

  private forgetLast(): void {
    this.lastId = 0;
    this.lastLease = undefined;
  }

  /** keysOf lists the keys that hold `lease` now, sorted, each once. */
  private keysOf(lease: LeaseRecord): string[] {
    this.prune(lease);
    return [...lease.keys].sort();
  }

  /** prune drops the listed keys that no longer hold `lease`, and repeats, keeping attach order. */
  private prune(lease: LeaseRecord): void {
    const kept = new Set<string>();
    for (const key of lease.keys) if (this.leaseOf(key) === lease.id) kept.add(key);
    lease.keys = [...kept];
    lease.stale = 0;
  }

  /** snapshot lists the leases with their remaining time, for dump(). */
  snapshot(): LeaseSnapshot[] {
    return this.ids().map((id) => {
      const lease = this.leases.get(id)!;
      return { id, ttl: lease.ttl, remainingMs: Math.max(0, lease.expiresAt - this.loop.now()) };
    });
  }

  /** restore re-creates a saved lease that expires after `remainingMs` from now. */
  restore(saved: LeaseSnapshot): void {
    if (this.leases.has(saved.id)) throw new EtcdError(ErrLeaseExists, GrpcCode.FailedPrecondition);
    this.start(saved.id, saved.ttl, saved.remainingMs);
  }

  private start(id: number, ttl: number, remainingMs: number): void {
    this.leases.set(id, {
      id,
      ttl,
      expiresAt: this.loop.now() + remainingMs,
      keys: [],
      stale: 0,
      expiry: this.scheduleExpiry(id, remainingMs),
    });
  }

  // Expiry is background work: a lease that will run out in an hour (an Event's TTL) must not keep
  // runUntilQuiet() going; a run for a fixed duration still fires it on time.
  private scheduleExpiry(id: number, delayMs: number): ScheduledTask {
    return this.loop.schedule(
      delayMs,
      `etcd lease ${id} expiry`,
      () => {
        if (this.leases.has(id)) this.onExpire(id);
      },
      { background: true },
    );
  }

  private require(id: number): LeaseRecord {
    const lease = this.leases.get(id);
    if (!lease) throw new EtcdError(ErrLeaseNotFound, GrpcCode.NotFound);
    return lease;
  }

  /** newId draws a positive id below 2^53 (etcd's are int64; JavaScript numbers stop at 2^53). */
  private newId(): number {
    for (;;) {
      const high = this.idSource.next32() & 0x1fffff;
      const id = high * 0x1_0000_0000 + this.idSource.next32();
      if (id > 0 && !this.leases.has(id)) return id;
    }
  }
}
