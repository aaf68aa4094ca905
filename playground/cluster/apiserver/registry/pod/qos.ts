/**
 * podQOSClass computes status.qosClass as pkg/apis/core/helper/qos GetPodQOS does, for cpu and
 * memory: Guaranteed when every container sets equal requests and limits for both, BestEffort when
 * nobody sets any, Burstable otherwise.
 */
import type { Pod } from '../../../api/types';

export function podQOSClass(pod: Pod): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  // Both lists spread as before (a list that is no list fails as it always did), then walked by
  // index with cpu and memory named: every pod create computes this.
  const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  let anySet = false;
  let guaranteed = containers.length > 0;
  for (let i = 0; i < containers.length; i++) {
    const resources = containers[i].resources;
    const requests = resources?.requests ?? NONE;
    const limits = resources?.limits ?? NONE;
    if (requests.cpu !== undefined || limits.cpu !== undefined || requests.memory !== undefined || limits.memory !== undefined) anySet = true;
    if (!fullyLimited(requests.cpu, limits.cpu) || !fullyLimited(requests.memory, limits.memory)) guaranteed = false;
  }
  if (!anySet) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** NONE stands for a missing requests or limits list. */
const NONE: Record<string, string | undefined> = Object.freeze({});

/** fullyLimited tells whether a resource has a limit and no request other than that limit (what Guaranteed needs of cpu and memory). */
function fullyLimited(request: unknown, limit: unknown): boolean {
  return limit !== undefined && (request === undefined || request === limit);
}
