/**
 * PodWorker drives one pod on one node through the container runtime, like the kubelet's pod
 * worker + SyncPod: create the sandbox, then for each container pull its image, create and start
 * it; report status to the API server as things change; on deletion stop the containers (Killing
 * events), tear the sandbox down and finish the delete with grace period 0. Images are the
 * kubelet's ImagePuller's business, status reports reportPodStatus's (pod-status-reporter.ts).
 * Every step is idempotent: `sync()` looks at where the pod is and does the next thing.
 */
import type { ApiClient } from '../api/client';
import { podQOSClass } from '../api/qos';
import type { Container, Pod, PodSpec, PodStatus } from '../api/types';
import type { EventRecorder } from '../controllers/event-recorder';
import { podRequests, type Requests } from '../scheduler/pod-info';
import type { SimContext } from '../sim/context';
import type { ScheduledTask } from '../sim/loop';
import { timestamp } from '../sim/time';
import { RESYNC_AFTER_ERROR_MS, type ImagePuller, type ImageWait, type PullClient } from './image-puller';
import { jsonEqual } from './json-equal';
import type { ContainerView, PodView } from './pod-status';
import { reportPodStatus, type ReportedStatus } from './pod-status-reporter';
import type { ContainerRuntime, SandboxInfo } from './runtime';

/** PodWorkerHost is what a worker needs from its kubelet. */
export interface PodWorkerHost {
  readonly ctx: SimContext;
  readonly client: ApiClient;
  readonly runtime: ContainerRuntime;
  readonly recorder: EventRecorder;
  /** The kubelet's image puller, which pulls for every worker (this one its PullClient). */
  readonly images: ImagePuller;
  readonly hostIP: string;
  /** false while the kubelet is stopped: the worker then does nothing until it is synced again. */
  isRunning(): boolean;
  /** Called once the pod is torn down (and deleted, if it was being deleted). */
  onFinished(uid: string): void;
  /** Called when the pod's spec changed: its resource requests are computed again when next asked. */
  onSpecChanged(): void;
}

type Stage = 'starting' | 'running' | 'terminating' | 'terminated';

/**
 * PodWorker is also its pod's PodView (what the status is built from) and holds its ReportedStatus
 * (what status reporting keeps between reports): the worker holds that state itself instead of a
 * view and a reporter object beside it, two objects fewer kept per pod.
 */
export class PodWorker implements PullClient, PodView, ReportedStatus {
  /** PodView: the node's IP. */
  readonly hostIP: string;
  /** PodView: the sandbox's IP once it is up. */
  podIP: string | undefined;
  /** PodView: whether the sandbox is up. */
  sandboxReady = false;
  /** PodView: when the kubelet took the pod on. */
  readonly startTime: string;
  /** PodView: the pod's containers as the worker knows them. */
  readonly containers: ContainerView[];
  /** ReportedStatus: the status last sent, the base of the next patch. */
  lastStatus: PodStatus | undefined = undefined;
  /** ReportedStatus: the next report goes out even if unchanged. */
  mustSendStatus = true;
  private stage: Stage = 'starting';
  /** An operation is in flight with the runtime or the API: wait for its callback. */
  private busy = false;
  private sandbox: SandboxInfo | undefined;
  private retryTask: ScheduledTask | undefined;
  /** Derived from the spec, kept until the spec changes: QoS class. */
  private qos: string | undefined;
  /**
   * The pod's resource requests, NaN until known (the spec changed since): two numbers rather than
   * a Requests object kept per pod. Only admission's walk over every worker reads them back.
   */
  private requestedMilliCpu: number;
  private requestedMemory: number;
  /**
   * The pod spec whose container images the container views were last found to match: until the
   * spec object changes (pod objects from the API are never changed in place), restartChangedContainer
   * has nothing to look at, on each of a pod's three or four syncs.
   */
  private imagesMatched: PodSpec | undefined;

  /** `requests` are the pod's resource requests when already known (admission computed them). */
  constructor(
    private readonly host: PodWorkerHost,
    private pod: Pod,
    requests?: Requests,
  ) {
    this.requestedMilliCpu = requests === undefined ? Number.NaN : requests.milliCpu;
    this.requestedMemory = requests === undefined ? Number.NaN : requests.memory;
    this.hostIP = host.hostIP;
    this.startTime = timestamp(host.ctx.loop.now());
    this.containers = pod.spec.containers.map((c) => ({ name: c.name, image: c.image ?? '', state: 'waiting', reason: 'ContainerCreating', restartCount: 0 }));
    // The views were just built from this spec: their images are its images.
    this.imagesMatched = pod.spec;
  }

  get uid(): string {
    return this.pod.metadata.uid ?? '';
  }

  /** currentPod is the newest pod object the worker has. */
  get currentPod(): Pod {
    return this.pod;
  }

  /** requests are the pod's resource requests, which admission adds up for every new pod (a fresh object: read, not kept). */
  get requests(): Requests {
    if (Number.isNaN(this.requestedMilliCpu)) {
      const requests = podRequests(this.pod);
      this.requestedMilliCpu = requests.milliCpu;
      this.requestedMemory = requests.memory;
    }
    return { milliCpu: this.requestedMilliCpu, memory: this.requestedMemory };
  }

