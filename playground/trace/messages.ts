/**
 * How one trace entry reads as an arrow in the sequence diagram: its arrow style and its text.
 * Requests are solid arrows, responses dotted, watch events open-headed (they are pushed, not
 * answered), etcd operations solid from kube-apiserver, and actions self-arrows or calls.
 */
import type { TraceEntry } from '../cluster/sim/trace';

/** MermaidArrow is the arrow syntax of a sequenceDiagram message. */
export type MermaidArrow = '->>' | '-->>' | '-)' | '--)';

/** MAX_MESSAGE_TEXT is where long paths and summaries are cut, so one arrow cannot widen the whole diagram. */
export const MAX_MESSAGE_TEXT = 72;

/** arrowOf picks the arrow style for an entry. */
export function arrowOf(entry: TraceEntry): MermaidArrow {
  switch (entry.kind) {
    case 'response':
      return '-->>';
    case 'watch':
      return '--)';
    default:
      return '->>';
  }
}

function shorten(text: string, max = MAX_MESSAGE_TEXT): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1)}…`;
}

/** messageText is the plain (unescaped) text an entry's arrow carries. */
export function messageText(entry: TraceEntry): string {
  switch (entry.kind) {
    case 'request':
      return shorten(`${entry.method} ${entry.path}`);
    case 'response': {
      const said = entry.summary || entry.reason;
      return shorten(said ? `${entry.code} ${said}` : String(entry.code));
    }
    case 'etcd': {
      let text = `${entry.op} ${entry.key}`;
      if (entry.detail) text += ` (${entry.detail})`;
      if (entry.revision > 0) text += ` rev ${entry.revision}`;
      return shorten(text);
    }
    case 'watch': {
      const object = entry.namespace ? `${entry.namespace}/${entry.name}` : entry.name;
      const what = object ? `${entry.resource} ${object}` : entry.resource;
      return shorten(`watch ${entry.type} ${what}${entry.resourceVersion ? ` rv ${entry.resourceVersion}` : ''}`);
    }
    case 'action':
      return shorten(entry.summary ? `${entry.action}: ${entry.summary}` : entry.action);
  }
}

/**
 * escapeMermaidText makes arbitrary text safe inside a message or note. Mermaid reads `;` and a
 * newline as statement ends, `#…;` as an entity and `<…>` as HTML, so those become entity codes.
 */
export function escapeMermaidText(text: string): string {
  // One pass, so the `;` that ends an inserted entity code is not escaped again.
  return text.replace(/[\r\n]+/g, ' ').replace(/[#;<>]/g, (char) => ENTITY_CODES[char]);
}

const ENTITY_CODES: Record<string, string> = { '#': '#35;', ';': '#59;', '<': '#lt;', '>': '#gt;' };
