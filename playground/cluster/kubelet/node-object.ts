/**
 * The Node object a kubelet registers and the status it reports: capacity and allocatable, the
 * well-known labels, addresses, nodeInfo with versions, and the four conditions with the reasons
 * and messages a real kubelet writes.
 */
import type { Node, NodeCondition, Taint } from '../api/types';
import { parseCpuMillis, parseMemoryBytes } from '../api/quantity';
import { hashHex } from './images';

/** KUBELET_VERSION and CONTAINERD_VERSION are what `kubectl get nodes -o wide` shows. */
export const KUBELET_VERSION = 'v1.32.2';
export const CONTAINERD_VERSION = 'containerd://1.7.24';

/** NodeConfig is the machine a kubelet runs on. */
export interface NodeConfig {
  nodeName: string;
  /** CPU cores, e.g. '2' or '1500m'. */
  cpu: string;
  /** Memory, e.g. '4Gi'. */
  memory: string;
  /** Max pods. */
  pods: number;
  podCIDR: string;
  internalIP: string;
  controlPlane: boolean;
  labels: Record<string, string>;
  taints: Taint[];
}

/** CONTROL_PLANE_TAINT is the taint kubeadm puts on control-plane nodes. */
export const CONTROL_PLANE_TAINT: Taint = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' };

/** Memory the kubelet keeps back for eviction (evictionHard memory.available<100Mi). */
const EVICTION_RESERVE_BYTES = 100 * 1024 * 1024;
const EPHEMERAL_STORAGE_KI = 61_202_244;

/** HealthyCondition is a condition a healthy node reports: its type, status, reason and message. */
type HealthyCondition = Readonly<{ type: string; status: NodeCondition['status']; reason: string; message: string }>;

