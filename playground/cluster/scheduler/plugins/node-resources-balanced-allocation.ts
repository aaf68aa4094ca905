/**
 * NodeResourcesBalancedAllocation prefers nodes where CPU and memory would be used in similar
 * proportions after placing the pod, so neither resource is stranded (weight 1).
 */
import { MAX_NODE_SCORE, type ScorePlugin } from '../types';

/** NodeResourcesBalancedAllocation scores 100 × (1 − |cpuFraction − memoryFraction| / 2). */
export const NodeResourcesBalancedAllocation = {
  name: 'NodeResourcesBalancedAllocation',
  weight: 1,
  score(_pod, nodeInfo, state) {
    const requests = state.pod.nonZeroRequests;
    const allocatable = nodeInfo.allocatable;
    const cpuFraction = fraction(nodeInfo.nonZeroRequested.milliCpu + requests.milliCpu, allocatable.milliCpu);
    const memoryFraction = fraction(nodeInfo.nonZeroRequested.memory + requests.memory, allocatable.memory);
    const std = Math.abs(cpuFraction - memoryFraction) / 2;
    return Math.trunc((1 - std) * MAX_NODE_SCORE);
  },
} satisfies ScorePlugin;

function fraction(requested: number, allocatable: number): number {
  if (allocatable === 0) return 1;
  return Math.min(1, requested / allocatable);
}
