/**
 * NodeInfo is the scheduler's precomputed view of one node: allocatable resources parsed once,
 * and the running totals of what pods assigned to it request. Filters and scores read these
 * numbers instead of walking the node's pods, which keeps each check O(1).
 */
import type { Node, Taint } from '../api/types';
import type { PodInfo, Requests } from './pod-info';
import { freezeGuarded } from '../sim/freeze';
import type { NodeBoard } from './node-board';
import { parseCpuMillis, parseMemoryBytes, parseQuantity } from '../api/quantity';

/** Allocatable is what the node offers to pods. */
export interface Allocatable extends Requests {
  pods: number;
}

/**
 * NO_TAINTS is the one empty taint list every untainted node shares: the filter walk reads
 * `hardTaints.length` on every node, and one shared array stays in the CPU cache where a
 * thousand separate empty arrays would not.
 */
const NO_TAINTS: readonly Taint[] = Object.freeze([]);

/**
 * How many NodeInfos (of any scheduler in this process) are cordoned, or carry PreferNoSchedule
 * taints, right now. When none is, NodeUnschedulable can be left out of the node walk and
 * TaintToleration's score is the same for every node, without looking at a single node. A
 * NodeInfo that is dropped while cordoned keeps its count: the hint then only errs on the side
 * of looking.
 */
const flagged = { cordoned: 0, softTainted: 0 };

/**
 * The last generation handed out. Every change of any NodeInfo takes the next number, so a
 * generation names one NodeInfo in one state: a cache entry that remembers it is valid exactly
 * while the NodeInfo still has it, whichever list position or scheduler the NodeInfo is in.
 */
let lastGeneration = 0;

/** anyNodeCordoned says whether some NodeInfo may be cordoned (false: certainly none is). */
export function anyNodeCordoned(): boolean {
  return flagged.cordoned > 0;
}

/** anyNodeSoftTainted says whether some NodeInfo may carry PreferNoSchedule taints (false: none does). */
export function anyNodeSoftTainted(): boolean {
  return flagged.softTainted > 0;
}

