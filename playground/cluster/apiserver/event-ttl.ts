/**
 * TtlLeases hands out the etcd lease that makes events expire after --event-ttl, reusing one lease
 * for a short window as the real storage LeaseManager does (lease TTL = ttl + 5%, reused while an
 * object created now would still live at least `ttl`), so etcd does not get a lease per event.
 */
import type { EtcdClient } from '../etcd/types';

const REUSE_FRACTION = 0.05;

/** TtlLeases is the API server's one source of event TTL leases (see the file comment). */
export class TtlLeases {
  private current?: { id: number; expiresAtMs: number };

  constructor(
    private readonly etcd: EtcdClient,
    /** The virtual clock itself (the loop), not a closure over it: one call less on every Event. */
    private readonly clock: { now(): number },
    private ttlSeconds: number,
  ) {}

  /** setTtl changes the TTL for leases granted from now on (a restart with a new --event-ttl). */
  setTtl(ttlSeconds: number): void {
    if (ttlSeconds !== this.ttlSeconds) this.current = undefined;
    this.ttlSeconds = ttlSeconds;
  }

  /** lease returns a lease id under which an object lives at least the TTL. */
  lease(): number {
    const now = this.clock.now();
    if (this.current && this.current.expiresAtMs - now >= this.ttlSeconds * 1000) return this.current.id;
    const ttl = Math.ceil(this.ttlSeconds * (1 + REUSE_FRACTION));
    const granted = this.etcd.leaseGrant(ttl);
    this.current = { id: granted.id, expiresAtMs: now + granted.ttl * 1000 };
    return granted.id;
  }
}