  /** isActive: the pod holds node resources (not yet torn down). */
  get isActive(): boolean {
    return this.stage !== 'terminated';
  }

  /** update hands the worker the newest pod object (from the watch) and moves it along. */
  update(pod: Pod): void {
    const previous = this.pod;
    this.pod = pod;
    if (pod.metadata.deletionTimestamp && (this.stage === 'starting' || this.stage === 'running')) this.stage = 'terminating';
    // Like the kubelet's pod config source, a status-only change (often our own write coming back
    // through the watch) is not a reason to sync; a new spec or a deletion is.
    const specChanged = pod.spec !== previous.spec && !jsonEqual(pod.spec, previous.spec);
    if (specChanged) {
      this.qos = undefined;
      this.requestedMilliCpu = this.requestedMemory = Number.NaN;
      this.host.onSpecChanged();
    }
    if (pod === previous || this.stage === 'terminating' || specChanged) this.sync();
  }

  /** removed is called when the pod is gone from the API (force delete): tear down without a DELETE. */
  removed(): void {
    if (this.stage === 'terminated') return;
    this.stage = 'terminating';
    this.pod = { ...this.pod, metadata: { ...this.pod.metadata, deletionTimestamp: this.pod.metadata.deletionTimestamp ?? timestamp(this.host.ctx.loop.now()) } };
    this.deleteFromApi = false;
    this.sync();
  }

  private deleteFromApi = true;

  /**
   * sync does the next step for the pod, if the kubelet is running and nothing is in flight.
   * `justReported`: the caller reported status a moment ago and nothing changed since, so the
   * report when every container runs would only rebuild and compare the same status.
   */
  sync(justReported = false): void {
    if (!this.host.isRunning() || this.busy || this.stage === 'terminated') return;
    if (this.stage === 'terminating') {
      this.terminateStep();
      return;
    }
    if (!this.sandbox) {
      this.reportStatus();
      this.busy = true;
      const meta = this.pod.metadata;
      const sandboxConfig = { uid: this.uid, namespace: meta.namespace ?? 'default', name: meta.name ?? '', hostNetwork: this.pod.spec.hostNetwork === true };
      this.host.runtime.runPodSandbox(sandboxConfig, this.host.hostIP, (sandbox) => {
        this.busy = false;
        this.sandbox = sandbox;
        this.sandboxReady = true;
        this.podIP = sandbox.ip;
        this.sync();
      });
      return;
    }
    if (this.restartChangedContainer()) return;
    const index = firstNotRunning(this.containers);
    if (index < 0) {
      this.stage = 'running';
      // restartChangedContainer changed nothing (it would have left a container waiting).
      if (!justReported) this.reportStatus();
      return;
    }
    this.startContainer(this.pod.spec.containers[index], this.containers[index]);
  }

  private startContainer(spec: Container, view: ContainerView): void {
    const image = spec.image ?? '';
    // Every pod's start builds these texts: joined with + (a template literal is a concat call in QuickJS).
    const fieldPath = 'spec.containers{' + spec.name + '}';
    if (view.imageRef === undefined) {
      const outcome = this.host.images.ensure(this, spec, view, fieldPath);
      if (outcome === 'pulling') this.busy = true;
      else if (outcome !== 'ready') this.wait(view, outcome);
      if (outcome !== 'ready') return;
    }
    this.busy = true;
    this.host.runtime.createContainer(this.sandbox!.id, { name: spec.name, image }, (container) => {
      view.containerId = container.id;
      this.recordEvent('Normal', 'Created', 'Created container: ' + spec.name, fieldPath);
      this.host.runtime.startContainer(container.id, (started) => {
        this.busy = false;
        view.state = 'running';
        view.reason = view.message = undefined;
        view.startedAt = timestamp(started.startedAt ?? this.host.ctx.loop.now());
        this.recordEvent('Normal', 'Started', 'Started container ' + spec.name, fieldPath);
        if (this.stage !== 'terminating') this.reportStatus();
        this.sync(this.stage !== 'terminating');
      });
    });
  }