/** NodeInfo is the scheduler's view of one node (see the file comment). */
export class NodeInfo {
  /**
   * Flat copies of `allocatable`, `requested` and `nonZeroRequested`, declared first so they sit
   * in this object's first bytes: NodeResourcesFit and NodeResourcesBalancedAllocation read them on
   * every node of every attempt, and three separate records cost three more cache misses per node
   * once the API server's work between two attempts has evicted them. Read-only; kept in step with
   * the records, which stay the readable API.
   */
  allocatableMilliCpu = 0;
  allocatableMemory = 0;
  allocatablePods = 0;
  requestedMilliCpu = 0;
  requestedMemory = 0;
  nonZeroMilliCpu = 0;
  nonZeroMemory = 0;
  /**
   * allocatable minus requested, the very subtraction NodeResourcesFit would make, made once per
   * change instead of per pod: V8 keeps each large number (bytes) in a box of its own, and the
   * filter then opens one box instead of two.
   */
  freeMilliCpu = 0;
  freeMemory = 0;
  /**
   * plainResources says the resource scores' inputs are ordinary numbers: allocatable CPU and
   * memory above 0 and below PLAIN_ALLOCATABLE_LIMIT, the non-zero requests finite and at least 0.
   * The scores' divisions then land in 0..100 and truncate with `| 0` exactly as with Math.trunc,
   * a call QuickJS pays for (see resolveResources). Read-only.
   */
  plainResources = false;
  /**
   * labels is `node.metadata.labels`, held here so NodeAffinity reaches them in one step rather than
   * through node and metadata: for a pod with a zone constraint it reads them on every node, and
   * each step is a likely cache miss. Read-only.
   */
  labels: Readonly<Record<string, string>> | undefined = undefined;
  /** The last key `label` looked up, and what it found (see there). */
  private labelKey: string | undefined = undefined;
  private labelValue: string | undefined = undefined;
  private labelsFrozen = false;
  /** node is the Node object as last seen from the API server. */
  node!: Node;
  name = '';
  readonly allocatable: Allocatable = { milliCpu: 0, memory: 0, pods: 0 };
  /** spec.unschedulable (cordoned), read once per node change rather than per pod. */
  unschedulable = false;
  /** Taints with effect NoSchedule or NoExecute (what the TaintToleration filter checks). */
  hardTaints: readonly Taint[] = NO_TAINTS;
  /** Taints with effect PreferNoSchedule (what the TaintToleration score counts). */
  softTaints: readonly Taint[] = NO_TAINTS;
  /** Sum of the requests of the pods on this node. */
  readonly requested: Requests = { milliCpu: 0, memory: 0 };
  /** Same, with the scoring defaults for pods that request nothing. */
  readonly nonZeroRequested: Requests = { milliCpu: 0, memory: 0 };
  /** Host ports in use, `<protocol>/<port>` → number of pods using it. */
  readonly usedPorts = new Map<string, number>();
  /** Pods on the node by uid, including pods the scheduler assumed but the API has not confirmed. */
  readonly pods = new Map<string, PodInfo>();
  /**
   * The uid last added to `pods`, while it is still the last key there (undefined: not known):
   * replacePod then swaps its value in place, where a delete and a set would leave the Map a
   * hole to clear (V8 rebuilds its table once they add up).
   */
  private lastUid: string | undefined = undefined;
  /**
   * podCount is the number of pods on the node (what the `pods` allocatable limits): pods.size,
   * kept as a plain field because NodeResourcesFit reads it for every node of every attempt, and
   * reaching into 1,000 Maps' tables (or calling a getter, in QuickJS) costs more. Read-only.
   */
  podCount = 0;
  /**
   * generation changes (to a number no NodeInfo had before) whenever anything the built-in plugins
   * read changes: the node object, or the pods on the node. The equivalence cache keeps a plugin's
   * verdict for a node only as long as the node's generation stays the same.
   */
  generation = 0;
  /**
   * objectGeneration is the generation the NodeInfo took when it last read a node object (setNode):
   * unchanged while only its pods change. What depends on the node object alone (its name,
   * labels, taints, cordon) is the same as long as this is.
   */
  objectGeneration = 0;
  /**
   * immutable says the node object cannot change behind this NodeInfo's back: its labels and taints
   * (which plugins read live) are frozen, as the API server's objects are, or the freeze guard is
   * off, as in the page, where the control plane's shared objects are never changed by contract and
   * are left unfrozen only for speed. Only such nodes' verdicts are cached.
   */
  immutable = false;

  /** The generation board this NodeInfo keeps its generation on, and its place there (see attachBoard). */
  private board: NodeBoard | undefined = undefined;
  private slot = 0;

  constructor(node: Node) {
    this.setNode(node);
  }

  /**
   * attachBoard makes this NodeInfo keep its generation at `slot` of `board` from now on, logging
   * every change there (undefined: nowhere). SchedulerCache keeps one board for its node list.
   */
  attachBoard(board: NodeBoard | undefined, slot: number): void {
    this.board = board;
    this.slot = slot;
    if (board !== undefined) board.set(slot, this.generation, this.objectGeneration);
  }

  /**
   * touch gives the NodeInfo a new generation: something a plugin reads has changed (the node
   * object itself when `object`, else its pods).
   */
  private touch(object: boolean): void {
    this.generation = ++lastGeneration;
    if (object) this.objectGeneration = this.generation;
    if (this.board !== undefined) this.board.set(this.slot, this.generation, this.objectGeneration);
  }

