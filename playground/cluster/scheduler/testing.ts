/**
 * Builders for scheduler tests and benchmarks: plain Node and Pod objects with just the fields the
 * plugins read, so a test says only what matters to it.
 */
import type { Node, Pod, Taint, Toleration } from '../api/types';

/** makeNode builds a Ready node with the given allocatable resources, labels and taints. */
export function makeNode(
  name: string,
  options: { cpu?: string; memory?: string; pods?: string; labels?: Record<string, string>; taints?: Taint[]; unschedulable?: boolean } = {},
): Node {
  const allocatable = { cpu: options.cpu ?? '4', memory: options.memory ?? '8Gi', pods: options.pods ?? '110' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, uid: `uid-${name}`, labels: { 'kubernetes.io/hostname': name, ...options.labels } },
    spec: { ...(options.taints ? { taints: options.taints } : {}), ...(options.unschedulable ? { unschedulable: true } : {}) },
    status: { capacity: allocatable, allocatable },
  };
}

/** makePod builds a pending pod with one container and the given requests and scheduling fields. */
export function makePod(
  name: string,
  options: {
    cpu?: string;
    memory?: string;
    hostPort?: number;
    nodeSelector?: Record<string, string>;
    tolerations?: Toleration[];
    nodeName?: string;
    priority?: number;
    namespace?: string;
  } = {},
): Pod {
  const requests: Record<string, string> = {};
  if (options.cpu) requests.cpu = options.cpu;
  if (options.memory) requests.memory = options.memory;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: options.namespace ?? 'default', uid: `uid-${name}` },
    spec: {
      containers: [
        {
          name: 'app',
          image: 'nginx:1.27',
          ...(options.cpu || options.memory ? { resources: { requests } } : {}),
          ...(options.hostPort ? { ports: [{ containerPort: 80, hostPort: options.hostPort }] } : {}),
        },
      ],
      schedulerName: 'default-scheduler',
      ...(options.nodeSelector ? { nodeSelector: options.nodeSelector } : {}),
      ...(options.tolerations ? { tolerations: options.tolerations } : {}),
      ...(options.nodeName ? { nodeName: options.nodeName } : {}),
      ...(options.priority !== undefined ? { priority: options.priority } : {}),
    },
    status: { phase: 'Pending' },
  };
}

/** CONTROL_PLANE_TAINT is the taint kubeadm puts on control-plane nodes. */
export const CONTROL_PLANE_TAINT: Taint = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' };
