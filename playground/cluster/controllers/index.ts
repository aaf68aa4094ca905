/** The controller toolkit and kube-controller-manager's controllers. */
export { startController, type Controller, type ControllerSpec, type ReconcileResult, type ReconcileTools, type WatchSource } from './controller';
export { KubeControllerManager } from './controller-manager';
export { EventRecorder, type EventSource } from './event-recorder';
export { Informer, objectKey, type InformerHandlers, type InformerOptions } from './informer';
export { matchesLabelSelector } from './label-selector';
export { NodeLifecycleController, NODE_MONITOR_GRACE_PERIOD_MS, UNREACHABLE_TAINT_KEY } from './node-lifecycle';
export { REPLICASET_CONTROLLER, startReplicaSetController } from './replicaset';
export { WorkQueue } from './work-queue';
