/** The kubelet and its pretend container runtime. */
export { Kubelet, type KubeletOptions } from './kubelet';
export { CONTROL_PLANE_TAINT, KUBELET_VERSION, CONTAINERD_VERSION } from './node-object';
export { LEASE_DURATION_SECONDS, LEASE_RENEW_INTERVAL_MS, NODE_LEASE_NAMESPACE } from './node-lease';
export { ContainerRuntime } from './runtime';
