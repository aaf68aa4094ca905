/**
 * Scheduler is kube-scheduler: it watches pods and nodes through the API server, queues the pods
 * that have no node yet, and for each one runs `scheduleOne` — pop, filter, score, select, assume,
 * bind — then reports the outcome as an Event (and, on failure, a PodScheduled=False condition).
 * It talks to the cluster only through its ApiClient.
 */
import type { ApiClient } from '../api/client';
import { handOver } from '../api/transport';
import type { Binding, Node, Pod, PodCondition } from '../api/types';
import { EventRecorder } from '../controllers/event-recorder';
import { Informer } from '../controllers/informer';
import type { SimContext } from '../sim/context';
import { freezeThrough } from '../sim/freeze';
import { Latency } from '../sim/latency';
import type { ScheduledTask } from '../sim/loop';
import { timestamp } from '../sim/time';
import { SCHEDULER } from '../sim/trace';
import { SchedulerCache } from './cache';
import { runsOnlyBuiltIns } from './equivalence-builtins';
import { EquivalenceCache } from './equivalence-cache';
import { failedSchedulingMessage } from './failure-message';
import { Framework } from './framework';
import type { NodeInfo } from './node-info';
import { computePodInfo, podInfoOf, podKey } from './pod-info';
import { SchedulingQueue, type QueuedPod } from './queue';
import { attemptSchedule, failureMap, type ScheduleAttempt, type ScheduleOptions } from './schedule-pod';

/** SchedulerOptions configure one scheduler profile. */
export interface SchedulerOptions {
  /** Pods whose `spec.schedulerName` equals this are ours. Default `default-scheduler`. */
  schedulerName?: string;
  /** Plugins to run. Default: Framework.withDefaults(). */
  framework?: Framework;
  /** 0 (default) = adaptive, as kube-scheduler; 100 = filter every node for every pod. */
  percentageOfNodesToScore?: number;
  /**
   * Reuse plugin verdicts and raw scores between pods of the same shape while tracing is off and
   * only built-in plugins run (see equivalence-cache.ts). Default true; every decision, Event and
   * status patch is the same either way, only the time differs.
   */
  equivalenceCache?: boolean;
}

/** NO_NODES is kube-scheduler's ErrNoNodesAvailable message. */
export const NO_NODES = 'no nodes available to schedule pods';
/** How often unschedulable pods are checked for the 5-minute flush (kube-scheduler: 30 s). */
const FLUSH_INTERVAL_MS = 30_000;

export class Scheduler {
  /** framework holds the filter and score plugins; step code may add, remove or replace plugins. */
  readonly framework: Framework;
  readonly cache = new SchedulerCache();
  readonly queue: SchedulingQueue;
  readonly schedulerName: string;
  /** equivalence is the scheduler's equivalence cache (undefined when turned off by the options). */
  readonly equivalence: EquivalenceCache | undefined;
  private readonly recorder: EventRecorder;
  private readonly pods: Informer<Pod>;
  private readonly nodes: Informer<Node>;
  private readonly percentageOfNodesToScore: number;
  private nextStartNodeIndex = 0;
  private running = false;
  private cycleTask: ScheduledTask | undefined;
  private flushTask: ScheduledTask | undefined;

