/**
 * NodeResourcesFit: the pod's requests must fit in the node's allocatable minus what the pods
 * already there request (filter); among fitting nodes, the emptier scores higher (LeastAllocated,
 * weight 1), with CPU and memory weighted equally.
 */
import type { NodeInfo } from '../node-info';
import { MAX_NODE_SCORE, SUCCESS, sharedStatus, type CycleState, type FilterPlugin, type PluginStatus, type ScorePlugin } from '../types';

const TOO_MANY_PODS = 'Too many pods';
const INSUFFICIENT_CPU = 'Insufficient cpu';
const INSUFFICIENT_MEMORY = 'Insufficient memory';

/**
 * SHORTAGES holds one shared status per combination of shortages, indexed by bits (pods 1, cpu 2,
 * memory 4), reasons in that order: a full node costs no allocation per pod that does not fit.
 */
const SHORTAGES: readonly PluginStatus[] = Array.from({ length: 8 }, (_, bits) => {
  const reasons: string[] = [];
  if (bits & 1) reasons.push(TOO_MANY_PODS);
  if (bits & 2) reasons.push(INSUFFICIENT_CPU);
  if (bits & 4) reasons.push(INSUFFICIENT_MEMORY);
  return bits === 0 ? SUCCESS : sharedStatus({ code: 'Unschedulable', reasons });
});

/** leastAllocated is (free after placing the pod) / allocatable, as 0..100; 0 if it would not fit. */
export function leastAllocated(requested: number, allocatable: number): number {
  if (allocatable === 0 || requested > allocatable) return 0;
  return Math.trunc(((allocatable - requested) * MAX_NODE_SCORE) / allocatable);
}

/** NodeResourcesFit checks pods count, CPU and memory, reporting every shortage it finds. */
export const NodeResourcesFit = {
  name: 'NodeResourcesFit',
  weight: 1,
  filter(_pod, nodeInfo, state) {
    const requests = state.pod.requests;
    // The flat copies on NodeInfo, not its records: see NodeInfo.allocatableMilliCpu.
    let shortages = 0;
    if (nodeInfo.podCount + 1 > nodeInfo.allocatablePods) shortages |= 1;
    if (requests.milliCpu > 0 && requests.milliCpu > nodeInfo.freeMilliCpu) shortages |= 2;
    if (requests.memory > 0 && requests.memory > nodeInfo.freeMemory) shortages |= 4;
    return SHORTAGES[shortages];
  },
  score(_pod, nodeInfo, state) {
    const requests = state.pod.nonZeroRequests;
    // leastAllocated for CPU and memory, written out: this runs per feasible node, and QuickJS
    // pays for every call. The flat copies on NodeInfo: see NodeInfo.allocatableMilliCpu.
    const cpuAllocatable = nodeInfo.allocatableMilliCpu;
    const cpuRequested = nodeInfo.nonZeroMilliCpu + requests.milliCpu;
    const cpu = cpuAllocatable === 0 || cpuRequested > cpuAllocatable ? 0 : Math.trunc(((cpuAllocatable - cpuRequested) * MAX_NODE_SCORE) / cpuAllocatable);
    const memoryAllocatable = nodeInfo.allocatableMemory;
    const memoryRequested = nodeInfo.nonZeroMemory + requests.memory;
    const memory =
      memoryAllocatable === 0 || memoryRequested > memoryAllocatable ? 0 : Math.trunc(((memoryAllocatable - memoryRequested) * MAX_NODE_SCORE) / memoryAllocatable);
    return Math.trunc((cpu + memory) / 2);
  },
} satisfies FilterPlugin & ScorePlugin;

/**
 * leastAllocatedScores is `score` for the first `count` nodes at once, written into `out`
 * (overwritten, or appended past its end): the framework uses it while the plugin's `score` is
 * this one. One loop in one function lets V8 inline the formula and spares QuickJS a call per
 * node. Keep the formula the same as in `score` (a property test compares the two).
 */
export function leastAllocatedScores(nodes: readonly NodeInfo[], count: number, state: CycleState, out: number[]): void {
  const requests = state.pod.nonZeroRequests;
  const podMilliCpu = requests.milliCpu;
  const podMemory = requests.memory;
  for (let i = 0; i < count; i++) {
    const nodeInfo = nodes[i];
    const cpuAllocatable = nodeInfo.allocatableMilliCpu;
    const cpuRequested = nodeInfo.nonZeroMilliCpu + podMilliCpu;
    const cpu = cpuAllocatable === 0 || cpuRequested > cpuAllocatable ? 0 : Math.trunc(((cpuAllocatable - cpuRequested) * MAX_NODE_SCORE) / cpuAllocatable);
    const memoryAllocatable = nodeInfo.allocatableMemory;
    const memoryRequested = nodeInfo.nonZeroMemory + podMemory;
    const memory =
      memoryAllocatable === 0 || memoryRequested > memoryAllocatable ? 0 : Math.trunc(((memoryAllocatable - memoryRequested) * MAX_NODE_SCORE) / memoryAllocatable);
    const score = Math.trunc((cpu + memory) / 2);
    if (i < out.length) out[i] = score;
    else out.push(score);
  }
}
