/**
 * `kubectl describe node`, laid out as kubectl 1.32's describeNode: roles, labels, annotations,
 * taints, the node's heartbeat Lease, conditions, addresses, capacity, system info, the pods
 * running there with their requests and limits, allocated totals, and the node's events.
 */
import type { Event, Lease, Node, Pod } from '../../api/types';
import { formatCpu, formatMemory, parseCpuMillis, parseMemoryBytes } from '../../api/quantity';
import type { EventTimes } from './event';
import { DescribeWriter, writeAnnotations, writeMapMultiline } from './describe-writer';
import { writeEvents } from './describe-events';
import { nodeRoles } from './node';
import { rfc1123z, since } from './time';

interface PodTotals {
  cpuRequests: number;
  cpuLimits: number;
  memoryRequests: number;
  memoryLimits: number;
}

function podTotals(pods: readonly Pod[]): PodTotals {
  const totals: PodTotals = { cpuRequests: 0, cpuLimits: 0, memoryRequests: 0, memoryLimits: 0 };
  for (const pod of pods) {
    for (const c of pod.spec.containers ?? []) {
      totals.cpuRequests += c.resources?.requests?.cpu !== undefined ? parseCpuMillis(c.resources.requests.cpu) : 0;
      totals.cpuLimits += c.resources?.limits?.cpu !== undefined ? parseCpuMillis(c.resources.limits.cpu) : 0;
      totals.memoryRequests += c.resources?.requests?.memory !== undefined ? parseMemoryBytes(c.resources.requests.memory) : 0;
      totals.memoryLimits += c.resources?.limits?.memory !== undefined ? parseMemoryBytes(c.resources.limits.memory) : 0;
    }
  }
  return totals;
}

const percent = (part: number, whole: number) => (whole > 0 ? Math.trunc((part / whole) * 100) : 0);
const cpu = (millis: number) => (millis === 0 ? '0' : formatCpu(millis));
const memory = (bytes: number) => (bytes === 0 ? '0' : formatMemory(bytes));

function writeResourceList(w: DescribeWriter, title: string, list: Record<string, string> | undefined): void {
  const names = Object.keys(list ?? {}).sort();
  if (!names.length) return;
  w.write(0, `${title}:\n`);
  for (const name of names) w.write(0, `  ${name}:\t${list![name]}\n`);
}

