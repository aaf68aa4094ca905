/**
 * PodInfo is what the scheduler derives from a pod once: its resource requests in plain numbers,
 * its host ports and its priority. Computing it once per pod object (cached in a WeakMap, so an
 * updated pod object gets a fresh one) keeps every per-node check O(1).
 */
import type { Container, Pod } from '../api/types';
import { parseCpuMillis, parseMemoryBytes } from '../api/quantity';

/** Requests is CPU in millicores and memory in bytes. */
export interface Requests {
  milliCpu: number;
  memory: number;
}

export interface PodInfo {
  readonly pod: Pod;
  /** `<namespace>/<name>`, the pod's key in queues and caches. */
  readonly key: string;
  readonly uid: string;
  /** What NodeResourcesFit checks against free allocatable. */
  readonly requests: Requests;
  /**
   * Requests with kube-scheduler's defaults (100m CPU, 200Mi memory) for containers that ask for
   * nothing, used only for scoring so that "best effort" pods still spread out. The same record as
   * `requests` when the numbers agree: both are read-only.
   */
  readonly nonZeroRequests: Requests;
  /** Host ports as `<protocol>/<port>` (all on host IP 0.0.0.0 here). */
  readonly hostPorts: readonly string[];
  readonly priority: number;
}

/** DEFAULT_MILLI_CPU_REQUEST is kube-scheduler's stand-in CPU request for scoring (100m). */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
/** DEFAULT_MEMORY_REQUEST is kube-scheduler's stand-in memory request for scoring (200Mi). */
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

const cache = new WeakMap<Pod, PodInfo>();

/** Stands in for a missing container list without allocating one per pod. */
const NO_CONTAINERS: readonly Container[] = Object.freeze([]);

/** NO_HOST_PORTS is the one empty host port list every pod without host ports shares (frozen). */
const NO_HOST_PORTS = Object.freeze([]) as unknown as string[];

/** podKey is `<namespace>/<name>` of a pod (namespace defaults to "default"). */
export function podKey(pod: Pod): string {
  return `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name ?? ''}`;
}

/** podInfoOf returns the (cached) PodInfo of a pod object; it throws on an unparsable quantity. */
export function podInfoOf(pod: Pod): PodInfo {
  let info = cache.get(pod);
  if (!info) {
    info = computePodInfo(pod);
    cache.set(pod, info);
  }
  return info;
}

/**
 * RequestTotals accumulates a pod's requests and their scoring stand-ins while computePodInfo walks
 * its containers; the Requests records are made from it once the totals are known, so that a pod
 * whose two totals agree gets one record (see computePodInfo).
 */
interface RequestTotals {
  milliCpu: number;
  memory: number;
  nonZeroMilliCpu: number;
  nonZeroMemory: number;
}

/** TOTALS is sumRequests' accumulator, reset at each call (nothing in the walk calls it again). */
const TOTALS: RequestTotals = { milliCpu: 0, memory: 0, nonZeroMilliCpu: 0, nonZeroMemory: 0 };

/**
 * addRequests folds one container's requests into `totals` (with the scoring defaults for what the
 * container leaves out). App containers add up (`sum`); init containers run one at a time, so the
 * pod needs at least the largest of them (`max`).
 */
function addRequests(container: Container, totals: RequestTotals, sum: boolean): void {
  const requests = container.resources?.requests;
  const cpu = requests?.cpu;
  const memory = requests?.memory;
  // One test per resource for both the request and its scoring stand-in, and the app containers'
  // sum last (QuickJS counts every jump: a then-branch ends with one over its else).
  let milliCpu = 0;
  let nonZeroMilliCpu = DEFAULT_MILLI_CPU_REQUEST;
  if (cpu !== undefined) nonZeroMilliCpu = milliCpu = parseCpuMillis(cpu);
  let bytes = 0;
  let nonZeroBytes = DEFAULT_MEMORY_REQUEST;
  if (memory !== undefined) nonZeroBytes = bytes = parseMemoryBytes(memory);
  if (!sum) {
    totals.milliCpu = Math.max(totals.milliCpu, milliCpu);
    totals.memory = Math.max(totals.memory, bytes);
    totals.nonZeroMilliCpu = Math.max(totals.nonZeroMilliCpu, nonZeroMilliCpu);
    totals.nonZeroMemory = Math.max(totals.nonZeroMemory, nonZeroBytes);
  } else {
    totals.milliCpu += milliCpu;
    totals.memory += bytes;
    totals.nonZeroMilliCpu += nonZeroMilliCpu;
    totals.nonZeroMemory += nonZeroBytes;
  }
}

/**
 * sumRequests puts the pod's request totals in TOTALS (reset first): the sum over app containers,
 * but at least the largest init container. It says whether any container lists ports.
 */
