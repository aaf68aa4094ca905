/**
 * The Mermaid `sequenceDiagram` text for a run's trace: one lifeline per participant in request
 * order, one arrow per entry that matters, and a note wherever routine traffic was folded.
 * Pure text in, text out, so it is unit-tested here and rendered by Mermaid only in the page.
 */
import type { TraceEntry } from '../cluster/sim/trace';
import { foldTrace, type FoldOptions, type FoldedRun } from './fold';
import { arrowOf, escapeMermaidText, messageText } from './messages';
import { participantColumns, type ParticipantColumn } from './participants';

/** SequenceDiagram is the Mermaid source plus the counts the page shows beside it. */
export interface SequenceDiagram {
  /** Mermaid source, starting with `sequenceDiagram`. Empty trace → a single explanatory note. */
  text: string;
  participants: ParticipantColumn[];
  /** Entries drawn as arrows. */
  arrows: number;
  /** Entries hidden in fold notes. */
  folded: number;
  /** All entries in the trace. */
  total: number;
}

const PLURAL: Record<string, [string, string]> = {
  read: ['read', 'reads'],
  watch: ['watch message', 'watch messages'],
  heartbeat: ['heartbeat', 'heartbeats'],
  event: ['Event write', 'Event writes'],
};

function countPhrase(count: number, [one, many]: [string, string]): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** foldNoteText says what a fold hides, such as `12 folded: 5 reads, 4 watch messages, 3 heartbeats`. */
export function foldNoteText(run: FoldedRun): string {
  const total = run.entries.length;
  const { earlier, overflow, ...routine } = run.counts;
  const parts: string[] = [];
  if (earlier) parts.push(`${countPhrase(earlier, ['message', 'messages'])} from earlier steps`);
  if (overflow) parts.push(countPhrase(overflow, ['more message', 'more messages']));
  for (const kind of ['read', 'watch', 'heartbeat', 'event'] as const) {
    const count = routine[kind];
    if (count) parts.push(countPhrase(count, PLURAL[kind]));
  }
  return `… ${total} folded: ${parts.join(', ')}`;
}

function noteSpan(run: FoldedRun, columnOf: Map<string, number>, columns: ParticipantColumn[]): string {
  let left = Infinity;
  let right = -Infinity;
  for (const entry of run.entries) {
    for (const name of [entry.from, entry.to]) {
      const column = columnOf.get(name)!;
      left = Math.min(left, column);
      right = Math.max(right, column);
    }
  }
  return left === right ? columns[left].id : `${columns[left].id},${columns[right].id}`;
}

/** traceToSequenceDiagram renders the trace as Mermaid text; see FoldOptions for folding. */
export function traceToSequenceDiagram(entries: readonly TraceEntry[], options: FoldOptions = {}): SequenceDiagram {
  const participants = participantColumns(entries);
  const columnOf = new Map(participants.map((column, index) => [column.name, index]));
  const lines = ['sequenceDiagram'];
  for (const column of participants) lines.push(`  participant ${column.id} as ${escapeMermaidText(column.label)}`);
  if (entries.length === 0) {
    lines.push('  participant p0 as kube-apiserver', '  Note over p0: No requests were made in this run');
    return { text: lines.join('\n'), participants, arrows: 0, folded: 0, total: 0 };
  }
  let arrows = 0;
  let folded = 0;
  for (const item of foldTrace(entries, options)) {
    if (item.kind === 'fold') {
      folded += item.entries.length;
      lines.push(`  Note over ${noteSpan(item, columnOf, participants)}: ${escapeMermaidText(foldNoteText(item))}`);
      continue;
    }
    const { entry } = item;
    const from = participants[columnOf.get(entry.from)!].id;
    const to = participants[columnOf.get(entry.to)!].id;
    lines.push(`  ${from}${arrowOf(entry)}${to}: ${escapeMermaidText(messageText(entry))}`);
    arrows++;
  }
  return { text: lines.join('\n'), participants, arrows, folded, total: entries.length };
}