  /** setNode (re)reads the node object: allocatable, taints. Pod totals are kept. */
  setNode(node: Node): void {
    this.touch(true);
    this.node = node;
    this.name = node.metadata.name ?? '';
    this.labels = node.metadata.labels;
    this.labelKey = undefined;
    this.labelValue = undefined;
    // Objects from the API server are frozen; labels that can still change are read afresh.
    this.labelsFrozen = this.labels === undefined || Object.isFrozen(this.labels);
    const allocatable = node.status?.allocatable ?? node.status?.capacity ?? {};
    // Updated in place: every heartbeat brings a new Node object, and keeping the one record the
    // filters read keeps it next to this NodeInfo in memory instead of scattered over the heap.
    // All three parsed before any is stored, so a bad quantity leaves the record as it was.
    const milliCpu = allocatable.cpu !== undefined ? parseCpuMillis(allocatable.cpu) : 0;
    const memory = allocatable.memory !== undefined ? parseMemoryBytes(allocatable.memory) : 0;
    const pods = allocatable.pods !== undefined ? Math.floor(parseQuantity(allocatable.pods)) : 0;
    this.allocatable.milliCpu = this.allocatableMilliCpu = milliCpu;
    this.allocatable.memory = this.allocatableMemory = memory;
    this.allocatable.pods = this.allocatablePods = pods;
    this.freeMilliCpu = this.allocatableMilliCpu - this.requestedMilliCpu;
    this.freeMemory = this.allocatableMemory - this.requestedMemory;
    this.plainResources = plainResources(this);
    const wasCordoned = this.unschedulable;
    const wasSoftTainted = this.softTaints.length > 0;
    this.unschedulable = Boolean(node.spec?.unschedulable);
    const taints = node.spec?.taints ?? NO_TAINTS;
    const hard: Taint[] = [];
    const soft: Taint[] = [];
    for (const taint of taints) {
      if (taint.effect === 'NoSchedule' || taint.effect === 'NoExecute') hard.push(taint);
      else if (taint.effect === 'PreferNoSchedule') soft.push(taint);
    }
    this.immutable = !guardOn() || (this.labelsFrozen && Object.isFrozen(taints) && taints.every((taint) => Object.isFrozen(taint)));
    this.hardTaints = hard.length > 0 ? hard : NO_TAINTS;
    this.softTaints = soft.length > 0 ? soft : NO_TAINTS;
    if (wasCordoned !== this.unschedulable) flagged.cordoned += this.unschedulable ? 1 : -1;
    if (wasSoftTainted !== soft.length > 0) flagged.softTainted += soft.length > 0 ? 1 : -1;
  }

  /**
   * label is the value of the node's own label `key`, or undefined. It remembers the last key it
   * was asked for: pods with a zone constraint ask every node for the same label, pod after pod,
   * and the answer on this object is at hand where the labels object is likely a cache miss.
   * Only for frozen labels (as the API server's are), which cannot change behind its back.
   */
  label(key: string): string | undefined {
    if (key === this.labelKey) return this.labelValue;
    const labels = this.labels;
    const value = labels !== undefined && Object.hasOwn(labels, key) ? labels[key] : undefined;
    if (this.labelsFrozen) {
      this.labelKey = key;
      this.labelValue = value;
    }
    return value;
  }

  /** addPod counts a pod's requests and ports against this node. */
  addPod(pod: PodInfo): void {
    if (this.pods.has(pod.uid)) return;
    this.touch(false);
    this.pods.set(pod.uid, pod);
    this.lastUid = pod.uid;
    this.podCount++;
    this.requested.milliCpu = this.requestedMilliCpu += pod.requests.milliCpu;
    this.requested.memory = this.requestedMemory += pod.requests.memory;
    this.nonZeroRequested.milliCpu = this.nonZeroMilliCpu += pod.nonZeroRequests.milliCpu;
    this.nonZeroRequested.memory = this.nonZeroMemory += pod.nonZeroRequests.memory;
    this.freeMilliCpu = this.allocatableMilliCpu - this.requestedMilliCpu;
    this.freeMemory = this.allocatableMemory - this.requestedMemory;
    this.plainResources = plainResources(this);
    // Indexed: a for…of allocates an iterator in QuickJS, for the empty list of most pods too.
    const hostPorts = pod.hostPorts;
    for (let i = 0; i < hostPorts.length; i++) this.usedPorts.set(hostPorts[i], (this.usedPorts.get(hostPorts[i]) ?? 0) + 1);
  }

