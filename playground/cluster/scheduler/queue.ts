/**
 * SchedulingQueue holds the pods waiting for a node, like kube-scheduler's PriorityQueue:
 * - activeQ: ready to try, highest `spec.priority` first, then first come first served (PrioritySort);
 * - unschedulable: tried and failed; they wait for a cluster change (a node added or changed, a pod
 *   deleted) that might let them fit, or for the 5-minute flush;
 * - back-off: a pod that failed recently waits 1 s, 2 s, 4 s… (at most 10 s) before its next try,
 *   so a busy cluster does not spin on it.
 */
import type { Pod } from '../api/types';
import type { SimContext } from '../sim/context';
import type { ScheduledTask } from '../sim/loop';
import { podKey, type PodInfo } from './pod-info';
import { ActiveQueue } from './active-queue';

/** QueuedPod is a pod plus its queueing history. */
export interface QueuedPod {
  pod: Pod;
  readonly key: string;
  /**
   * `pod.spec.priority ?? 0`, copied whenever `pod` is replaced: activeQ files the pod under it (see
   * ActiveQueue), and reading it through pod and spec of 10,000 queued pods misses the CPU cache.
   */
  priority: number;
  /**
   * The PodInfo of `pod`, made by the scheduler on the first attempt and dropped whenever `pod` is
   * replaced: kept here rather than in podInfoOf's WeakMap, whose entries the garbage collector
   * must revisit while ten thousand pods wait.
   */
  info?: PodInfo;
  /** Order among equal priorities: set each time the pod (re)enters activeQ. */
  seq: number;
  /** Scheduling attempts so far. */
  attempts: number;
  /** Virtual time of the last failed attempt. */
  lastFailureAt: number;
  /**
   * Whether the pod waits in activeQ: set when it enters, cleared when it is popped or deleted.
   * A flag on the entry rather than a Set of keys: popping and deleting each of ten thousand pods
   * then looks up no key (Node: the Set's table misses the CPU cache; QuickJS: hashes the key).
   */
  active: boolean;
}

/** Back-off bounds, kube-scheduler's podInitialBackoffSeconds / podMaxBackoffSeconds. */
export const POD_INITIAL_BACKOFF_MS = 1_000;
export const POD_MAX_BACKOFF_MS = 10_000;
/** Unschedulable pods are retried after this long even without a cluster event. */
export const POD_MAX_IN_UNSCHEDULABLE_MS = 5 * 60_000;

/** backoffMs is the wait after `attempts` failed attempts. */
export function backoffMs(attempts: number): number {
  return Math.min(POD_MAX_BACKOFF_MS, POD_INITIAL_BACKOFF_MS * 2 ** Math.max(0, attempts - 1));
}

export class SchedulingQueue {
  /** activeQ's order (PrioritySort: higher priority first, then the earlier arrival). */
  private readonly active = new ActiveQueue<QueuedPod>();
  /** Every pod the queue knows, wherever it waits, by key. */
  private readonly entries = new Map<string, QueuedPod>();
  /** How many entries are `active`. */
  private activeEntries = 0;
  private readonly unschedulable = new Set<string>();
  private readonly backoffTimers = new Map<string, ScheduledTask>();
  private nextSeq = 0;

  /** @param onActive runs when a pod becomes ready to schedule (the scheduler kicks its loop). */
  constructor(
    private readonly ctx: SimContext,
    private readonly onActive: () => void,
  ) {}

  /** add queues a new pending pod (or refreshes a known one). */
  add(pod: Pod): void {
    const key = podKey(pod);
    const known = this.entries.get(key);
    if (known) {
      this.update(pod);
      return;
    }
    // Every field in the literal, `info` too (set at the first attempt): V8 keeps a field added
    // later in a separate property array, one more object for each of the pods waiting at once.
    const entry: QueuedPod = { pod, key, priority: pod.spec.priority ?? 0, info: undefined, seq: 0, attempts: 0, lastFailureAt: 0, active: false };
    this.entries.set(key, entry);
    this.activate(entry);
  }

