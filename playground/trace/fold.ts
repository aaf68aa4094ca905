/**
 * Folding keeps a long trace readable: a run of a few seconds of virtual time holds dozens of
 * reads, watch events and node heartbeats around the handful of writes a chapter is about. Each
 * entry gets a category; "routine" categories collapse into one note per run of consecutive
 * entries, and the reader can expand the diagram to see everything.
 */
import type { EtcdEntry, RequestEntry, TraceEntry, WatchEntry } from '../cluster/sim/trace';

/** RoutineKind says why an entry may be folded; `null` means it is one of the steps that matter. */
export type RoutineKind = 'read' | 'watch' | 'heartbeat' | 'event' | null;

const READ_VERBS = new Set(['get', 'list']);
const ROUTINE_ETCD_OPS = new Set<EtcdEntry['op']>(['range', 'watch', 'compact', 'lease-grant', 'lease-keepalive']);

function isLeasePath(path: string): boolean {
  return /\/leases(\/|\?|$)/.test(path);
}

function nodeStatusPath(path: string): string | undefined {
  const match = /^\/api\/v1\/nodes\/([^/?]+)\/status/.exec(path);
  return match ? match[1] : undefined;
}

/** Events (`kubectl describe` material) are written for nearly every step a component takes. */
function isEventPath(path: string): boolean {
  return /\/events(\/|\?|$)/.test(path);
}

function requestKind(request: RequestEntry, seenNodeStatus: Set<string>): RoutineKind {
  if (request.verb === 'watch' || /[?&]watch=(true|1)/.test(request.path)) return 'watch';
  if (READ_VERBS.has(request.verb)) return 'read';
  if (isEventPath(request.path)) return 'event';
  if (isLeasePath(request.path)) return 'heartbeat';
  const node = nodeStatusPath(request.path);
  if (node !== undefined) {
    // The first status report of a node is news (it becomes Ready); the later ones are heartbeats.
    if (seenNodeStatus.has(node)) return 'heartbeat';
    seenNodeStatus.add(node);
  }
  return null;
}

function etcdKind(entry: EtcdEntry, writtenNodeKeys: Set<string>): RoutineKind {
  if (entry.op === 'watch') return 'watch';
  if (ROUTINE_ETCD_OPS.has(entry.op)) return entry.op === 'range' ? 'read' : 'heartbeat';
  if (entry.key.startsWith('/registry/leases/')) return 'heartbeat';
  if (entry.key.startsWith('/registry/events/')) return 'event';
  if (entry.key.startsWith('/registry/minions/') && entry.op !== 'delete') {
    if (writtenNodeKeys.has(entry.key)) return 'heartbeat';
    writtenNodeKeys.add(entry.key);
  }
  return null;
}

function watchKind(entry: WatchEntry): RoutineKind {
  if (entry.type === 'BOOKMARK' || entry.resource === 'leases') return 'watch';
  if (entry.resource === 'events') return 'event';
  if (entry.resource === 'nodes' && entry.type === 'MODIFIED') return 'heartbeat';
  return null;
}

/** classifyEntries gives each entry its RoutineKind; a response shares its request's. */
export function classifyEntries(entries: readonly TraceEntry[]): RoutineKind[] {
  const byRequestId = new Map<number, RoutineKind>();
  const seenNodeStatus = new Set<string>();
  const writtenNodeKeys = new Set<string>();
  return entries.map((entry) => {
    switch (entry.kind) {
      case 'request': {
        const kind = requestKind(entry, seenNodeStatus);
        byRequestId.set(entry.id, kind);
        return kind;
      }
      case 'response':
        return byRequestId.get(entry.id) ?? null;
      case 'etcd':
        return etcdKind(entry, writtenNodeKeys);
      case 'watch':
        return watchKind(entry);
      case 'action':
        return null;
    }
  });
}

/** FoldedRun stands for consecutive entries drawn as one note. */
export interface FoldedRun {
  kind: 'fold';
  /** Index of the first and last folded entry in the full trace. */
  first: number;
  last: number;
  entries: TraceEntry[];
  /** Why they were folded: counts per RoutineKind, or `earlier` for the steps before the focus. */
  counts: Partial<Record<Exclude<RoutineKind, null> | 'earlier' | 'overflow', number>>;
}

/** ShownEntry is one entry drawn as an arrow. */
export interface ShownEntry {
  kind: 'entry';
  index: number;
  entry: TraceEntry;
}

/** DiagramItem is what the diagram draws, in order. */
export type DiagramItem = ShownEntry | FoldedRun;

/** FoldOptions chooses how much to show. */
export interface FoldOptions {
  /** Fold routine entries (default true). With false, every entry is an arrow up to `maxMessages`. */
  fold?: boolean;
  /** Entries before this index belong to earlier steps and fold into one note (default 0: none). */
  focusFrom?: number;
  /** Most arrows to draw; the middle of a longer list folds (default 60 folded, 400 expanded). */
  maxMessages?: number;
}

/** SMALL_TRACE is the most entries a step may make and still be drawn without folding routine traffic. */
export const SMALL_TRACE = 12;

/** DEFAULT_MAX_FOLDED and DEFAULT_MAX_EXPANDED bound the arrows so Mermaid stays quick and the SVG readable. */
export const DEFAULT_MAX_FOLDED = 60;
export const DEFAULT_MAX_EXPANDED = 400;

function pushFolded(items: DiagramItem[], index: number, entry: TraceEntry, reason: keyof FoldedRun['counts']): void {
  const last = items[items.length - 1];
  const run: FoldedRun =
    last?.kind === 'fold' && last.last === index - 1 ? last : { kind: 'fold', first: index, last: index, entries: [], counts: {} };
  if (run !== last) items.push(run);
  run.last = index;
  run.entries.push(entry);
  run.counts[reason] = (run.counts[reason] ?? 0) + 1;
}

/** foldTrace decides, entry by entry, what is drawn as an arrow and what folds into notes. */
export function foldTrace(entries: readonly TraceEntry[], options: FoldOptions = {}): DiagramItem[] {
  const focusFrom = Math.max(0, Math.min(options.focusFrom ?? 0, entries.length));
  // A short run is drawn whole: folding only pays when there is a lot to hide, and a step that
  // only reads (kubectl get) would otherwise show nothing but a note.
  const fold = (options.fold ?? true) && entries.length - focusFrom > SMALL_TRACE;
  const maxMessages = options.maxMessages ?? (fold ? DEFAULT_MAX_FOLDED : DEFAULT_MAX_EXPANDED);
  const kinds = fold ? classifyEntries(entries) : [];

  const shownIndexes: number[] = [];
  for (let i = focusFrom; i < entries.length; i++) if (!fold || kinds[i] === null) shownIndexes.push(i);
  // Too many arrows: keep the start (how it began) and the end (how it settled), fold the middle.
  const overflow = new Set<number>();
  if (shownIndexes.length > maxMessages) {
    const head = Math.ceil(maxMessages * 0.6);
    const tail = maxMessages - head;
    for (const i of shownIndexes.slice(head, shownIndexes.length - tail)) overflow.add(i);
  }

  const items: DiagramItem[] = [];
  entries.forEach((entry, index) => {
    if (index < focusFrom) pushFolded(items, index, entry, 'earlier');
    else if (overflow.has(index)) pushFolded(items, index, entry, 'overflow');
    else if (fold && kinds[index] !== null) pushFolded(items, index, entry, kinds[index]!);
    else items.push({ kind: 'entry', index, entry });
  });
  return items;
}
