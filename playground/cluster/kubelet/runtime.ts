/**
 * ContainerRuntime is a pretend containerd, shaped like the CRI calls the kubelet makes:
 * RunPodSandbox, PullImage, CreateContainer, StartContainer, StopContainer, StopPodSandbox. Each
 * call takes virtual time (sim/latency.ts) and answers through a callback; each call and reply is
 * drawn in the trace between `kubelet/<node>` and `containerd/<node>`. Nothing runs for real:
 * a started container simply stays running until it is stopped.
 */
import type { SimContext } from '../sim/context';
import { IpPool } from '../sim/ids';
import { Latency } from '../sim/latency';
import { kubeletOf, runtimeOf } from '../sim/trace';
import { goDuration, imageDigestRef, imagePullFails, imageSize, normalizeImage, PAUSE_IMAGE } from './images';

/** Pulling an image already on the node (imagePullPolicy: Always) only checks the registry. */
const CACHED_PULL_MS = 400;
/** Resolving a reference that does not exist fails after this long. */
const FAILED_PULL_MS = 500;

/** PullResult is the outcome of PullImage. */
export type PullResult =
  | { ok: true; imageRef: string; size: number; pullMs: number; totalMs: number }
  | { ok: false; message: string };

export interface SandboxInfo {
  id: string;
  ip: string;
  podUid: string;
  ready: boolean;
  hostNetwork: boolean;
}

export interface ContainerInfo {
  id: string;
  sandboxId: string;
  name: string;
  image: string;
  state: 'created' | 'running' | 'exited';
  startedAt?: number;
  finishedAt?: number;
}

export class ContainerRuntime {
  /** Images on the node (normalized references). */
  readonly images = new Set<string>();
  readonly sandboxes = new Map<string, SandboxInfo>();
  readonly containers = new Map<string, ContainerInfo>();
  private readonly ipPool: IpPool;
  /** Pulls run one at a time, as with the kubelet's default serializeImagePulls: true. */
  private pullsBusyUntil = 0;
  private readonly kubelet: string;
  private readonly runtime: string;

  constructor(
    private readonly ctx: SimContext,
    readonly nodeName: string,
    podCIDR: string,
    preloadedImages: readonly string[] = [PAUSE_IMAGE],
  ) {
    this.ipPool = new IpPool(podCIDR);
    for (const image of preloadedImages) this.images.add(normalizeImage(image));
    this.kubelet = kubeletOf(nodeName);
    this.runtime = runtimeOf(nodeName);
  }

  /** hasImage says whether the image is on the node already. */
  hasImage(image: string): boolean {
    return this.images.has(normalizeImage(image));
  }

  /**
   * runPodSandbox creates the pod's sandbox (pause container, network namespace, IP from the node's
   * pod CIDR); a hostNetwork pod shares the node's network and so its IP.
   */
  runPodSandbox(pod: { uid: string; namespace: string; name: string; hostNetwork?: boolean }, hostIP: string, cb: (sandbox: SandboxInfo) => void): void {
    const subject = this.ctx.trace.enabled ? `${pod.namespace}/${pod.name}` : '';
    this.call('RunPodSandbox', subject, Latency.runPodSandbox, () => {
      const ip = pod.hostNetwork ? hostIP : this.ipPool.allocate();
      const sandbox: SandboxInfo = { id: this.ctx.ids.hex(64), ip, podUid: pod.uid, ready: true, hostNetwork: pod.hostNetwork === true };
      this.sandboxes.set(sandbox.id, sandbox);
      return sandbox;
    }, sandboxReply, cb);
  }

  /** pullImage fetches an image; `always` re-checks the registry even when the image is present. */
  pullImage(image: string, always: boolean, cb: (result: PullResult) => void): void {
    const reference = normalizeImage(image);
    const requestedAt = this.ctx.loop.now();
    const fails = imagePullFails(image);
    const pullMs = fails ? FAILED_PULL_MS : this.images.has(reference) && always ? CACHED_PULL_MS : Latency.imagePull;
    const startAt = Math.max(requestedAt, this.pullsBusyUntil);
    this.pullsBusyUntil = startAt + pullMs;
    const totalMs = this.pullsBusyUntil - requestedAt;
    this.call('PullImage', image, totalMs, (): PullResult => {
      if (fails) {
        const message =
          `rpc error: code = NotFound desc = failed to pull and unpack image "${reference}": ` +
          `failed to resolve reference "${reference}": ${reference}: not found`;
        return { ok: false, message };
      }
      this.images.add(reference);
      return { ok: true, imageRef: imageDigestRef(image), size: imageSize(image), pullMs, totalMs };
    }, (result) => (result.ok ? `pulled in ${goDuration(pullMs)}` : `failed: ${reference}: not found`), cb);
  }

