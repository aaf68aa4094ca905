/** kube-scheduler: the component, its framework and the default plugins, for createCluster and step code. */
export { failedSchedulingMessage } from './failure-message';
export { Framework } from './framework';
export { NodeInfo } from './node-info';
export { podInfoOf, type PodInfo } from './pod-info';
export { NodeAffinity } from './plugins/node-affinity';
export { NodeName } from './plugins/node-name';
export { NodePorts } from './plugins/node-ports';
export { NodeResourcesBalancedAllocation } from './plugins/node-resources-balanced-allocation';
export { NodeResourcesFit } from './plugins/node-resources-fit';
export { NodeUnschedulable } from './plugins/node-unschedulable';
export { TaintToleration } from './plugins/taint-toleration';
export { parseCpuMillis, parseMemoryBytes, parseQuantity } from '../api/quantity';
export { schedulePod, type NodeTrace, type ScheduleResult } from './schedule-pod';
export { Scheduler, type SchedulerOptions } from './scheduler';
export { MAX_NODE_SCORE, SUCCESS, unresolvable, unschedulable, type CycleState, type FilterPlugin, type PluginStatus, type ScorePlugin } from './types';
