/**
 * A pod's quality-of-service class, as k8s.io/kubernetes pkg/apis/core/v1/helper/qos computes and
 * reads it: the API server stores it in status.qosClass when the pod is created, and the kubelet
 * and kubectl read that stored class (it never changes afterwards), computing it only for a pod
 * that has none.
 */
import { parseCpuMillis, parseMemoryBytes } from './quantity';
import type { Pod } from './types';

/** QOSClass is one of the three classes. */
export type QOSClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

/**
 * podQOSClass is the class the pod's status records, or computePodQOS of it when it records none
 * (v1qos.PodQOSClass, and kubectl describe's QoS Class line).
 */
export function podQOSClass(pod: Pod): string {
  return pod.status?.qosClass || computePodQOS(pod);
}

/**
 * computePodQOS classifies a pod as ComputePodQOS does. Only cpu and memory count, and only
 * quantities above zero. BestEffort: no container (init containers included) requests or limits
 * either. Guaranteed: every container limits both, and the requests summed over the containers
 * equal the limits summed. Burstable otherwise. A missing request counts as its limit, as the API
 * server's defaulting sets it before the class is computed.
 */
export function computePodQOS(pod: Pod): QOSClass {
  // Both lists spread (a list that is no list fails as it always did), then walked by index: every
  // pod create computes this.
  const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  // Millicores and bytes: whole numbers, so the sums compare exactly, as Quantity.Cmp does.
  let requestedCpu = 0;
  let requestedMemory = 0;
  let limitedCpu = 0;
  let limitedMemory = 0;
  let everyContainerLimitsBoth = true;
  for (let i = 0; i < containers.length; i++) {
    const resources = containers[i].resources;
    const requests = resources?.requests ?? NONE;
    const limits = resources?.limits ?? NONE;
    const cpuLimit = positive(limits.cpu, parseCpuMillis);
    const memoryLimit = positive(limits.memory, parseMemoryBytes);
    limitedCpu += cpuLimit;
    limitedMemory += memoryLimit;
    requestedCpu += requests.cpu === undefined ? cpuLimit : positive(requests.cpu, parseCpuMillis);
    requestedMemory += requests.memory === undefined ? memoryLimit : positive(requests.memory, parseMemoryBytes);
    if (cpuLimit === 0 || memoryLimit === 0) everyContainerLimitsBoth = false;
  }
  if (requestedCpu === 0 && requestedMemory === 0 && limitedCpu === 0 && limitedMemory === 0) return 'BestEffort';
  return everyContainerLimitsBoth && requestedCpu === limitedCpu && requestedMemory === limitedMemory ? 'Guaranteed' : 'Burstable';
}

/** NONE stands for a missing requests or limits list. */
const NONE: Record<string, string | undefined> = Object.freeze({});

/** positive is a quantity in the unit `parse` gives, or 0 when it is absent or not above zero (those count as unset). */
function positive(quantity: string | undefined, parse: (value: string) => number): number {
  if (quantity === undefined) return 0;
  const value = parse(quantity);
  return value > 0 ? value : 0;
}
