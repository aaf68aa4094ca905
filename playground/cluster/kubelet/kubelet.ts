/**
 * Kubelet is the node agent, one per node, identity `system:node:<name>`: it registers its Node,
 * keeps its Lease fresh, reports node status, and runs the pods bound to its node through the
 * container runtime (one PodWorker per pod). It learns about pods only by watching the API server
 * with `fieldSelector=spec.nodeName=<node>`, and reports back only through the API server.
 * `stop()` simulates a dead kubelet (no heartbeats, no work); `start()` brings it back.
 */
import type { ApiClient } from '../api/client';
import type { Node, Pod, Taint } from '../api/types';
import { EventRecorder } from '../controllers/event-recorder';
import { Informer } from '../controllers/informer';
import type { SimContext } from '../sim/context';
import type { ScheduledTask } from '../sim/loop';
import { timestamp } from '../sim/time';
import { podRequests, type Requests } from '../scheduler/pod-info';
import { admitPod } from './admission';
import { AdmittedRequests } from './admitted-requests';
import { ImagePuller } from './image-puller';
import { PAUSE_IMAGE } from './images';
import { NodeLease } from './node-lease';
import { conditionsDrifted, nodeAllocatable, nodeObject, nodeStatus, type NodeConfig } from './node-object';
import { PodWorker, type PodWorkerHost } from './pod-worker';
import { ContainerRuntime } from './runtime';

/** KubeletOptions describe the node. */
export interface KubeletOptions {
  nodeName: string;
  /** CPU cores. Default '2'. */
  cpu?: string;
  /** Memory. Default '4Gi'. */
  memory?: string;
  /** Max pods. Default 110. */
  pods?: number;
  /** Node number, used for the default pod CIDR (defaultPodCIDR) and IP 172.18.0.<index+2>. Default 0. */
  index?: number;
  podCIDR?: string;
  internalIP?: string;
  /** Label and taint the node as a kubeadm control-plane node. Default false. */
  controlPlane?: boolean;
  labels?: Record<string, string>;
  taints?: Taint[];
  /** Images already on the node. Default: the pause image only. */
  images?: string[];
}

/** NODE_STATUS_CHECK_MS is how often the kubelet compares its status with the API's (nodeStatusUpdateFrequency). */
export const NODE_STATUS_CHECK_MS = 10_000;
/** NODE_STATUS_REPORT_MS is the longest the kubelet goes without posting status (nodeStatusReportFrequency). */
export const NODE_STATUS_REPORT_MS = 5 * 60_000;

export class Kubelet {
  readonly nodeName: string;
  readonly config: NodeConfig;
  readonly runtime: ContainerRuntime;
  /** Pod workers by pod uid. */
  readonly workers = new Map<string, PodWorker>();
  private readonly recorder: EventRecorder;
  private readonly lease: NodeLease;
  private readonly podInformer: Informer<Pod>;
  private readonly nodeInformer: Informer<Node>;
  private readonly host: PodWorkerHost;
  /** What the workers' pods request, summed for admission. */
  private readonly admitted = new AdmittedRequests();
  private running = false;
  private lastStatusReport = -Infinity;
  private statusTimer: ScheduledTask | undefined;

  constructor(
    private readonly client: ApiClient,
    private readonly ctx: SimContext,
    options: KubeletOptions,
  ) {
    const index = options.index ?? 0;
    this.nodeName = options.nodeName;
    this.config = {
      nodeName: options.nodeName,
      cpu: options.cpu ?? '2',
      memory: options.memory ?? '4Gi',
      pods: options.pods ?? 110,
      podCIDR: options.podCIDR ?? defaultPodCIDR(index),
      internalIP: options.internalIP ?? `172.18.${(index + 2) >> 8}.${(index + 2) & 255}`,
      controlPlane: options.controlPlane ?? false,
      labels: options.labels ?? {},
      taints: options.taints ?? [],
    };
    this.runtime = new ContainerRuntime(ctx, this.nodeName, this.config.podCIDR, options.images ?? [PAUSE_IMAGE]);
    this.recorder = new EventRecorder(client, ctx, { component: 'kubelet', host: this.nodeName });
    this.nodeInformer = new Informer<Node>(client, ctx, { resource: 'nodes', fieldSelector: `metadata.name=${this.nodeName}` });
    this.lease = new NodeLease(client, ctx, this.nodeName, () => this.nodeInformer.store.get(this.nodeName)?.metadata.uid);
    this.podInformer = new Informer<Pod>(client, ctx, { resource: 'pods', fieldSelector: `spec.nodeName=${this.nodeName}` }, {
      onAdd: (pod) => this.onPod(pod),
      onUpdate: (_old, pod) => this.onPod(pod),
      onDelete: (pod) => this.workers.get(pod.metadata.uid ?? '')?.removed(),
    });
    const images = new ImagePuller(ctx, this.runtime);
    this.host = {
      ctx,
      client,
      runtime: this.runtime,
      recorder: this.recorder,
      images,
      hostIP: this.config.internalIP,
      isRunning: () => this.running,
      onFinished: (uid) => {
        this.workers.delete(uid);
        images.forgetPod(uid);
        this.admitted.dropped();
      },
      onSpecChanged: () => this.admitted.dropped(),
    };
  }

  /** isRunning is false after stop(). */
  get isRunning(): boolean {
    return this.running;
  }

