/**
 * The mini Kubernetes control plane, as step code sees it:
 *
 *   const cluster = createCluster();                  // 2 Ready worker nodes, kubeadm layout
 *   console.log(await cluster.kubectl('run nginx --image=nginx:1.27'));
 *   await cluster.run();                               // let the scheduler and kubelet work
 *   console.log(await cluster.kubectl('get pods -o wide'));
 *
 * Everything here is deterministic: the same steps with the same seed give the same output, trace
 * and etcd keys, byte for byte. Time is virtual and only moves while a call is awaited or
 * `cluster.run()` drives it.
 */
export { createCluster } from './cluster/create';
export { Cluster } from './cluster/cluster';
export type { ClientIdentity, EtcdKeyEntry, NodeHandle, RunOptions, RunSummary, StartControllerSpec } from './cluster/cluster';
export type { ClusterOptions, NodeSpec, UserSpec } from './cluster/options';
export { ApiError } from './cluster/promise-client';
export type { ObjectRef, PromiseApiClient } from './cluster/promise-client';
export type { HttpApi, HttpIdentity, HttpOptions, HttpReply } from './cluster/http';
export type { CommandOutput, EtcdctlApi, KubectlApi } from './cluster/command-apis';
export { DriveTimeoutError } from './cluster/driver';
export type { Duration } from './cluster/duration';
export { CONNECTION_REFUSED_REASON } from './cluster/apiserver-process';
export type { ControlPlaneHost, ComponentStatus } from './host/control-plane-host';
export type { Setup } from './host/host-config';
export type { ShellResult } from './host/shell/shell';

// The building blocks readers extend: scheduler plugins and controllers.
export type { FilterPlugin, ScorePlugin, PluginStatus, CycleState } from './scheduler/types';
export { SUCCESS, unschedulable, unresolvable } from './scheduler/types';
export type { Controller, ReconcileTools, ReconcileResult, WatchSource } from './controllers/controller';
export type { Scheduler } from './scheduler/scheduler';

// Kubernetes object shapes.
export type {
  ApiWatchEvent,
  Binding,
  Container,
  Event,
  KubeObject,
  Lease,
  List,
  Namespace,
  Node,
  ObjectMeta,
  Pod,
  PodSpec,
  PodStatus,
  ReplicaSet,
  Role,
  RoleBinding,
  Status,
  Taint,
  Toleration,
} from './api/types';
export type { DeleteOptions, ListOptions, PatchType, WatchHandle, WatchOptions } from './api/client';
export type { TraceEntry } from './sim/trace';