function sumRequests(pod: Pod): boolean {
  const totals = TOTALS;
  totals.milliCpu = totals.memory = totals.nonZeroMilliCpu = totals.nonZeroMemory = 0;
  let ports = false;
  const containers = pod.spec.containers ?? NO_CONTAINERS;
  for (let i = 0; i < containers.length; i++) {
    addRequests(containers[i], totals, true);
    if (containers[i].ports !== undefined) ports = true;
  }
  const initContainers = pod.spec.initContainers ?? NO_CONTAINERS;
  for (let i = 0; i < initContainers.length; i++) {
    addRequests(initContainers[i], totals, false);
    if (initContainers[i].ports !== undefined) ports = true;
  }
  return ports;
}

/** addHostPorts appends the containers' host ports to `hostPorts`, made at the first one found. */
function addHostPorts(containers: readonly Container[] | undefined, hostPorts: string[] | undefined): string[] | undefined {
  if (!containers) return hostPorts;
  for (let i = 0; i < containers.length; i++) {
    const ports = containers[i].ports;
    if (!ports) continue;
    for (let j = 0; j < ports.length; j++) {
      const port = ports[j];
      if (port.hostPort) (hostPorts ??= []).push(`${port.protocol ?? 'TCP'}/${port.hostPort}`);
    }
  }
  return hostPorts;
}

/**
 * computePodInfo derives a PodInfo without caching it: for pod objects seen once, such as each
 * status update of a bound pod, where a WeakMap entry would only cost the garbage collector work.
 * Requests follow Kubernetes' pod request rule: the sum over app containers, but at least the
 * largest init container. One pass over the containers serves both request totals. `key` is the
 * pod's podKey when the caller holds it already (the scheduling queue does: its entry and the
 * PodInfo then share one string, not two equal ones).
 */
export function computePodInfo(pod: Pod, key: string = podKey(pod)): PodInfo {
  // Whether any container lists ports: host ports are looked for only then (most pods list none).
  const ports = sumRequests(pod);
  const totals = TOTALS;
  const hostPorts = (ports ? addHostPorts(pod.spec.containers, addHostPorts(pod.spec.initContainers, undefined)) : undefined) ?? NO_HOST_PORTS;
  const requests: Requests = { milliCpu: totals.milliCpu, memory: totals.memory };
  // When every container asks for both CPU and memory (most pods do) the scoring stand-ins change
  // nothing: one read-only record serves as both, one object fewer for each pod the scheduler and
  // the kubelet hold (the garbage collectors walk every one of them).
  const nonZeroRequests: Requests =
    totals.nonZeroMilliCpu === totals.milliCpu && totals.nonZeroMemory === totals.memory ? requests : { milliCpu: totals.nonZeroMilliCpu, memory: totals.nonZeroMemory };
  return {
    pod,
    key,
    uid: pod.metadata.uid ?? key,
    requests,
    nonZeroRequests,
    hostPorts,
    priority: pod.spec.priority ?? 0,
  };
}

/**
 * podRequests is computePodInfo(pod).requests alone, for callers that need nothing else of a
 * PodInfo (the kubelet's admission and pod workers): no key string, host port list or PodInfo is
 * made for it. The same walk over the containers as computePodInfo's (sumRequests), so the same numbers.
 */
export function podRequests(pod: Pod): Requests {
  sumRequests(pod);
  return { milliCpu: TOTALS.milliCpu, memory: TOTALS.memory };
}

/**
 * refreshPodInfo is the PodInfo of `pod`, a newer object of the pod `info` was made for (the same
 * uid): `info`'s requests and host ports, shared, when the fields they come from (each container's
 * requests and ports) hold the same values, as in nearly every update (a binding confirmed, a
 * status written); else computePodInfo(pod). Either way equal to computePodInfo(pod).
 */
export function refreshPodInfo(info: PodInfo, pod: Pod): PodInfo {
  const old = info.pod.spec;
  const spec = pod.spec;
  // The same spec object (a status update: the API server keeps the stored spec) has the same fields.
  if (old !== spec && (!sameUsageFields(old.containers, spec.containers) || !sameUsageFields(old.initContainers, spec.initContainers))) return computePodInfo(pod, info.key);
  return { pod, key: info.key, uid: info.uid, requests: info.requests, nonZeroRequests: info.nonZeroRequests, hostPorts: info.hostPorts, priority: spec.priority ?? 0 };
}

/** sameUsageFields: the two container lists have the same requests and port fields, container by container. */
function sameUsageFields(a: readonly Container[] | undefined, b: readonly Container[] | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const requestsA = a[i].resources?.requests;
    const requestsB = b[i].resources?.requests;
    if (requestsA?.cpu !== requestsB?.cpu || requestsA?.memory !== requestsB?.memory) return false;
    const portsA = a[i].ports;
    const portsB = b[i].ports;
    if (portsA === portsB) continue;
    if (portsA === undefined || portsB === undefined || portsA.length !== portsB.length) return false;
    for (let j = 0; j < portsA.length; j++) {
      if (portsA[j].hostPort !== portsB[j].hostPort || portsA[j].protocol !== portsB[j].protocol) return false;
    }
  }
  return true;
}