/** HEALTHY_CONDITIONS are the node conditions of a healthy node, in the order the kubelet writes them. */
const HEALTHY_CONDITIONS: readonly HealthyCondition[] = Object.freeze([
  Object.freeze({ type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' }),
  Object.freeze({ type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure' }),
  Object.freeze({ type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available' }),
  Object.freeze({ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' }),
] as const);

/** readyConditions are the node conditions of a healthy node, in the order the kubelet writes them. */
export function readyConditions(now: string, previous: NodeCondition[] = []): NodeCondition[] {
  return HEALTHY_CONDITIONS.map(({ type, status, reason, message }) => {
    const old = previous.find((c) => c.type === type);
    const lastTransitionTime = old && old.status === status && old.lastTransitionTime ? old.lastTransitionTime : now;
    return { type, status, lastHeartbeatTime: now, lastTransitionTime, reason, message };
  });
}

/**
 * conditionsDrifted says whether `conditions` (the API's) lack a condition of a healthy node or
 * show it with another status or reason: what decides that the kubelet's 10 s status check writes.
 * It compares with the shared table in place, building no conditions (every node checks every 10 s).
 */
export function conditionsDrifted(conditions: readonly NodeCondition[]): boolean {
  for (let i = 0; i < HEALTHY_CONDITIONS.length; i++) {
    const want = HEALTHY_CONDITIONS[i];
    let have: NodeCondition | undefined;
    for (let j = 0; j < conditions.length && have === undefined; j++) if (conditions[j].type === want.type) have = conditions[j];
    if (have === undefined || have.status !== want.status || have.reason !== want.reason) return true;
  }
  return false;
}

/** NodeFacts are the strings derived from a NodeConfig that every status report repeats. */
interface NodeFacts {
  nodeName: string;
  cpu: string;
  memory: string;
  cpuQuantity: string;
  memoryKi: string;
  allocatableMemoryKi: string;
  machineID: string;
  bootID: string;
  systemUUID: string;
  pods: number;
  /** Allocatable CPU (millicores) and memory (bytes), read back from the quantities above, and pods. */
  allocatable: Readonly<{ milliCpu: number; memory: number; pods: number }>;
}

/**
 * Facts by config: deriving them (quantity parsing, two FNV hashes, two regex rewrites) for every
 * status check and every admission was most of the kubelet's node-side work. The inputs are kept
 * with the facts, so a config whose fields were changed gets fresh ones.
 */
const factsByConfig = new WeakMap<NodeConfig, NodeFacts>();

function nodeFacts(config: NodeConfig): NodeFacts {
  const known = factsByConfig.get(config);
  if (known && known.nodeName === config.nodeName && known.cpu === config.cpu && known.memory === config.memory && known.pods === config.pods) return known;
  const memoryBytes = parseMemoryBytes(config.memory);
  const cpuMillis = parseCpuMillis(config.cpu);
  const machine = hashHex(`machine:${config.nodeName}`, 32);
  const cpuQuantity = cpuMillis % 1000 === 0 ? String(cpuMillis / 1000) : `${cpuMillis}m`;
  const allocatableMemoryKi = `${Math.floor(Math.max(0, memoryBytes - EVICTION_RESERVE_BYTES) / 1024)}Ki`;
  const facts: NodeFacts = {
    nodeName: config.nodeName,
    cpu: config.cpu,
    memory: config.memory,
    cpuQuantity,
    memoryKi: `${Math.floor(memoryBytes / 1024)}Ki`,
    allocatableMemoryKi,
    machineID: machine,
    bootID: hashHex(`boot:${config.nodeName}`, 32).replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5'),
    systemUUID: machine.replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5'),
    pods: config.pods,
    allocatable: Object.freeze({ milliCpu: parseCpuMillis(cpuQuantity), memory: parseMemoryBytes(allocatableMemoryKi), pods: Number(String(config.pods)) }),
  };
  factsByConfig.set(config, facts);
  return facts;
}

/**
 * nodeAllocatable is the node's allocatable CPU (millicores), memory (bytes) and pods, as admission
 * reads them from the status: one frozen record per config (with its facts), not one per admission.
 */
export function nodeAllocatable(config: NodeConfig): Readonly<{ milliCpu: number; memory: number; pods: number }> {
  return nodeFacts(config).allocatable;
}

/** nodeStatus is the status block the kubelet reports. */
export function nodeStatus(config: NodeConfig, now: string, previousConditions?: NodeCondition[]): NonNullable<Node['status']> & Record<string, unknown> {
  const facts = nodeFacts(config);
  const cpu = facts.cpuQuantity;
  // Fresh objects on every call: callers may send or keep them.
  return {
    capacity: {
      cpu,
      'ephemeral-storage': `${EPHEMERAL_STORAGE_KI}Ki`,
      'hugepages-1Gi': '0',
      'hugepages-2Mi': '0',
      memory: facts.memoryKi,
      pods: String(config.pods),
    },
    allocatable: {
      cpu,
      'ephemeral-storage': String(Math.floor(EPHEMERAL_STORAGE_KI * 1024 * 0.9)),
      'hugepages-1Gi': '0',
      'hugepages-2Mi': '0',
      memory: facts.allocatableMemoryKi,
      pods: String(config.pods),
    },
    conditions: readyConditions(now, previousConditions),
    addresses: [
      { type: 'InternalIP', address: config.internalIP },
      { type: 'Hostname', address: config.nodeName },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
    nodeInfo: {
      architecture: 'amd64',
      bootID: facts.bootID,
      containerRuntimeVersion: CONTAINERD_VERSION,
      kernelVersion: '6.1.0-28-amd64',
      kubeProxyVersion: KUBELET_VERSION,
      kubeletVersion: KUBELET_VERSION,
      machineID: facts.machineID,
      operatingSystem: 'linux',
      osImage: 'Debian GNU/Linux 12 (bookworm)',
      systemUUID: facts.systemUUID,
    },
  };
}

/** nodeObject is the Node the kubelet registers: labels, taints, podCIDR and the initial status. */
export function nodeObject(config: NodeConfig, now: string): Node {
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': config.nodeName,
    'kubernetes.io/os': 'linux',
    ...(config.controlPlane ? { 'node-role.kubernetes.io/control-plane': '' } : {}),
    ...config.labels,
  };
  const taints = [...(config.controlPlane ? [CONTROL_PLANE_TAINT] : []), ...config.taints];
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: config.nodeName,
      labels,
      annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' },
    },
    spec: { podCIDR: config.podCIDR, podCIDRs: [config.podCIDR], ...(taints.length > 0 ? { taints } : {}) },
    status: nodeStatus(config, now),
  };
}