  constructor(
    private readonly client: ApiClient,
    private readonly ctx: SimContext,
    options: SchedulerOptions = {},
  ) {
    this.framework = options.framework ?? Framework.withDefaults();
    this.schedulerName = options.schedulerName ?? 'default-scheduler';
    this.percentageOfNodesToScore = options.percentageOfNodesToScore ?? 0;
    this.equivalence = options.equivalenceCache === false ? undefined : new EquivalenceCache();
    this.recorder = new EventRecorder(client, ctx, { component: this.schedulerName });
    this.queue = new SchedulingQueue(ctx, () => this.kick());
    // Finished pods free their resources: the field selector makes them leave (DELETED) the watch.
    this.pods = new Informer<Pod>(client, ctx, { resource: 'pods', fieldSelector: 'status.phase!=Succeeded,status.phase!=Failed' }, {
      onAdd: (pod) => this.onPodAdd(pod),
      onUpdate: (oldPod, pod) => this.onPodUpdate(oldPod, pod),
      onDelete: (pod) => this.onPodDelete(pod),
      onSynced: () => this.kick(),
    });
    this.nodes = new Informer<Node>(client, ctx, { resource: 'nodes' }, {
      onAdd: (node) => this.onNodeChange(undefined, node),
      onUpdate: (oldNode, node) => this.onNodeChange(oldNode, node),
      onDelete: (node) => this.cache.removeNode(node.metadata.name ?? ''),
      onSynced: () => this.kick(),
    });
  }

  /** start begins watching and scheduling. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.nodes.start();
    this.pods.start();
    this.scheduleFlush();
  }

  /** stop stops watching and scheduling; queued pods stay queued for a later start. */
  stop(): void {
    this.running = false;
    this.nodes.stop();
    this.pods.stop();
    this.ctx.loop.cancel(this.cycleTask);
    this.ctx.loop.cancel(this.flushTask);
    this.cycleTask = this.flushTask = undefined;
  }

  /**
   * scheduleOne makes one scheduling attempt for the next queued pod, in kube-scheduler's phases.
   * Returns false when no pod was waiting.
   */
  scheduleOne(): boolean {
    // Phase 1 — pop: the highest-priority, longest-waiting pod.
    const queued = this.queue.pop();
    if (!queued) return false;
    const pod = queued.pod;
    if (pod.metadata.deletionTimestamp || pod.spec.nodeName) return true;

    // Phases 2–4 — filter every node, score the feasible ones, select the best.
    const nodes = this.cache.nodeList();
    const builtInsOnly = runsOnlyBuiltIns(this.framework);
    if (!builtInsOnly) shieldFromPlugins(pod, nodes);
    const result: ScheduleAttempt =
      nodes.length === 0
        ? { evaluated: 0, feasible: 0, filtered: { feasible: [], evaluated: 0, rejected: [], rejections: [] } }
        : attemptSchedule(this.framework, pod, nodes, this.attemptOptions(builtInsOnly), (queued.info ??= computePodInfo(pod, queued.key)));
    if (nodes.length > 0) this.nextStartNodeIndex = (this.nextStartNodeIndex + result.evaluated) % nodes.length;
    // The failures Map is built only here, when no node fit: a scheduled pod never needs it.
    const failure =
      result.error ??
      (result.selected ? undefined : nodes.length === 0 ? NO_NODES : failedSchedulingMessage(nodes.length, failureMap(result.filtered), pod.spec.preemptionPolicy));
    this.traceAttempt(queued, nodes.length, result, failure);
    if (failure !== undefined || !result.selected) {
      this.handleFailure(queued, failure ?? NO_NODES);
      return true;
    }

    // Phase 5 — assume: count the pod on its node now, so the next pod sees the space as taken.
    this.cache.assume(queued.info ?? podInfoOf(pod), result.selected);

    // Phase 6 — bind: tell the API server (asynchronously; the next pod does not wait).
    this.bind(queued, result.selected);
    return true;
  }

  /** The options of the attempt under way, one object updated for every attempt (see attemptOptions). */
  private readonly scheduleOptions: ScheduleOptions = {};

  /** attemptOptions readies the options of the next attempt (attemptSchedule keeps no reference to them). */
  private attemptOptions(builtInsOnly: boolean): ScheduleOptions {
    const options = this.scheduleOptions;
    options.percentageOfNodesToScore = this.percentageOfNodesToScore;
    options.startIndex = this.nextStartNodeIndex;
    options.detail = this.ctx.trace.enabled;
    options.equivalence = this.equivalence;
    options.board = this.equivalence && this.cache.nodeBoard();
    options.builtInsOnly = builtInsOnly;
    return options;
  }