  /** createContainer creates (but does not start) a container in a sandbox. */
  createContainer(sandboxId: string, spec: { name: string; image: string }, cb: (container: ContainerInfo) => void): void {
    this.call('CreateContainer', spec.name, Latency.createContainer, () => {
      const container: ContainerInfo = { id: this.ctx.ids.hex(64), sandboxId, name: spec.name, image: normalizeImage(spec.image), state: 'created' };
      this.containers.set(container.id, container);
      return container;
    }, containerReply, cb);
  }

  /** startContainer starts a created container. */
  startContainer(containerId: string, cb: (container: ContainerInfo) => void): void {
    const container = this.requireContainer(containerId);
    this.call('StartContainer', container.name, Latency.startContainer, () => {
      container.state = 'running';
      container.startedAt = this.ctx.loop.now();
      return container;
    }, startedReply, cb);
  }

  /** stopContainer sends SIGTERM; the container exits well within its grace period. */
  stopContainer(containerId: string, gracePeriodSeconds: number, cb: (container: ContainerInfo) => void): void {
    const container = this.requireContainer(containerId);
    const subject = this.ctx.trace.enabled ? `${container.name} (grace ${gracePeriodSeconds}s)` : '';
    this.call('StopContainer', subject, Latency.stopContainer, () => {
      container.state = 'exited';
      container.finishedAt = this.ctx.loop.now();
      return container;
    }, exitedReply, cb);
  }

  /** stopPodSandbox tears the sandbox down and frees its IP; its containers are removed. */
  stopPodSandbox(sandboxId: string, cb: () => void): void {
    this.call('StopPodSandbox', this.ctx.trace.enabled ? sandboxId.slice(0, 13) : '', Latency.stopContainer, () => {
      const sandbox = this.sandboxes.get(sandboxId);
      if (sandbox) {
        if (!sandbox.hostNetwork) this.ipPool.release(sandbox.ip);
        this.sandboxes.delete(sandboxId);
      }
      for (const [id, container] of [...this.containers]) if (container.sandboxId === sandboxId) this.containers.delete(id);
    }, stoppedReply, cb);
  }

  private requireContainer(id: string): ContainerInfo {
    const container = this.containers.get(id);
    if (!container) throw new Error(`containerd/${this.nodeName}: no container ${id}`);
    return container;
  }

  /**
   * call traces the request, waits `delayMs` of virtual time, does the work, traces the reply.
   * With tracing off (benchmarks, big clusters) no summary, reply or task label is built: callers
   * pass an empty `subject` then, and `reply` is only called for a trace entry.
   */
  private call<T>(action: string, subject: string, delayMs: number, work: () => T, reply: (value: T) => string, cb: (value: T) => void): void {
    const traced = this.ctx.trace.enabled;
    if (traced) this.ctx.trace.record({ kind: 'action', from: this.kubelet, to: this.runtime, action, summary: `${action} ${subject}` });
    // The label is only read when debugging the loop; the runtime's name is enough without a trace.
    // Nobody cancels a runtime call: post queues it without a ScheduledTask object.
    this.ctx.loop.post(delayMs, traced ? `${this.runtime}: ${action} ${subject}` : this.runtime, () => {
      const value = work();
      if (this.ctx.trace.enabled) this.ctx.trace.record({ kind: 'action', from: this.runtime, to: this.kubelet, action, summary: reply(value) });
      cb(value);
    }, undefined);
  }
}

function sandboxReply(sandbox: SandboxInfo): string {
  return `sandbox ${sandbox.id.slice(0, 13)} ip ${sandbox.ip}`;
}

function containerReply(container: ContainerInfo): string {
  return `container ${container.id.slice(0, 13)}`;
}

// The replies below are traced only, but passed on every call: module functions, not one made per call.
function startedReply(): string {
  return 'started';
}

function exitedReply(): string {
  return 'exited 0';
}

function stoppedReply(): string {
  return 'stopped';
}