  /**
   * restartChangedContainer handles the one pod spec field that may change, a container's image:
   * like SyncPod's computePodActions, a running container whose spec hash changed is killed
   * ("definition changed, will be restarted") and started again from the new spec, counting a
   * restart; one that never started simply starts from the new spec. Returns true while a kill is
   * in flight.
   */
  private restartChangedContainer(): boolean {
    const spec = this.pod.spec;
    if (spec === this.imagesMatched) return false;
    const containers = this.containers;
    for (let index = 0; index < containers.length; index++) {
      const view = containers[index];
      const image = spec.containers[index]?.image ?? '';
      if (view.image === image) continue;
      if (view.state !== 'running' || !view.containerId) {
        this.host.images.forget(this, view.image);
        Object.assign(view, { image, imageRef: undefined, imageName: undefined, state: 'waiting', reason: 'ContainerCreating', message: undefined });
        continue;
      }
      const grace = this.pod.spec.terminationGracePeriodSeconds ?? 30;
      this.recordEvent('Normal', 'Killing', `Container ${view.name} definition changed, will be restarted`, `spec.containers{${view.name}}`);
      this.busy = true;
      this.host.runtime.stopContainer(view.containerId, grace, (container) => {
        this.busy = false;
        view.lastTerminated = { exitCode: 0, reason: 'Completed', containerId: view.containerId!, startedAt: view.startedAt, finishedAt: timestamp(container.finishedAt ?? this.host.ctx.loop.now()) };
        Object.assign(view, { image, imageRef: undefined, imageName: undefined, containerId: undefined, startedAt: undefined, state: 'waiting', reason: 'ContainerCreating', message: undefined });
        view.restartCount++;
        this.reportStatus();
        this.sync();
      });
      return true;
    }
    // Every view now has its spec's image (those that never ran were switched above).
    this.imagesMatched = spec;
    return false;
  }

  /** terminateStep stops the next running container, then the sandbox, then finishes the delete. */
  private terminateStep(): void {
    this.host.ctx.loop.cancel(this.retryTask);
    const grace = this.pod.metadata.deletionGracePeriodSeconds ?? this.pod.spec.terminationGracePeriodSeconds ?? 30;
    const running = this.containers.find((c) => c.state === 'running' && c.containerId);
    if (running) {
      this.recordEvent('Normal', 'Killing', `Stopping container ${running.name}`, `spec.containers{${running.name}}`);
      this.busy = true;
      this.host.runtime.stopContainer(running.containerId!, grace, (container) => {
        this.busy = false;
        running.state = 'terminated';
        running.exitCode = 0;
        running.reason = 'Completed';
        running.finishedAt = timestamp(container.finishedAt ?? this.host.ctx.loop.now());
        this.sync();
      });
      return;
    }
    if (this.sandbox) {
      const sandbox = this.sandbox;
      this.busy = true;
      this.host.runtime.stopPodSandbox(sandbox.id, () => {
        this.busy = false;
        this.sandbox = undefined;
        this.sandboxReady = false;
        this.sync();
      });
      return;
    }
    this.finish();
  }

  private finish(): void {
    if (!this.deleteFromApi) {
      this.stage = 'terminated';
      this.host.onFinished(this.uid);
      return;
    }
    const meta = this.pod.metadata;
    this.busy = true;
    this.host.client.delete(
      { resource: 'pods', namespace: meta.namespace ?? 'default', name: meta.name ?? '' },
      { gracePeriodSeconds: 0, preconditions: { uid: this.uid } },
      (result) => {
        this.busy = false;
        // 404/409: already gone, or a different pod now has the name. Either way we are done.
        if (result.ok || result.code === 404 || result.code === 409) {
          this.stage = 'terminated';
          this.host.onFinished(this.uid);
        } else {
          this.retryAfter(RESYNC_AFTER_ERROR_MS, false);
        }
      },
    );
  }

  /** imagePulled hears that the pull for `view`'s container ended (PullClient): start it, or show why not. */
  imagePulled(view: ContainerView, wait: ImageWait | undefined): void {
    this.busy = false;
    if (wait) this.wait(view, wait);
    else this.sync();
  }

  /** wait shows why a container cannot start (ErrImagePull, ImagePullBackOff…) and syncs again later if it may. */
  private wait(view: ContainerView, wait: ImageWait): void {
    view.state = 'waiting';
    view.reason = wait.reason;
    view.message = wait.message;
    this.reportStatus();
    if (wait.retry) this.retryAfter(wait.retry.afterMs, wait.retry.background);
  }

  private retryAfter(delayMs: number, background: boolean): void {
    this.host.ctx.loop.cancel(this.retryTask);
    this.retryTask = this.host.ctx.loop.schedule(delayMs, `${this.host.runtime.nodeName}: resync ${this.pod.metadata.name}`, () => this.sync(), { background });
  }

  /** recordEvent records an Event about the pod while the kubelet runs (PullClient: the puller's events too). */
  recordEvent(type: 'Normal' | 'Warning', reason: string, message: string, fieldPath: string): void {
    if (this.host.isRunning()) this.host.recorder.event(this.pod, type, reason, message, fieldPath);
  }

  /** reportStatus PATCHes pods/<name>/status (strategic merge) when the status changed. */
  private reportStatus(): void {
    if (!this.host.isRunning() || this.stage === 'terminating' || this.stage === 'terminated') return;
    reportPodStatus(this, this.host.ctx, this.host.client, this.pod, this, (this.qos ??= podQOSClass(this.pod)));
  }

  /** resendStatus forces the next report (after the kubelet restarts). */
  resendStatus(): void {
    this.mustSendStatus = true;
  }
}

/** firstNotRunning is the index of the first container not running, or -1 (a loop: no closure per sync). */
function firstNotRunning(containers: readonly ContainerView[]): number {
  for (let i = 0; i < containers.length; i++) if (containers[i].state !== 'running') return i;
  return -1;
}