  /**
   * update replaces a queued pod's object. An unschedulable pod whose spec or labels changed gets
   * another try; a status-only change (our own PodScheduled condition) does not.
   */
  update(pod: Pod): void {
    const entry = this.entries.get(podKey(pod));
    if (!entry) {
      this.add(pod);
      return;
    }
    const previous = entry.pod;
    const priority = pod.spec.priority ?? 0;
    entry.pod = pod;
    entry.info = undefined;
    if (priority !== entry.priority) {
      // The API server keeps a pod's priority; a pod that changed it anyway moves in activeQ.
      entry.priority = priority;
      if (entry.active) this.active.push(entry);
    }
    if (this.unschedulable.has(entry.key) && schedulingRelevantChange(previous, pod)) this.moveToActiveOrBackoff(entry);
  }

  /** delete forgets a pod (bound, deleted, or no longer ours). */
  delete(key: string): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.entries.delete(key);
    if (entry.active) {
      entry.active = false;
      this.activeEntries--;
    }
    // Most pods never wait there: no key is looked up in an empty set.
    if (this.unschedulable.size > 0) this.unschedulable.delete(key);
    if (this.backoffTimers.size > 0) {
      this.ctx.loop.cancel(this.backoffTimers.get(key));
      this.backoffTimers.delete(key);
    }
  }

  /** pop takes the next pod to schedule from activeQ. */
  pop(): QueuedPod | undefined {
    for (let entry = this.active.pop(); entry !== undefined; entry = this.active.pop()) {
      // Entries deleted or popped since they were pushed are skipped here (delete clears the flag).
      if (entry.active) {
        entry.active = false;
        this.activeEntries--;
        entry.attempts++;
        return entry;
      }
    }
    return undefined;
  }

  /** addUnschedulable parks a pod that just failed until a cluster event moves it back. */
  addUnschedulable(entry: QueuedPod): void {
    if (this.entries.get(entry.key) !== entry) return;
    entry.lastFailureAt = this.ctx.loop.now();
    this.unschedulable.add(entry.key);
  }

  /** moveAllToActiveOrBackoff retries every unschedulable pod: something changed that may help. */
  moveAllToActiveOrBackoff(): void {
    for (const key of [...this.unschedulable]) this.moveToActiveOrBackoff(this.entries.get(key)!);
  }

  /** flushUnschedulableLeftover retries pods that have waited longer than 5 minutes. */
  flushUnschedulableLeftover(): void {
    const now = this.ctx.loop.now();
    for (const key of [...this.unschedulable]) {
      const entry = this.entries.get(key)!;
      if (now - entry.lastFailureAt >= POD_MAX_IN_UNSCHEDULABLE_MS) this.moveToActiveOrBackoff(entry);
    }
  }

  /** activeCount is the number of pods ready to schedule. */
  get activeCount(): number {
    return this.activeEntries;
  }

  /** pendingKeys lists every queued pod by where it waits (for tests and the UI). */
  snapshot(): { active: string[]; backoff: string[]; unschedulable: string[] } {
    const active: string[] = [];
    for (const entry of this.entries.values()) if (entry.active) active.push(entry.key);
    return { active: active.sort(), backoff: [...this.backoffTimers.keys()].sort(), unschedulable: [...this.unschedulable].sort() };
  }

  private moveToActiveOrBackoff(entry: QueuedPod): void {
    this.unschedulable.delete(entry.key);
    if (this.backoffTimers.has(entry.key)) return;
    const readyAt = entry.lastFailureAt + backoffMs(entry.attempts);
    const wait = readyAt - this.ctx.loop.now();
    if (entry.attempts === 0 || wait <= 0) {
      this.activate(entry);
      return;
    }
    const timer = this.ctx.loop.schedule(wait, `kube-scheduler: back-off ${entry.key}`, () => {
      this.backoffTimers.delete(entry.key);
      if (this.entries.get(entry.key) === entry) this.activate(entry);
    });
    this.backoffTimers.set(entry.key, timer);
  }

  private activate(entry: QueuedPod): void {
    if (entry.active) return;
    entry.seq = this.nextSeq++;
    entry.active = true;
    this.activeEntries++;
    this.active.push(entry);
    this.onActive();
  }
}

/** schedulingRelevantChange ignores status and bookkeeping, as kube-scheduler's isPodUpdated does. */
function schedulingRelevantChange(a: Pod, b: Pod): boolean {
  return (
    JSON.stringify(a.spec) !== JSON.stringify(b.spec) ||
    JSON.stringify(a.metadata.labels ?? {}) !== JSON.stringify(b.metadata.labels ?? {}) ||
    JSON.stringify(a.metadata.annotations ?? {}) !== JSON.stringify(b.metadata.annotations ?? {})
  );
}
