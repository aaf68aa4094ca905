/**
 * Table responses (meta.k8s.io/v1 Table) for `kubectl get`, built from the same column printers
 * the in-browser kubectl uses (playground/cluster/clients/printers), so both show identical
 * columns and cells. Columns of the wide view that the narrow view lacks get priority 1, which is
 * how kubectl knows to show them only with `-o wide`.
 */
import type { KubeObject } from '../playground/cluster/api/types';
import { printerFor } from '../playground/cluster/clients/printers/columns';

/** TABLE_MEDIA_TYPE is the Content-Type of a Table response. */
export const TABLE_MEDIA_TYPE = 'application/json;as=Table;v=v1;g=meta.k8s.io';

/** Column names as the real server spells them, where title case would get them wrong. */
const COLUMN_NAMES: Record<string, string> = {
  'INTERNAL-IP': 'Internal-IP',
  'EXTERNAL-IP': 'External-IP',
  'OS-IMAGE': 'OS-Image',
  IP: 'IP',
};

const COLUMN_DESCRIPTIONS: Record<string, string> = {
  NAME: 'Name must be unique within a namespace.',
  AGE: 'CreationTimestamp is a timestamp representing the server time when this object was created.',
};

/** columnName turns a printer header (`NOMINATED NODE`) into the Table's name (`Nominated Node`). */
export function columnName(header: string): string {
  return COLUMN_NAMES[header] ?? header.toLowerCase().replace(/(^|[\s-])([a-z])/g, (_, sep: string, ch: string) => sep + ch.toUpperCase());
}

/** TableColumn is one columnDefinitions entry. */
export interface TableColumn {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

/** tableColumns lists a resource's columns, wide ones at priority 1. */
export function tableColumns(resource: string): TableColumn[] {
  const printer = printerFor(resource);
  const narrow = new Set(printer.columns(false));
  return printer.columns(true).map((header) => ({
    name: columnName(header),
    type: 'string',
    format: header === 'NAME' ? 'name' : '',
    description: COLUMN_DESCRIPTIONS[header] ?? '',
    priority: narrow.has(header) ? 0 : 1,
  }));
}

/** IncludeObject is the `includeObject` query parameter: what each row carries besides its cells. */
export type IncludeObject = 'None' | 'Metadata' | 'Object';

function rowObject(object: KubeObject, include: IncludeObject): unknown {
  if (include === 'None') return undefined;
  if (include === 'Object') return object;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: object.metadata ?? {} };
}

/**
 * toTable renders objects of `resource` as a Table at virtual time `nowMs`; `listMeta` carries the
 * list's resourceVersion and continue token (a single object's resourceVersion otherwise).
 */
export function toTable(resource: string, objects: KubeObject[], nowMs: number, listMeta: { resourceVersion?: string; continue?: string }, include: IncludeObject = 'Metadata') {
  const printer = printerFor(resource);
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { ...(listMeta.resourceVersion ? { resourceVersion: listMeta.resourceVersion } : {}), ...(listMeta.continue ? { continue: listMeta.continue } : {}) },
    columnDefinitions: tableColumns(resource),
    rows: objects.map((object) => {
      const embedded = rowObject(object, include);
      return { cells: printer.row(object, nowMs, true), ...(embedded ? { object: embedded } : {}) };
    }),
  };
}

/** parseIncludeObject reads `includeObject`, defaulting to Metadata as the server does. */
export function parseIncludeObject(value: string | undefined): IncludeObject {
  return value === 'None' || value === 'Object' ? value : 'Metadata';
}

/** tableOf converts a response body (a List or one object) to a Table, or returns undefined if it is neither. */
export function tableOf(resource: string, body: unknown, nowMs: number, include: IncludeObject) {
  if (typeof body !== 'object' || body === null) return undefined;
  const candidate = body as { items?: unknown; metadata?: { resourceVersion?: string; continue?: string }; kind?: string };
  if (candidate.kind === 'Status') return undefined;
  if (Array.isArray(candidate.items)) return toTable(resource, candidate.items as KubeObject[], nowMs, candidate.metadata ?? {}, include);
  return toTable(resource, [body as KubeObject], nowMs, { resourceVersion: candidate.metadata?.resourceVersion }, include);
}