  /**
   * start registers the node, starts heartbeats and begins running pods. Like the real kubelet it
   * registers on every start: a node deleted while the kubelet was down comes back.
   */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.register(() => {
      if (!this.running) return;
      this.nodeInformer.start();
      this.lease.start();
      this.podInformer.start();
      this.scheduleStatusCheck(0);
      for (const worker of this.workers.values()) {
        worker.resendStatus();
        worker.sync();
      }
    });
  }

  /** stop simulates a dead kubelet: no lease renewals, no status, no pod work. Containers keep running. */
  stop(): void {
    this.running = false;
    this.lease.stop();
    this.podInformer.stop();
    this.nodeInformer.stop();
    this.ctx.loop.cancel(this.statusTimer);
    this.statusTimer = undefined;
  }

  private register(then: () => void): void {
    const node = nodeObject(this.config, timestamp(this.ctx.loop.now()));
    this.client.create<Node>({ resource: 'nodes' }, node, (result) => {
      // 409 AlreadyExists: the node was registered before (a restarted kubelet); that is fine.
      if (result.ok || result.code === 409) {
        this.lastStatusReport = result.ok ? this.ctx.loop.now() : -Infinity;
        // Node events name the node as their uid, a kubelet quirk `kubectl describe node` relies on.
        if (result.ok) this.recorder.event({ ...result.value, metadata: { ...result.value.metadata, uid: this.nodeName } }, 'Normal', 'Starting', 'Starting kubelet.');
        then();
        return;
      }
      // Anything else (API not ready, forbidden): try again shortly, as kubelet's registration loop does.
      this.ctx.loop.schedule(1_000, `kubelet/${this.nodeName}: register`, () => this.running && this.register(then), { background: true });
    });
  }

  private onPod(pod: Pod): void {
    const uid = pod.metadata.uid ?? '';
    let worker = this.workers.get(uid);
    if (!worker) {
      // A pod that already finished, or is being deleted before we ever ran it, needs no new worker
      // unless it is being deleted (then the worker only completes the delete).
      if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return;
      let requests: Requests | undefined;
      if (!pod.metadata.deletionTimestamp) {
        requests = this.admit(pod);
        if (requests === undefined) return;
      }
      worker = new PodWorker(this.host, pod, requests);
      this.workers.set(uid, worker);
      // A pod being deleted joins without admission; its requests are summed when next needed.
      if (requests !== undefined) this.admitted.added(requests, this.workers);
      else this.admitted.dropped();
    }
    worker.update(pod);
  }

  /**
   * admit runs kubelet admission and returns the pod's resource requests (computed for it, kept by
   * its worker); undefined means rejected: the pod is marked Failed and never started.
   */
  private admit(pod: Pod): Requests | undefined {
    // Every worker in the map is active: a worker leaves it (onFinished) in the very step that
    // makes it terminated, so the map's size is the number of pods admitted, without a walk.
    const admittedCount = this.workers.size;
    // The requests alone (no PodInfo, nothing cached: nothing looks this pod object up again). The
    // used total is the kept sum, walked again only after a worker left.
    const requests = podRequests(pod);
    const rejection = admitPod(requests, admittedCount, this.admitted.total(this.workers), nodeAllocatable(this.config));
    if (!rejection) return requests;
    const message = `Pod was rejected: ${rejection.message}`;
    this.recorder.event(pod, 'Warning', rejection.reason, rejection.message);
    this.client.patch(
      { resource: 'pods', namespace: pod.metadata.namespace ?? 'default', name: pod.metadata.name ?? '', subresource: 'status' },
      { metadata: { uid: pod.metadata.uid }, status: { phase: 'Failed', reason: rejection.reason, message, startTime: timestamp(this.ctx.loop.now()) } },
      'strategic',
      () => {},
    );
    return undefined;
  }

  /**
   * The node status loop: every 10 s compare what the API shows with what the kubelet would
   * report; PATCH nodes/<name>/status if they differ (e.g. the node controller marked it Unknown)
   * or if 5 minutes passed since the last report.
   */
  private scheduleStatusCheck(delayMs: number): void {
    this.ctx.loop.cancel(this.statusTimer);
    this.statusTimer = this.ctx.loop.schedule(delayMs, `kubelet/${this.nodeName}: node status`, () => {
      if (!this.running) return;
      this.checkNodeStatus();
      this.scheduleStatusCheck(NODE_STATUS_CHECK_MS);
    }, { background: true });
  }

  private checkNodeStatus(): void {
    if (!this.nodeInformer.hasSynced) return;
    const now = this.ctx.loop.now();
    const apiNode = this.nodeInformer.store.get(this.nodeName);
    const apiConditions = apiNode?.status?.conditions ?? [];
    // Only the conditions decide whether to write; the whole status is built when one is sent.
    if (!conditionsDrifted(apiConditions) && now - this.lastStatusReport < NODE_STATUS_REPORT_MS) return;
    this.lastStatusReport = now;
    const desired = nodeStatus(this.config, timestamp(now), apiConditions);
    this.client.patch({ resource: 'nodes', name: this.nodeName, subresource: 'status' }, { status: desired }, 'strategic', (result) => {
      if (!result.ok) this.lastStatusReport = -Infinity;
    });
  }
}

/**
 * defaultPodCIDR gives node `index` its /24, as kube-controller-manager's node IPAM does: the first
 * 256 nodes fill kubeadm's default 10.244.0.0/16, larger clusters continue into 10.245.0.0/16 and
 * on (as if --cluster-cidr were a wider range, which a cluster that size would need).
 */
export function defaultPodCIDR(index: number): string {
  return `10.${244 + (index >> 8)}.${index & 255}.0/24`;
}
