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
    // The fraction of each resource in use after placing the pod (1 when the node has none), written
    // out rather than a helper: this runs per feasible node, and QuickJS pays for every call. The
    // flat copies on NodeInfo: see NodeInfo.allocatableMilliCpu.
    const cpu = nodeInfo.allocatableMilliCpu;
    const cpuFraction = cpu === 0 ? 1 : Math.min(1, (nodeInfo.nonZeroMilliCpu + requests.milliCpu) / cpu);
    const memory = nodeInfo.allocatableMemory;
    const memoryFraction = memory === 0 ? 1 : Math.min(1, (nodeInfo.nonZeroMemory + requests.memory) / memory);
    const std = Math.abs(cpuFraction - memoryFraction) / 2;
    return Math.trunc((1 - std) * MAX_NODE_SCORE);
  },
} satisfies ScorePlugin;
