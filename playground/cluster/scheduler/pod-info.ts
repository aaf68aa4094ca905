/**
 * PodInfo is what the scheduler derives from a pod once: its resource requests in plain numbers,
 * its host ports and its priority. Computing it once per pod object (cached in a WeakMap, so an
 * updated pod object gets a fresh one) keeps every per-node check O(1).
 */
import type { Container, Pod } from '../api/types';
import { parseCpuMillis, parseMemoryBytes } from './quantity';

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
   * nothing, used only for scoring so that "best effort" pods still spread out.
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

function containerRequests(container: Container, nonZero: boolean): Requests {
  const requests = container.resources?.requests ?? {};
  const cpu = requests.cpu;
  const memory = requests.memory;
  return {
    milliCpu: cpu !== undefined ? parseCpuMillis(cpu) : nonZero ? DEFAULT_MILLI_CPU_REQUEST : 0,
    memory: memory !== undefined ? parseMemoryBytes(memory) : nonZero ? DEFAULT_MEMORY_REQUEST : 0,
  };
}

/**
 * sumRequests follows Kubernetes' pod request rule: the sum over app containers, but at least the
 * largest init container (init containers run one at a time, before the others).
 */
function sumRequests(pod: Pod, nonZero: boolean): Requests {
  const total: Requests = { milliCpu: 0, memory: 0 };
  for (const container of pod.spec.containers ?? []) {
    const r = containerRequests(container, nonZero);
    total.milliCpu += r.milliCpu;
    total.memory += r.memory;
  }
  for (const container of pod.spec.initContainers ?? []) {
    const r = containerRequests(container, nonZero);
    total.milliCpu = Math.max(total.milliCpu, r.milliCpu);
    total.memory = Math.max(total.memory, r.memory);
  }
  return total;
}

function computePodInfo(pod: Pod): PodInfo {
  const hostPorts: string[] = [];
  for (const container of [...(pod.spec.initContainers ?? []), ...(pod.spec.containers ?? [])]) {
    for (const port of container.ports ?? []) {
      if (port.hostPort) hostPorts.push(`${port.protocol ?? 'TCP'}/${port.hostPort}`);
    }
  }
  return {
    pod,
    key: podKey(pod),
    uid: pod.metadata.uid ?? podKey(pod),
    requests: sumRequests(pod, false),
    nonZeroRequests: sumRequests(pod, true),
    hostPorts,
    priority: pod.spec.priority ?? 0,
  };
}
