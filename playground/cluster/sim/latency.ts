/**
 * Modelled latencies, in virtual milliseconds. They are rough orders of magnitude of a small real
 * cluster, chosen so a run's timeline reads like one: API calls take about a millisecond, etcd
 * writes a couple, image pulls seconds. Tests rely on the order of events, not on these values.
 */
export const Latency = {
  /** Client to kube-apiserver, one way. */
  network: 1,
  /** kube-apiserver to etcd and back for a read. */
  etcdRead: 1,
  /** kube-apiserver to etcd and back for a write (includes the raft commit). */
  etcdWrite: 2,
  /** From an etcd commit to watch delivery at a client. */
  watchDelivery: 1,
  /** The scheduler's work for one pod. */
  schedulingCycle: 1,
  /** Sandbox creation by the container runtime. */
  runPodSandbox: 300,
  /** Pulling an image not yet on the node. */
  imagePull: 2_000,
  /** Creating and starting a container. */
  createContainer: 100,
  startContainer: 150,
  /** Stopping a container (before the grace period matters). */
  stopContainer: 100,
} as const;
