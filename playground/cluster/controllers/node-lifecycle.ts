/**
 * The node-lifecycle controller (part of kube-controller-manager) decides whether nodes are alive.
 * Every 5 s it checks each node's Lease in kube-node-lease: if the kubelet has not renewed it for
 * 40 s (node-monitor-grace-period) it marks every node condition Unknown ("Kubelet stopped posting
 * node status.") and taints the node `node.kubernetes.io/unreachable` (NoSchedule and NoExecute),
 * so the scheduler stops sending pods there. When the kubelet comes back and reports Ready again,
 * the taints are removed.
 */
import type { ApiClient } from '../api/client';
import type { Lease, Node, NodeCondition, Taint } from '../api/types';
import type { SimContext } from '../sim/context';
import type { ScheduledTask } from '../sim/loop';
import { timestamp } from '../sim/time';
import { CONTROLLER_MANAGER } from '../sim/trace';
import { EventRecorder } from './event-recorder';
import { Informer } from './informer';

/** NODE_MONITOR_PERIOD_MS is how often node health is checked (--node-monitor-period). */
export const NODE_MONITOR_PERIOD_MS = 5_000;
/** NODE_MONITOR_GRACE_PERIOD_MS is how long a silent node stays Ready (--node-monitor-grace-period). */
export const NODE_MONITOR_GRACE_PERIOD_MS = 40_000;
/** The taint keys the controller manages. */
export const UNREACHABLE_TAINT_KEY = 'node.kubernetes.io/unreachable';
export const NOT_READY_TAINT_KEY = 'node.kubernetes.io/not-ready';

/** isManagedTaint tells whether a taint is one of the two this controller puts on and takes off. */
function isManagedTaint(taint: Taint): boolean {
  return taint.key === UNREACHABLE_TAINT_KEY || taint.key === NOT_READY_TAINT_KEY;
}

function readyStatus(node: Node): NodeCondition['status'] | undefined {
  return node.status?.conditions?.find((c) => c.type === 'Ready')?.status;
}

interface Health {
  /** The lease renewTime last seen, and when (controller's clock) it was seen to change. */
  renewTime: string | undefined;
  probeAt: number;
}

/** NodeLifecycleController watches nodes and leases and keeps Ready honest. */
export class NodeLifecycleController {
  private readonly nodes: Informer<Node>;
  private readonly leases: Informer<Lease>;
  private readonly health = new Map<string, Health>();
  private readonly recorder: EventRecorder;
  private timer: ScheduledTask | undefined;
  private running = false;

  constructor(
    private readonly client: ApiClient,
    private readonly ctx: SimContext,
  ) {
    // Taints follow the Ready condition as soon as a node changes (the real controller's node
    // update queue), e.g. the not-ready taint TaintNodesByCondition puts on new nodes.
    this.nodes = new Informer<Node>(client, ctx, { resource: 'nodes' }, {
      onAdd: (node) => this.running && this.reconcileTaints(node, readyStatus(node)),
      onUpdate: (_old, node) => this.running && this.reconcileTaints(node, readyStatus(node)),
      onDelete: (node) => this.health.delete(node.metadata.name ?? ''),
    });
    this.leases = new Informer<Lease>(client, ctx, { resource: 'leases', namespace: 'kube-node-lease' });
    this.recorder = new EventRecorder(client, ctx, { component: 'node-controller' });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.nodes.start();
    this.leases.start();
    this.scheduleMonitor();
  }

  stop(): void {
    this.running = false;
    this.nodes.stop();
    this.leases.stop();
    this.ctx.loop.cancel(this.timer);
  }

  private scheduleMonitor(): void {
    this.timer = this.ctx.loop.schedule(
      NODE_MONITOR_PERIOD_MS,
      'node-lifecycle: monitor node health',
      () => {
        if (!this.running) return;
        if (this.nodes.hasSynced && this.leases.hasSynced) this.monitorNodeHealth();
        this.scheduleMonitor();
      },
      { background: true },
    );
  }

  /** monitorNodeHealth is one pass over all nodes (deterministic order: by name). */
  monitorNodeHealth(): void {
    const now = this.ctx.loop.now();
    for (const node of this.nodes.list()) {
      const name = node.metadata.name ?? '';
      const renewTime = this.leases.store.get(`kube-node-lease/${name}`)?.spec.renewTime;
      const health = this.health.get(name);
      let probeAt: number;
      if (!health || health.renewTime !== renewTime) {
        this.health.set(name, { renewTime, probeAt: now });
        probeAt = now;
      } else probeAt = health.probeAt;
      const ready = node.status?.conditions?.find((c) => c.type === 'Ready');

      if (now - probeAt > NODE_MONITOR_GRACE_PERIOD_MS && ready?.status !== 'Unknown') {
        this.markUnknown(node, now);
        continue;
      }
      this.reconcileTaints(node, ready?.status);
    }
  }

  private markUnknown(node: Node, now: number): void {
    const name = node.metadata.name ?? '';
    const stamp = timestamp(now);
    const conditions: NodeCondition[] = (node.status?.conditions ?? []).map((c) => ({
      ...c,
      status: 'Unknown',
      reason: 'NodeStatusUnknown',
      message: 'Kubelet stopped posting node status.',
      lastTransitionTime: c.status === 'Unknown' ? c.lastTransitionTime : stamp,
    }));
    this.ctx.trace.record({ kind: 'action', from: CONTROLLER_MANAGER, to: CONTROLLER_MANAGER, action: 'node unreachable', summary: `${name}: lease not renewed for 40s` });
    this.client.patch<Node>({ resource: 'nodes', name, subresource: 'status' }, { status: { conditions } }, 'merge', (result) => {
      if (!result.ok) return;
      this.recorder.event({ ...node, metadata: { ...node.metadata, uid: name } }, 'Normal', 'NodeNotReady', `Node ${name} status is now: NodeNotReady`);
      // Taint the node as it is now (the status write gave it a new resourceVersion).
      this.reconcileTaints(result.value?.metadata ? result.value : node, 'Unknown');
    });
  }

  /** reconcileTaints keeps the unreachable / not-ready taints in line with the Ready condition. */
  private reconcileTaints(node: Node, ready: NodeCondition['status'] | undefined): void {
    const current = node.spec?.taints ?? [];
    const managedKey = ready === 'Unknown' ? UNREACHABLE_TAINT_KEY : ready === 'False' ? NOT_READY_TAINT_KEY : undefined;
    // A Ready node without either taint (nearly every node, on every pass and every status update)
    // needs nothing: the taints wanted are the ones it has. Said before building and encoding both lists.
    if (managedKey === undefined && !current.some(isManagedTaint)) return;
    const kept = current.filter((t) => !isManagedTaint(t));
    const stamp = timestamp(this.ctx.loop.now());
    const wanted: Taint[] = managedKey
      ? [
          current.find((t) => t.key === managedKey && t.effect === 'NoSchedule') ?? { key: managedKey, effect: 'NoSchedule' },
          current.find((t) => t.key === managedKey && t.effect === 'NoExecute') ?? { key: managedKey, effect: 'NoExecute', timeAdded: stamp },
        ]
      : [];
    const next = [...kept, ...wanted];
    if (JSON.stringify(next) === JSON.stringify(current)) return;
    // resourceVersion makes this a compare-and-swap: if someone else changed the node, we try next pass.
    this.client.patch(
      { resource: 'nodes', name: node.metadata.name },
      { metadata: { resourceVersion: node.metadata.resourceVersion }, spec: { taints: next.length > 0 ? next : null } },
      'merge',
      () => {},
    );
  }
}
