/**
 * The FailedScheduling message, built the way kube-scheduler's `FitError.Error()` builds it: count
 * each reason over the rejected nodes, format "<count> <reason>", sort those strings, join them with
 * ", ", then append what preemption (the PostFilter step) had to say, each part ending in ".".
 * Hence the double period at the end of real messages.
 */
import type { PluginStatus } from './types';

/** NO_NODE_AVAILABLE is kube-scheduler's NoNodeAvailableMsg. */
export const NO_NODE_AVAILABLE = (nodes: number) => `0/${nodes} nodes are available`;

/** PREEMPTION_NOT_HELPFUL is what preemption says of a node rejected for an unresolvable reason. */
export const PREEMPTION_NOT_HELPFUL = 'Preemption is not helpful for scheduling';
/** NO_VICTIMS is what preemption says of a node where evicting lower-priority pods is not possible. */
export const NO_VICTIMS = 'No preemption victims found for incoming pod';

/** reasonHistogram renders "<count> <reason>" for every reason over the statuses, sorted as strings. */
export function reasonHistogram(statuses: Iterable<PluginStatus>): string[] {
  const counts = new Map<string, number>();
  for (const status of statuses) {
    for (const reason of status.reasons ?? []) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  const lines = [...counts].map(([reason, count]) => `${count} ${reason}`);
  // Go's sort.Strings compares bytes; for these ASCII strings that is JavaScript's default order.
  return lines.sort();
}

function fitError(allNodes: number, statuses: Iterable<PluginStatus>, postFilter?: string): string {
  let message = `${NO_NODE_AVAILABLE(allNodes)}:`;
  const histogram = reasonHistogram(statuses);
  if (histogram.length > 0) message += ` ${histogram.join(', ')}.`;
  if (postFilter) message += ` ${postFilter}.`;
  return message;
}

/**
 * preemptionMessage is what DefaultPreemption reports when it finds no victims. Nodes rejected as
 * UnschedulableAndUnresolvable (taints, selectors, cordons) are "not helpful"; on the others it
 * would look for lower-priority pods to evict. This scheduler does not preempt, so it reports no
 * victims there, which is what kube-scheduler says whenever no pod on the node has lower priority.
 */
export function preemptionMessage(allNodes: number, failures: ReadonlyMap<string, PluginStatus>, preemptionPolicy?: string): string {
  if (preemptionPolicy === 'Never') return 'preemption: not eligible due to preemptionPolicy=Never.';
  const verdicts: PluginStatus[] = [];
  for (const status of failures.values()) {
    const reason = status.code === 'UnschedulableAndUnresolvable' ? PREEMPTION_NOT_HELPFUL : NO_VICTIMS;
    verdicts.push({ code: 'UnschedulableAndUnresolvable', reasons: [reason] });
  }
  return `preemption: ${fitError(allNodes, verdicts)}`;
}

/** failedSchedulingMessage is the full message of the FailedScheduling event and the PodScheduled condition. */
export function failedSchedulingMessage(allNodes: number, failures: ReadonlyMap<string, PluginStatus>, preemptionPolicy?: string): string {
  return fitError(allNodes, failures.values(), preemptionMessage(allNodes, failures, preemptionPolicy));
}