/** describeNode renders `kubectl describe node` from the node, its lease, its non-terminated pods and events. */
export function describeNode(node: Node, lease: Lease | undefined, pods: readonly Pod[], events: readonly (Event & EventTimes)[], nowMs: number): string {
  const w = new DescribeWriter();
  const status = node.status ?? {};
  const roles = nodeRoles(node);
  w.write(0, `Name:\t${node.metadata.name ?? ''}\n`);
  w.write(0, `Roles:\t${roles.length ? roles.join(',') : '<none>'}\n`);
  writeMapMultiline(w, 'Labels', node.metadata.labels);
  writeAnnotations(w, node.metadata.annotations);
  w.write(0, `CreationTimestamp:\t${node.metadata.creationTimestamp ? rfc1123z(node.metadata.creationTimestamp) : ''}\n`);
  w.write(0, 'Taints:\t');
  const taints = node.spec?.taints ?? [];
  if (!taints.length) w.line('<none>');
  taints.forEach((t, i) => w.write(0, `${i ? '\t' : ''}${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}\n`));
  w.write(0, `Unschedulable:\t${node.spec?.unschedulable === true}\n`);
  w.write(0, 'Lease:\n');
  w.write(1, `HolderIdentity:\t${lease?.spec.holderIdentity ?? '<unset>'}\n`);
  w.write(1, `AcquireTime:\t${lease?.spec.acquireTime ? rfc1123z(lease.spec.acquireTime) : '<unset>'}\n`);
  w.write(1, `RenewTime:\t${lease?.spec.renewTime ? rfc1123z(lease.spec.renewTime) : '<unset>'}\n`);
  if (status.conditions?.length) {
    w.write(0, 'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n');
    w.write(1, '----\t------\t-----------------\t------------------\t------\t-------\n');
    for (const c of status.conditions) {
      const heartbeat = c.lastHeartbeatTime ? rfc1123z(c.lastHeartbeatTime) : '';
      const transition = c.lastTransitionTime ? rfc1123z(c.lastTransitionTime) : '';
      w.write(1, `${c.type} \t${c.status} \t${heartbeat} \t${transition} \t${c.reason ?? ''} \t${c.message ?? ''}\n`);
    }
  }
  w.write(0, 'Addresses:\n');
  for (const address of status.addresses ?? []) w.write(1, `${address.type}:\t${address.address}\n`);
  writeResourceList(w, 'Capacity', status.capacity);
  writeResourceList(w, 'Allocatable', status.allocatable);
  const info = status.nodeInfo ?? {};
  w.write(0, 'System Info:\n');
  const systemInfo: [string, string][] = [
    ['Machine ID', 'machineID'],
    ['System UUID', 'systemUUID'],
    ['Boot ID', 'bootID'],
    ['Kernel Version', 'kernelVersion'],
    ['OS Image', 'osImage'],
    ['Operating System', 'operatingSystem'],
    ['Architecture', 'architecture'],
    ['Container Runtime Version', 'containerRuntimeVersion'],
    ['Kubelet Version', 'kubeletVersion'],
  ];
  for (const [title, field] of systemInfo) w.write(0, `  ${title}:\t${info[field] ?? ''}\n`);
  if (node.spec?.podCIDR) w.write(0, `PodCIDR:\t${node.spec.podCIDR}\n`);
  if (node.spec?.podCIDRs?.length) w.write(0, `PodCIDRs:\t${node.spec.podCIDRs.join(',')}\n`);
  if (node.spec?.providerID) w.write(0, `ProviderID:\t${node.spec.providerID}\n`);
  const allocatable = status.allocatable && Object.keys(status.allocatable).length ? status.allocatable : (status.capacity ?? {});
  const cpuAllocatable = allocatable.cpu ? parseCpuMillis(allocatable.cpu) : 0;
  const memoryAllocatable = allocatable.memory ? parseMemoryBytes(allocatable.memory) : 0;
  w.write(0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
  w.write(1, 'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n');
  w.write(1, '---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n');
  for (const pod of pods) {
    const t = podTotals([pod]);
    w.write(
      1,
      `${pod.metadata.namespace ?? ''}\t${pod.metadata.name ?? ''}\t\t${cpu(t.cpuRequests)} (${percent(t.cpuRequests, cpuAllocatable)}%)\t${cpu(t.cpuLimits)} (${percent(t.cpuLimits, cpuAllocatable)}%)\t${memory(t.memoryRequests)} (${percent(t.memoryRequests, memoryAllocatable)}%)\t${memory(t.memoryLimits)} (${percent(t.memoryLimits, memoryAllocatable)}%)\t${since(pod.metadata.creationTimestamp, nowMs)}\n`,
    );
  }
  const totals = podTotals(pods);
  w.write(0, 'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n');
  w.write(1, 'Resource\tRequests\tLimits\n');
  w.write(1, '--------\t--------\t------\n');
  w.write(1, `cpu\t${cpu(totals.cpuRequests)} (${percent(totals.cpuRequests, cpuAllocatable)}%)\t${cpu(totals.cpuLimits)} (${percent(totals.cpuLimits, cpuAllocatable)}%)\n`);
  w.write(1, `memory\t${memory(totals.memoryRequests)} (${percent(totals.memoryRequests, memoryAllocatable)}%)\t${memory(totals.memoryLimits)} (${percent(totals.memoryLimits, memoryAllocatable)}%)\n`);
  w.write(1, 'ephemeral-storage\t0 (0%)\t0 (0%)\n');
  for (const name of Object.keys(allocatable).filter((n) => n.startsWith('hugepages-')).sort()) w.write(1, `${name}\t0 (0%)\t0 (0%)\n`);
  writeEvents(w, events, nowMs);
  return w.toString();
}