  /** removePod undoes addPod for the pod with this uid; unknown uids are ignored. */
  removePod(uid: string): void {
    const pod = this.pods.get(uid);
    if (!pod) return;
    this.touch(false);
    this.pods.delete(uid);
    if (uid === this.lastUid) this.lastUid = undefined;
    this.podCount--;
    this.requested.milliCpu = this.requestedMilliCpu -= pod.requests.milliCpu;
    this.requested.memory = this.requestedMemory -= pod.requests.memory;
    this.nonZeroRequested.milliCpu = this.nonZeroMilliCpu -= pod.nonZeroRequests.milliCpu;
    this.nonZeroRequested.memory = this.nonZeroMemory -= pod.nonZeroRequests.memory;
    this.freeMilliCpu = this.allocatableMilliCpu - this.requestedMilliCpu;
    this.freeMemory = this.allocatableMemory - this.requestedMemory;
    this.plainResources = plainResources(this);
    const hostPorts = pod.hostPorts;
    for (let i = 0; i < hostPorts.length; i++) {
      const port = hostPorts[i];
      const users = (this.usedPorts.get(port) ?? 1) - 1;
      if (users <= 0) this.usedPorts.delete(port);
      else this.usedPorts.set(port, users);
    }
  }

  /**
   * replacePod is removePod then addPod for a newer object of a pod on this node (the watch
   * confirming an assumed pod, a status update). When the new object asks for the same resources
   * and ports, as it nearly always does, nothing a plugin reads changes: the pod is swapped
   * (moving to the end of `pods`, as remove-then-add moves it) and the generation is kept, so the
   * node's cached verdicts stay valid. `old` is what `pods` holds for the pod now, when the
   * caller has looked it up already.
   */
  replacePod(pod: PodInfo, old: PodInfo | undefined = this.pods.get(pod.uid)): void {
    if (old === undefined || !sameUsage(old, pod)) {
      this.removePod(pod.uid);
      this.addPod(pod);
      return;
    }
    // The last key already: set in place keeps it last, as a delete and a set would make it.
    if (pod.uid !== this.lastUid) {
      this.pods.delete(pod.uid);
      this.lastUid = pod.uid;
    }
    this.pods.set(pod.uid, pod);
  }
}

/** sameUsage: two PodInfos count the same requests and host ports against a node. */
function sameUsage(a: PodInfo, b: PodInfo): boolean {
  // A PodInfo refreshed from another (refreshPodInfo) shares its records.
  if (a.requests === b.requests && a.nonZeroRequests === b.nonZeroRequests && a.hostPorts === b.hostPorts) return true;
  if (
    a.requests.milliCpu !== b.requests.milliCpu ||
    a.requests.memory !== b.requests.memory ||
    a.nonZeroRequests.milliCpu !== b.nonZeroRequests.milliCpu ||
    a.nonZeroRequests.memory !== b.nonZeroRequests.memory ||
    a.hostPorts.length !== b.hostPorts.length
  ) {
    return false;
  }
  for (let i = 0; i < a.hostPorts.length; i++) if (a.hostPorts[i] !== b.hostPorts[i]) return false;
  return true;
}

/**
 * PLAIN_ALLOCATABLE_LIMIT bounds a plain allocatable: LeastAllocated multiplies the free share by
 * 100 before it divides, and above about 1.8e306 (a memory of `1e307`, which the API takes) that
 * product is Infinity, a score the plugin reports as invalid where `| 0` would make it 0.
 */
const PLAIN_ALLOCATABLE_LIMIT = 1e300;

/** plainResources: see NodeInfo.plainResources. */
function plainResources(info: NodeInfo): boolean {
  return (
    info.allocatableMilliCpu > 0 &&
    info.allocatableMilliCpu < PLAIN_ALLOCATABLE_LIMIT &&
    info.allocatableMemory > 0 &&
    info.allocatableMemory < PLAIN_ALLOCATABLE_LIMIT &&
    info.nonZeroMilliCpu >= 0 &&
    info.nonZeroMilliCpu < Infinity &&
    info.nonZeroMemory >= 0 &&
    info.nonZeroMemory < Infinity
  );
}

/** guardOn says whether the freeze guard is on, i.e. whether shared objects are frozen. */
function guardOn(): boolean {
  return Object.isFrozen(freezeGuarded({}));
}