  private bind(queued: QueuedPod, nodeName: string): void {
    const pod = queued.pod;
    const namespace = pod.metadata.namespace ?? 'default';
    const name = pod.metadata.name ?? '';
    const binding: Binding = {
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: { name, namespace },
      target: { apiVersion: 'v1', kind: 'Node', name: nodeName },
    };
    // The binding is built for this request alone, as plain JSON: the transport need not copy it.
    this.client.create({ resource: 'pods', namespace, name, subresource: 'binding' }, handOver(binding), (result) => {
      if (result.ok) {
        this.recorder.event(pod, 'Normal', 'Scheduled', `Successfully assigned ${namespace}/${name} to ${nodeName}`);
        return;
      }
      this.cache.forget(podInfoOf(pod).uid);
      // 404: the pod is gone; 409 already assigned: someone else bound it. Neither needs a retry.
      if (result.code === 404 || result.code === 409) {
        this.queue.delete(queued.key);
        return;
      }
      this.handleFailure(queued, `Binding rejected: ${result.status.message ?? `HTTP ${result.code}`}`);
      this.queue.moveAllToActiveOrBackoff();
    });
  }

  /** handleFailure reports a failed attempt and parks the pod until something changes. */
  private handleFailure(queued: QueuedPod, message: string): void {
    const pod = queued.pod;
    this.recorder.event(pod, 'Warning', 'FailedScheduling', message);
    this.queue.addUnschedulable(queued);
    const current = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
    if (current && current.status === 'False' && current.reason === 'Unschedulable' && current.message === message) return;
    const condition: PodCondition = {
      type: 'PodScheduled',
      status: 'False',
      // No `lastProbeTime: null` here: in a patch, null means "delete this field".
      lastTransitionTime: timestamp(this.ctx.loop.now()),
      reason: 'Unschedulable',
      message,
    };
    this.client.patch(
      { resource: 'pods', namespace: pod.metadata.namespace ?? 'default', name: pod.metadata.name ?? '', subresource: 'status' },
      { status: { conditions: [condition] } },
      'strategic',
      () => {},
    );
  }

  private traceAttempt(queued: QueuedPod, nodeCount: number, result: ScheduleAttempt, failure: string | undefined): void {
    if (!this.ctx.trace.enabled) return;
    const summary = result.selected
      ? `${queued.key} → ${result.selected} (${result.feasible}/${nodeCount} nodes fit)`
      : `${queued.key}: ${failure?.split('. preemption:')[0] ?? NO_NODES}`;
    const data: Record<string, unknown> = {
      pod: queued.key,
      attempt: queued.attempts,
      filterPlugins: this.framework.filterPlugins.map((p) => p.name),
      scorePlugins: this.framework.scorePlugins.map((p) => ({ name: p.name, weight: p.weight })),
      nodes: result.nodes ?? [],
      selected: result.selected ?? null,
    };
    if (failure !== undefined) data.message = failure;
    this.ctx.trace.record({ kind: 'action', from: SCHEDULER, to: SCHEDULER, action: 'schedule', summary, data });
  }

  /** kick makes sure a scheduling cycle runs soon if pods are waiting and the caches are ready. */
  private kick(): void {
    if (!this.running || this.cycleTask || this.queue.activeCount === 0) return;
    if (!this.pods.hasSynced || !this.nodes.hasSynced) return;
    this.cycleTask = this.ctx.loop.schedule(Latency.schedulingCycle, 'kube-scheduler: scheduleOne', this.runCycle);
  }

  /** runCycle is the scheduling-cycle task, made once rather than a new closure per pod. */
  private readonly runCycle = (): void => {
    this.cycleTask = undefined;
    if (!this.running) return;
    this.scheduleOne();
    this.kick();
  };

