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
  runPodSandbox(pod: SandboxRequest, hostIP: string, cb: (sandbox: SandboxInfo) => void): void {
    const subject = this.ctx.trace.enabled ? `${pod.namespace}/${pod.name}` : '';
    // A hostNetwork pod's IP is known now; any other is allocated when the sandbox is up.
    this.call('RunPodSandbox', subject, Latency.runPodSandbox, ContainerRuntime.sandboxUp, { pod, ip: pod.hostNetwork ? hostIP : undefined }, sandboxReply, cb);
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
    this.call('PullImage', image, totalMs, ContainerRuntime.pulled, { image, reference, fails, pullMs, totalMs }, pullReply, cb);
  }

  /** createContainer creates (but does not start) a container in a sandbox. */
  createContainer(sandboxId: string, spec: { name: string; image: string }, cb: (container: ContainerInfo) => void): void {
    this.call('CreateContainer', spec.name, Latency.createContainer, ContainerRuntime.created, { sandboxId, spec }, containerReply, cb);
  }

  /** startContainer starts a created container. */
  startContainer(containerId: string, cb: (container: ContainerInfo) => void): void {
    const container = this.requireContainer(containerId);
    this.call('StartContainer', container.name, Latency.startContainer, ContainerRuntime.started, container, startedReply, cb);
  }

  /** stopContainer sends SIGTERM; the container exits well within its grace period. */
  stopContainer(containerId: string, gracePeriodSeconds: number, cb: (container: ContainerInfo) => void): void {
    const container = this.requireContainer(containerId);
    const subject = this.ctx.trace.enabled ? `${container.name} (grace ${gracePeriodSeconds}s)` : '';
    this.call('StopContainer', subject, Latency.stopContainer, ContainerRuntime.exited, container, exitedReply, cb);
  }

  /** stopPodSandbox tears the sandbox down and frees its IP; its containers are removed. */
  stopPodSandbox(sandboxId: string, cb: () => void): void {
    this.call('StopPodSandbox', this.ctx.trace.enabled ? sandboxId.slice(0, 13) : '', Latency.stopContainer, ContainerRuntime.sandboxDown, sandboxId, stoppedReply, cb);
  }

  // The work of each call, done when its time comes: static, given the runtime and the call's
  // input, so that a call in flight is one RuntimeCall record (see call) and no closure.

  private static sandboxUp(runtime: ContainerRuntime, request: { pod: SandboxRequest; ip: string | undefined }): SandboxInfo {
    const pod = request.pod;
    const ip = request.ip ?? runtime.ipPool.allocate();
    const sandbox: SandboxInfo = { id: runtime.ctx.ids.hex(64), ip, podUid: pod.uid, ready: true, hostNetwork: pod.hostNetwork === true };
    runtime.sandboxes.set(sandbox.id, sandbox);
    return sandbox;
  }

  private static pulled(runtime: ContainerRuntime, pull: PullRequest): PullResult {
    const reference = pull.reference;
    if (pull.fails) {
      const message =
        `rpc error: code = NotFound desc = failed to pull and unpack image "${reference}": ` +
        `failed to resolve reference "${reference}": ${reference}: not found`;
      return { ok: false, message };
    }
    runtime.images.add(reference);
    return { ok: true, imageRef: imageDigestRef(pull.image), size: imageSize(pull.image), pullMs: pull.pullMs, totalMs: pull.totalMs };
  }

  private static created(runtime: ContainerRuntime, request: { sandboxId: string; spec: { name: string; image: string } }): ContainerInfo {
    const spec = request.spec;
    const container: ContainerInfo = { id: runtime.ctx.ids.hex(64), sandboxId: request.sandboxId, name: spec.name, image: normalizeImage(spec.image), state: 'created' };
    runtime.containers.set(container.id, container);
    return container;
  }

  private static started(runtime: ContainerRuntime, container: ContainerInfo): ContainerInfo {
    container.state = 'running';
    container.startedAt = runtime.ctx.loop.now();
    return container;
  }

  private static exited(runtime: ContainerRuntime, container: ContainerInfo): ContainerInfo {
    container.state = 'exited';
    container.finishedAt = runtime.ctx.loop.now();
    return container;
  }

  private static sandboxDown(runtime: ContainerRuntime, sandboxId: string): void {
    const sandbox = runtime.sandboxes.get(sandboxId);
    if (sandbox) {
      if (!sandbox.hostNetwork) runtime.ipPool.release(sandbox.ip);
      runtime.sandboxes.delete(sandboxId);
    }
    for (const [id, container] of [...runtime.containers]) if (container.sandboxId === sandboxId) runtime.containers.delete(id);
  }

  private requireContainer(id: string): ContainerInfo {
    const container = this.containers.get(id);
    if (!container) throw new Error(`containerd/${this.nodeName}: no container ${id}`);
    return container;
  }

  /**
   * call traces the request, waits `delayMs` of virtual time, does the work (`work(this, input)`),
   * traces the reply. With tracing off (benchmarks, big clusters) no summary, reply or task label is
   * built: callers pass an empty `subject` then, and `reply` is only called for a trace entry.
   */
  private call<I, T>(action: string, subject: string, delayMs: number, work: (runtime: ContainerRuntime, input: I) => T, input: I, reply: (value: T, input: I) => string, cb: (value: T) => void): void {
    const traced = this.ctx.trace.enabled;
    if (traced) this.ctx.trace.record({ kind: 'action', from: this.kubelet, to: this.runtime, action, summary: `${action} ${subject}` });
    // The label is only read when debugging the loop; the runtime's name is enough without a trace.
    // Nobody cancels a runtime call: post queues it without a ScheduledTask object.
    const call: RuntimeCall<I, T> = { runtime: this, action, work, input, reply, cb };
    this.ctx.loop.post(delayMs, traced ? `${this.runtime}: ${action} ${subject}` : this.runtime, ContainerRuntime.answer as (call: RuntimeCall<I, T>) => void, call);
  }

  /** answer finishes a call whose time has come: its work, the traced reply, then its callback. */
  private static answer<I, T>(call: RuntimeCall<I, T>): void {
    const runtime = call.runtime;
    const value = call.work(runtime, call.input);
    if (runtime.ctx.trace.enabled) runtime.ctx.trace.record({ kind: 'action', from: runtime.runtime, to: runtime.kubelet, action: call.action, summary: call.reply(value, call.input) });
    call.cb(value);
  }
}

/** SandboxRequest is what RunPodSandbox is told about the pod (a CRI PodSandboxConfig in miniature). */
export interface SandboxRequest {
  uid: string;
  namespace: string;
  name: string;
  hostNetwork?: boolean;
}

/** PullRequest is a PullImage call's input: the image and what was decided when the pull was queued. */
interface PullRequest {
  image: string;
  reference: string;
  fails: boolean;
  pullMs: number;
  totalMs: number;
}

/**
 * RuntimeCall is one CRI call in flight, queued as the argument of a posted task: one record per
 * call, where a closure for the work and another for the task (with a cell for each variable they
 * capture) made several allocations for QuickJS, four calls per pod.
 */
interface RuntimeCall<I, T> {
  readonly runtime: ContainerRuntime;
  readonly action: string;
  readonly work: (runtime: ContainerRuntime, input: I) => T;
  readonly input: I;
  readonly reply: (value: T, input: I) => string;
  readonly cb: (value: T) => void;
}

function pullReply(result: PullResult, pull: PullRequest): string {
  return result.ok ? `pulled in ${goDuration(pull.pullMs)}` : `failed: ${pull.reference}: not found`;
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
