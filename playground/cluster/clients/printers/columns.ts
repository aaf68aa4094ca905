/**
 * The table each resource prints in `kubectl get`, after kubectl's column definitions in
 * pkg/printers/internalversion/printers.go. Resources without a printer get `NAME AGE`, which is
 * what kubectl shows for a type it knows no columns for.
 */
import type { Event, KubeObject, Lease, Node, Pod, ReplicaSet, RoleBinding } from '../../api/types';
import { labelSelectorToString } from '../../api/selectors';
import { EVENT_COLUMNS, EVENT_WIDE_COLUMNS, eventRow } from './event';
import { NODE_COLUMNS, NODE_WIDE_COLUMNS, nodeRow } from './node';
import { POD_COLUMNS, POD_WIDE_COLUMNS, podRow } from './pod';
import { since } from './time';

/** ColumnPrinter gives the header and rows of one resource's table. */
export interface ColumnPrinter {
  columns(wide: boolean): string[];
  row(object: KubeObject, nowMs: number, wide: boolean): string[];
}

const nameOf = (o: KubeObject) => o.metadata?.name ?? '';
const ageOf = (o: KubeObject, now: number) => since(o.metadata?.creationTimestamp, now);
const createdAt = (o: KubeObject) => o.metadata?.creationTimestamp ?? '';

function simple(columns: string[], row: (o: KubeObject, now: number) => string[], wideColumns: string[] = [], wideRow?: (o: KubeObject) => string[]): ColumnPrinter {
  return {
    columns: (wide) => (wide ? [...columns, ...wideColumns] : columns),
    row: (o, now, wide) => (wide && wideRow ? [...row(o, now), ...wideRow(o)] : row(o, now)),
  };
}

function bindingSubjects(binding: RoleBinding, kind: string): string {
  return (binding.subjects ?? [])
    .filter((s) => s.kind === kind)
    .map((s) => (kind === 'ServiceAccount' ? `${s.namespace ?? ''}/${s.name}` : s.name))
    .join(', ');
}

const bindingPrinter = simple(
  ['NAME', 'ROLE', 'AGE'],
  (o, now) => [nameOf(o), `${(o as RoleBinding).roleRef.kind}/${(o as RoleBinding).roleRef.name}`, ageOf(o, now)],
  ['USERS', 'GROUPS', 'SERVICEACCOUNTS'],
  (o) => [bindingSubjects(o as RoleBinding, 'User'), bindingSubjects(o as RoleBinding, 'Group'), bindingSubjects(o as RoleBinding, 'ServiceAccount')],
);

/** PRINTERS maps a resource (plural) to its table. */
export const PRINTERS: Record<string, ColumnPrinter> = {
  pods: {
    columns: (wide) => (wide ? [...POD_COLUMNS, ...POD_WIDE_COLUMNS] : POD_COLUMNS),
    row: (o, now, wide) => podRow(o as Pod, now, wide),
  },
  nodes: {
    columns: (wide) => (wide ? [...NODE_COLUMNS, ...NODE_WIDE_COLUMNS] : NODE_COLUMNS),
    row: (o, now, wide) => nodeRow(o as Node, now, wide),
  },
  events: {
    columns: (wide) => (wide ? EVENT_WIDE_COLUMNS : EVENT_COLUMNS),
    row: (o, now, wide) => eventRow(o as Event, now, wide),
  },
  namespaces: simple(['NAME', 'STATUS', 'AGE'], (o, now) => [nameOf(o), String((o.status as { phase?: string } | undefined)?.phase ?? ''), ageOf(o, now)]),
  replicasets: simple(
    ['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE'],
    (o, now) => {
      const rs = o as ReplicaSet;
      return [nameOf(o), String(rs.spec?.replicas ?? 1), String(rs.status?.replicas ?? 0), String(rs.status?.readyReplicas ?? 0), ageOf(o, now)];
    },
    ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    (o) => {
      const containers = (o as ReplicaSet).spec?.template?.spec?.containers ?? [];
      return [containers.map((c) => c.name).join(','), containers.map((c) => c.image ?? '').join(','), labelSelectorToString((o as ReplicaSet).spec?.selector) || '<none>'];
    },
  ),
  leases: simple(['NAME', 'HOLDER', 'AGE'], (o, now) => [nameOf(o), (o as Lease).spec?.holderIdentity ?? '', ageOf(o, now)]),
  serviceaccounts: simple(['NAME', 'SECRETS', 'AGE'], (o, now) => [nameOf(o), String(((o as { secrets?: unknown[] }).secrets ?? []).length), ageOf(o, now)]),
  roles: simple(['NAME', 'CREATED AT'], (o) => [nameOf(o), createdAt(o)]),
  clusterroles: simple(['NAME', 'CREATED AT'], (o) => [nameOf(o), createdAt(o)]),
  rolebindings: bindingPrinter,
  clusterrolebindings: bindingPrinter,
};

/** DEFAULT_PRINTER is `NAME AGE`, for resources without their own columns. */
export const DEFAULT_PRINTER: ColumnPrinter = simple(['NAME', 'AGE'], (o, now) => [nameOf(o), ageOf(o, now)]);

/** printerFor returns the table of a resource. */
export function printerFor(resource: string): ColumnPrinter {
  return PRINTERS[resource] ?? DEFAULT_PRINTER;
}
