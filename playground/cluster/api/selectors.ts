/**
 * Label and field selectors, parsed from their query-string text as apimachinery's `labels.Parse`
 * and `fields.ParseSelector` do. Parse errors throw SelectorError; the API server turns it into 400.
 */
import type { LabelSelector } from './types';

/** SelectorError is a selector the server cannot parse (→ 400 BadRequest). */
export class SelectorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SelectorError';
  }
}

/** LabelRequirement is one comma-separated term of a label selector. */
export interface LabelRequirement {
  key: string;
  operator: '=' | '!=' | 'in' | 'notin' | 'exists' | '!';
  values: string[];
}

const KEY = /^([a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?\/)?[a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?$/;

/** splitTerms splits on commas that are not inside `( … )`, as `in (a,b)` contains commas. */
function splitTerms(text: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')') depth--;
    else if (text[i] === ',' && depth === 0) {
      terms.push(text.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(text.slice(start));
  return terms.map((t) => t.trim()).filter((t) => t !== '');
}

function checkKey(key: string): string {
  if (!KEY.test(key)) throw new SelectorError(`unable to parse requirement: invalid label key "${key}"`);
  return key;
}

/**
 * NO_REQUIREMENTS is the parse of an empty selector: one frozen empty list, not a new one per
 * request (every informer's watch, and each of a kubelet's, is kept open with its parsed selectors).
 */
const NO_REQUIREMENTS: never[] = Object.freeze([]) as unknown as never[];

/** parseLabelSelector parses `app=web,tier!=db,env in (a,b),!canary,release` (read-only: an empty selector's list is shared). */
export function parseLabelSelector(text: string | undefined): LabelRequirement[] {
  if (!text) return NO_REQUIREMENTS;
  return splitTerms(text).map((term): LabelRequirement => {
    const setMatch = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(term);
    if (setMatch) {
      const values = setMatch[3].split(',').map((v) => v.trim()).filter((v) => v !== '');
      return { key: checkKey(setMatch[1]), operator: setMatch[2] as 'in' | 'notin', values };
    }
    const eq = /^([^=!\s]+)\s*(==|=|!=)\s*(.*)$/.exec(term);
    if (eq) return { key: checkKey(eq[1]), operator: eq[2] === '!=' ? '!=' : '=', values: [eq[3].trim()] };
    if (term.startsWith('!')) return { key: checkKey(term.slice(1).trim()), operator: '!', values: [] };
    if (/^\S+$/.test(term)) return { key: checkKey(term), operator: 'exists', values: [] };
    throw new SelectorError(`unable to parse requirement: found '${term}', expected: '=', '!=', '==', 'in', notin'`);
  });
}

/** matchesLabels is true when every requirement holds for the given labels. */
export function matchesLabels(requirements: LabelRequirement[], labels: Record<string, string> | undefined): boolean {
  const set = labels ?? {};
  // Indexed loops here and in matchesFields: the watch cache asks once per event and watcher, and
  // for-of costs an interpreter an iterator and a result object per requirement.
  for (let i = 0; i < requirements.length; i++) {
    const r = requirements[i];
    const has = Object.prototype.hasOwnProperty.call(set, r.key);
    const value = set[r.key];
    switch (r.operator) {
      case '=':
        if (!has || value !== r.values[0]) return false;
        break;
      case '!=':
        if (has && value === r.values[0]) return false;
        break;
      case 'in':
        if (!has || !r.values.includes(value)) return false;
        break;
      case 'notin':
        if (has && r.values.includes(value)) return false;
        break;
      case 'exists':
        if (!has) return false;
        break;
      case '!':
        if (has) return false;
        break;
    }
  }
  return true;
}

/** labelSelectorToString renders a LabelSelector (as in a ReplicaSet spec) as query text. */
export function labelSelectorToString(selector: LabelSelector | undefined): string {
  if (!selector) return '';
  const terms = Object.entries(selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of selector.matchExpressions ?? []) {
    if (e.operator === 'Exists') terms.push(e.key);
    else if (e.operator === 'DoesNotExist') terms.push(`!${e.key}`);
    else terms.push(`${e.key} ${e.operator.toLowerCase()} (${(e.values ?? []).join(',')})`);
  }
  return terms.join(',');
}

/** FieldRequirement is one term of a field selector: `spec.nodeName=node-1`, `status.phase!=Failed`. */
export interface FieldRequirement {
  field: string;
  operator: '=' | '!=';
  value: string;
}

/** parseFieldSelector parses `spec.nodeName=node-1,status.phase!=Succeeded` (=, ==, !=; read-only: an empty selector's list is shared). */
export function parseFieldSelector(text: string | undefined): FieldRequirement[] {
  if (!text) return NO_REQUIREMENTS;
  return text
    .split(',')
    .filter((t) => t.trim() !== '')
    .map((term) => {
      const m = /^\s*([^=!\s]+)\s*(==|=|!=)\s*(.*?)\s*$/.exec(term);
      if (!m) throw new SelectorError(`invalid selector: '${text}'; can't understand '${term}'`);
      return { field: m[1], operator: m[2] === '!=' ? '!=' : '=', value: m[3] };
    });
}

/** matchesFields is true when every requirement holds for an object's selectable fields (missing reads as ""). */
export function matchesFields(requirements: FieldRequirement[], fields: Record<string, string>): boolean {
  for (let i = 0; i < requirements.length; i++) {
    const r = requirements[i];
    const value = fields[r.field] ?? '';
    if (r.operator === '=' ? value !== r.value : value === r.value) return false;
  }
  return true;
}
