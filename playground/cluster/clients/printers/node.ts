/**
 * The node row of `kubectl get nodes` (kubectl's printNode): STATUS is Ready or NotReady from the
 * Ready condition (Unknown only when there is none), plus `,SchedulingDisabled` for a cordoned
 * node; ROLES come from `node-role.kubernetes.io/<role>` labels.
 */
import type { Node } from '../../api/types';
import { since } from './time';

/** NODE_COLUMNS and NODE_WIDE_COLUMNS are the headers of `get nodes` and its `-o wide` extras. */
export const NODE_COLUMNS = ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION'];
export const NODE_WIDE_COLUMNS = ['INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME'];

/** nodeStatus is the STATUS cell: `Ready`, `NotReady`, `Unknown`, with `,SchedulingDisabled`. */
export function nodeStatus(node: Node): string {
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
  const parts = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
  if (node.spec?.unschedulable) parts.push('SchedulingDisabled');
  return parts.join(',');
}

/** nodeRoles lists the roles from `node-role.kubernetes.io/<role>` and `kubernetes.io/role` labels, sorted. */
export function nodeRoles(node: Node): string[] {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(node.metadata.labels ?? {})) {
    if (key.startsWith('node-role.kubernetes.io/')) {
      const role = key.slice('node-role.kubernetes.io/'.length);
      if (role) roles.add(role);
    } else if (key === 'kubernetes.io/role' && value) roles.add(value);
  }
  return [...roles].sort();
}

function address(node: Node, type: 'InternalIP' | 'ExternalIP'): string {
  return node.status?.addresses?.find((a) => a.type === type)?.address ?? '<none>';
}

/** nodeRow is one line of `get nodes`. */
export function nodeRow(node: Node, nowMs: number, wide: boolean): string[] {
  const info = node.status?.nodeInfo ?? {};
  const roles = nodeRoles(node);
  const row = [node.metadata.name ?? '', nodeStatus(node), roles.length ? roles.join(',') : '<none>', since(node.metadata.creationTimestamp, nowMs), info.kubeletVersion ?? ''];
  if (wide) {
    row.push(address(node, 'InternalIP'), address(node, 'ExternalIP'), info.osImage || '<unknown>', info.kernelVersion || '<unknown>', info.containerRuntimeVersion || '<unknown>');
  }
  return row;
}
