/**
 * NodeLease is the kubelet's heartbeat: a coordination.k8s.io/v1 Lease named after the node in
 * the kube-node-lease namespace, renewed every 10 s (a quarter of its 40 s duration). The
 * node-lifecycle controller reads `renewTime` to decide whether the node is alive.
 */
import type { ApiClient } from '../api/client';
import type { Lease } from '../api/types';
import type { SimContext } from '../sim/context';
import type { ScheduledTask } from '../sim/loop';
import { EPOCH_MS } from '../sim/time';

/** LEASE_DURATION_SECONDS is the kubelet's nodeLeaseDurationSeconds. */
export const LEASE_DURATION_SECONDS = 40;
/** LEASE_RENEW_INTERVAL_MS is 0.25 × 40 s (nodeLeaseRenewIntervalFraction). */
export const LEASE_RENEW_INTERVAL_MS = 10_000;
/** NODE_LEASE_NAMESPACE holds every node's lease. */
export const NODE_LEASE_NAMESPACE = 'kube-node-lease';

/** microTime formats virtual time as a Kubernetes MicroTime: `2026-01-01T00:00:10.000000Z`. */
export function microTime(virtualMs: number): string {
  return new Date(EPOCH_MS + virtualMs).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

export class NodeLease {
  private current: Lease | undefined;
  private timer: ScheduledTask | undefined;
  private running = false;

  constructor(
    private readonly client: ApiClient,
    private readonly ctx: SimContext,
    private readonly nodeName: string,
    private readonly nodeUid: () => string | undefined,
  ) {}

  /** start creates or renews the lease now, then every 10 s. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.renew();
  }

  /** stop stops renewing (the lease then goes stale: the node looks dead). */
  stop(): void {
    this.running = false;
    this.ctx.loop.cancel(this.timer);
    this.timer = undefined;
  }

  private renew(): void {
    if (!this.running) return;
    const now = microTime(this.ctx.loop.now());
    const ref = { resource: 'leases', namespace: NODE_LEASE_NAMESPACE, name: this.nodeName };
    const done = (lease: Lease | undefined) => {
      if (lease) this.current = lease;
      this.scheduleNext();
    };
    if (!this.current) {
      this.client.get<Lease>(ref, (got) => {
        if (!this.running) return;
        if (got.ok) {
          this.current = got.value;
          this.renew();
          return;
        }
        this.client.create<Lease>({ resource: 'leases', namespace: NODE_LEASE_NAMESPACE }, this.newLease(now), (created) => {
          done(created.ok ? created.value : undefined);
        });
      });
      return;
    }
    const updated: Lease = { ...this.current, spec: { ...this.current.spec, holderIdentity: this.nodeName, leaseDurationSeconds: LEASE_DURATION_SECONDS, renewTime: now } };
    this.client.update<Lease>(ref, updated, (result) => {
      if (!result.ok) this.current = undefined; // Conflict or gone: read it again next time.
      done(result.ok ? result.value : undefined);
    });
  }

  private scheduleNext(): void {
    if (!this.running) return;
    this.ctx.loop.cancel(this.timer);
    this.timer = this.ctx.loop.schedule(LEASE_RENEW_INTERVAL_MS, `kubelet/${this.nodeName}: renew lease`, () => this.renew(), { background: true });
  }

  private newLease(now: string): Lease {
    const uid = this.nodeUid();
    return {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: {
        name: this.nodeName,
        namespace: NODE_LEASE_NAMESPACE,
        ...(uid ? { ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: this.nodeName, uid }] } : {}),
      },
      spec: { holderIdentity: this.nodeName, leaseDurationSeconds: LEASE_DURATION_SECONDS, renewTime: now },
    };
  }
}