  private scheduleFlush(): void {
    this.flushTask = this.ctx.loop.schedule(
      FLUSH_INTERVAL_MS,
      'kube-scheduler: flush unschedulable pods',
      () => {
        this.queue.flushUnschedulableLeftover();
        this.scheduleFlush();
      },
      { background: true },
    );
  }

  /** isOurs: our schedulerName, and no scheduling gates (the SchedulingGates plugin holds those back). */
  private isOurs(pod: Pod): boolean {
    return (pod.spec.schedulerName ?? 'default-scheduler') === this.schedulerName && !pod.spec.schedulingGates?.length;
  }

  private onPodAdd(pod: Pod): void {
    if (pod.spec.nodeName) this.cache.setAssignedPod(pod);
    else if (this.isOurs(pod) && !pod.metadata.deletionTimestamp) this.queue.add(pod);
  }

  private onPodUpdate(oldPod: Pod, pod: Pod): void {
    if (pod.spec.nodeName) {
      if (oldPod.spec.nodeName) this.cache.setAssignedPod(pod);
      else this.onPodBound(pod);
    } else if (pod.metadata.deletionTimestamp || !this.isOurs(pod)) {
      this.queue.delete(`${pod.metadata.namespace ?? 'default'}/${pod.metadata.name}`);
    } else {
      this.queue.update(pod);
    }
  }

  /**
   * onPodBound takes a pod the watch shows bound for the first time into the cache, then drops it
   * from the queue by the key the cache's PodInfo holds: for a pod this scheduler assumed, the
   * queue's own key string, a lookup without making and hashing a new one. A pod the cache cannot
   * take (its requests do not parse) still leaves the queue, as in kube-scheduler, whose queue and
   * cache hear of the binding apart, and the error goes on (a catch rather than a finally: the
   * same effect, without QuickJS's finally subroutine on every binding).
   */
  private onPodBound(pod: Pod): void {
    let key: string;
    try {
      key = this.cache.setAssignedPod(pod).key;
    } catch (error) {
      this.queue.delete(podKey(pod));
      throw error;
    }
    this.queue.delete(key);
  }

  private onPodDelete(pod: Pod): void {
    if (pod.spec.nodeName || this.cache.nodeOf(podInfoOf(pod).uid)) {
      this.cache.removePod(pod);
      // Freed resources or ports may let a waiting pod fit.
      this.queue.moveAllToActiveOrBackoff();
    }
    this.queue.delete(`${pod.metadata.namespace ?? 'default'}/${pod.metadata.name}`);
  }

  private onNodeChange(oldNode: Node | undefined, node: Node): void {
    this.cache.setNode(node);
    if (oldNode === undefined || nodeSchedulingChanged(oldNode, node)) this.queue.moveAllToActiveOrBackoff();
  }
}

/** nodeSchedulingChanged ignores heartbeats: only labels, taints, cordon and allocatable matter. */
function nodeSchedulingChanged(a: Node, b: Node): boolean {
  return (
    JSON.stringify(a.metadata.labels ?? {}) !== JSON.stringify(b.metadata.labels ?? {}) ||
    JSON.stringify(a.spec ?? {}) !== JSON.stringify(b.spec ?? {}) ||
    JSON.stringify(a.status?.allocatable ?? {}) !== JSON.stringify(b.status?.allocatable ?? {})
  );
}

/**
 * shieldFromPlugins freezes what a plugin from step code is handed that the scheduler shares with
 * its informers and so with the API server's watch cache: the pod, the Node objects and the pods
 * on them. A write into one then fails where it happens, in the page as in the tests, instead of
 * silently changing what every component sees. Objects frozen once stay frozen, so later attempts
 * only check.
 */
function shieldFromPlugins(pod: Pod, nodes: readonly NodeInfo[]): void {
  freezeThrough(pod);
  for (const nodeInfo of nodes) {
    freezeThrough(nodeInfo.node);
    for (const info of nodeInfo.pods.values()) freezeThrough(info.pod);
  }
}
