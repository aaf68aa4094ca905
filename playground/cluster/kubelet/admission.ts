/**
 * admitPod is the kubelet's own resource check (the predicate admit handler): a pod that reaches
 * the node without the scheduler — `spec.nodeName` set by hand — and asks for more than the node
 * has left is rejected with phase Failed and reason OutOfcpu / OutOfmemory / OutOfpods, as a real
 * kubelet does.
 */
import type { Requests } from '../scheduler/pod-info';

/** Rejection is why a pod may not run here. */
export interface Rejection {
  reason: string;
  message: string;
}

/** Allocatable is the node's allocatable CPU (millicores), memory (bytes) and pod count. */
export interface NodeAllocatable {
  milliCpu: number;
  memory: number;
  pods: number;
}

/**
 * admitPod checks a pod asking for `requests` against what the already admitted pods use;
 * undefined means admitted. `admitted` is how many pods the node runs, `used` their summed
 * requests (the kubelet keeps that sum, so no pod is re-read to add them up).
 */
export function admitPod(requests: Requests, admitted: number, used: Requests, allocatable: NodeAllocatable): Rejection | undefined {
  if (admitted + 1 > allocatable.pods) {
    return { reason: 'OutOfpods', message: `Node didn't have enough resource: pods, requested: 1, used: ${admitted}, capacity: ${allocatable.pods}` };
  }
  const { milliCpu: usedCpu, memory: usedMemory } = used;
  if (requests.milliCpu > 0 && usedCpu + requests.milliCpu > allocatable.milliCpu) {
    return { reason: 'OutOfcpu', message: `Node didn't have enough resource: cpu, requested: ${requests.milliCpu}, used: ${usedCpu}, capacity: ${allocatable.milliCpu}` };
  }
  if (requests.memory > 0 && usedMemory + requests.memory > allocatable.memory) {
    return { reason: 'OutOfmemory', message: `Node didn't have enough resource: memory, requested: ${requests.memory}, used: ${usedMemory}, capacity: ${allocatable.memory}` };
  }
  return undefined;
}
