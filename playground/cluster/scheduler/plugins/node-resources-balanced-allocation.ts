/**
 * NodeResourcesBalancedAllocation prefers nodes where CPU and memory would be used in similar
 * proportions after placing the pod, so neither resource is stranded (weight 1).
 */
import type { NodeInfo } from '../node-info';
import { MAX_NODE_SCORE, type CycleState, type ScorePlugin } from '../types';

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

/**
 * balancedAllocationScores is `score` for the first `count` nodes at once, written into `out`
 * (overwritten, or appended past its end): the framework uses it while the plugin's `score` is
 * this one. One loop in one function lets V8 inline the formula and spares QuickJS a call per
 * node. Keep the formula the same as in `score` (a property test compares the two).
 */
export function balancedAllocationScores(nodes: readonly NodeInfo[], count: number, state: CycleState, out: number[]): void {
  const requests = state.pod.nonZeroRequests;
  const podMilliCpu = requests.milliCpu;
  const podMemory = requests.memory;
  for (let i = 0; i < count; i++) {
    const nodeInfo = nodes[i];
    const cpu = nodeInfo.allocatableMilliCpu;
    const cpuFraction = cpu === 0 ? 1 : Math.min(1, (nodeInfo.nonZeroMilliCpu + podMilliCpu) / cpu);
    const memory = nodeInfo.allocatableMemory;
    const memoryFraction = memory === 0 ? 1 : Math.min(1, (nodeInfo.nonZeroMemory + podMemory) / memory);
    const std = Math.abs(cpuFraction - memoryFraction) / 2;
    const score = Math.trunc((1 - std) * MAX_NODE_SCORE);
    if (i < out.length) out[i] = score;
    else out.push(score);
  }
}
