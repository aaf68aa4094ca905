/**
 * jsonToYaml renders a JSON value (what etcd stores for Kubernetes objects) as block YAML for the
 * etcd keys table. It replaces the `yaml` package in the sandbox worker: the worker only ever
 * prints plain JSON data, so a small emitter does, with no download and in well under a
 * millisecond for a whole keyspace (the package took 4-8 ms per run and 20+ KB gz of the worker).
 *
 * Output: 2-space indentation, sequences indented under their key, multi-line strings as literal
 * blocks (`|`, `|-`, `|+`), plain scalars wherever YAML would read them back as the same string,
 * single-quoted ones for text with double quotes, double-quoted (JSON-escaped) ones elsewhere.
 * Timestamps are quoted, as kubectl prints them. Long lines are never folded.
 */

type Rendered = { inline: string; block?: string[] } | { lines: string[]; kind: 'map' | 'seq' };

/** Words a YAML reader (1.1 or 1.2) would take for a boolean or null. */
const SPECIAL_WORDS = /^(?:true|false|yes|no|on|off|null|~)$/i;
/** What the YAML 1.2 core schema reads as a number (and YAML 1.1 extras: octal, sexagesimal-ish, .inf). */
const NUMBER_LIKE = /^(?:[-+]?(?:\.\d+|\d[\d_]*(?:\.[\d_]*)?)(?:[eE][-+]?\d+)?|0x[0-9a-fA-F_]+|0o[0-7_]+|0b[01_]+|[-+]?\d[\d_]*(?::[0-5]?\d)+(?:\.\d*)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
/** Characters that may not start a plain scalar ("-" may, before a non-space: "--port"). */
const INDICATOR_START = /^(?:[?:,[\]{}#&*!|>'"%@`]|-(?:\s|$))/;
/** Characters that never appear in a plain scalar here (controls, odd line breaks, BOM). */
const UNSAFE_CHAR = /[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]/;

const pad = (width: number) => ' '.repeat(width);

function isPlainSafe(text: string): boolean {
  return (
    text.length > 0 &&
    !INDICATOR_START.test(text) &&
    !UNSAFE_CHAR.test(text) &&
    !text.includes(': ') &&
    !text.includes(' #') &&
    !/^\s|\s$|:$/.test(text) &&
    !SPECIAL_WORDS.test(text) &&
    !NUMBER_LIKE.test(text) &&
    // A timestamp-looking value is a string to us; quote it for readers with YAML 1.1 timestamps.
    !/^\d{4}-\d\d?-\d\d?(?:[Tt ]|$)/.test(text)
  );
}

/** quoted is a double-quoted scalar: JSON's escapes are valid YAML escapes; a few more are added. */
function quoted(text: string): string {
  return JSON.stringify(text).replace(/[\x7f-\x9f\u2028\u2029\ufeff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function scalarText(text: string): string {
  if (isPlainSafe(text)) return text;
  // Text with double quotes reads better single-quoted (only ' is escaped there, as '').
  if (text.includes('"') && !UNSAFE_CHAR.test(text)) return `'${text.replaceAll("'", "''")}'`;
  return quoted(text);
}

/** literalBlock renders a multi-line string as `|`, `|-` or `|+` with its lines, or undefined. */
function literalBlock(text: string): { inline: string; block: string[] } | undefined {
  // Leading spaces on the first line would need an indentation indicator; tabs and controls, quoting.
  if (!text.includes('\n') || /^[ \n]/.test(text) || /[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\r]/.test(text)) return undefined;
  const body = text.replace(/\n+$/, '');
  const trailing = text.length - body.length;
  if (body.split('\n').some((line) => /[ \t]$/.test(line))) return undefined;
  const chomp = trailing === 0 ? '-' : trailing === 1 ? '' : '+';
  const lines = body.split('\n');
  for (let extra = 1; extra < trailing; extra++) lines.push('');
  return { inline: `|${chomp}`, block: lines };
}

function render(value: unknown, indent: number): Rendered {
  if (value === null || value === undefined) return { inline: 'null' };
  if (typeof value === 'boolean') return { inline: String(value) };
  if (typeof value === 'number') return { inline: Number.isFinite(value) ? String(value) : 'null' };
  if (typeof value === 'string') return literalBlock(value) ?? { inline: scalarText(value) };
  if (Array.isArray(value)) return value.length === 0 ? { inline: '[]' } : { lines: sequence(value, indent), kind: 'seq' };
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    return entries.length === 0 ? { inline: '{}' } : { lines: mapping(entries, indent), kind: 'map' };
  }
  return { inline: quoted(String(value)) };
}

function blockLines(block: string[], indent: number): string[] {
  return block.map((line) => (line === '' ? '' : pad(indent) + line));
}

function mapping(entries: [string, unknown][], indent: number): string[] {
  const out: string[] = [];
  for (const [key, value] of entries) {
    const head = `${pad(indent)}${scalarText(key)}:`;
    const rendered = render(value, indent + 2);
    if ('inline' in rendered) {
      out.push(`${head} ${rendered.inline}`);
      if (rendered.block) out.push(...blockLines(rendered.block, indent + 2));
    } else {
      out.push(head, ...rendered.lines);
    }
  }
  return out;
}

function sequence(items: unknown[], indent: number): string[] {
  const out: string[] = [];
  for (const item of items) {
    const rendered = render(item, indent + 2);
    if ('inline' in rendered) {
      out.push(`${pad(indent)}- ${rendered.inline}`);
      if (rendered.block) out.push(...blockLines(rendered.block, indent + 2));
    } else {
      // The item's first line shares the dash's line: "- name: a" / "- - 1".
      const [first, ...rest] = rendered.lines;
      out.push(`${pad(indent)}- ${first.slice(indent + 2)}`, ...rest);
    }
  }
  return out;
}

/**
 * storedValueYaml renders a value etcd stores (JSON text for Kubernetes objects) as YAML, or
 * returns the text as it is when it is not JSON.
 */
export function storedValueYaml(stored: string): string {
  let value: unknown;
  try {
    value = JSON.parse(stored);
  } catch {
    return stored;
  }
  return jsonToYaml(value);
}

/** jsonToYaml returns `value` as a YAML document ending in a newline. */
export function jsonToYaml(value: unknown): string {
  const rendered = render(value, 0);
  if ('inline' in rendered) return `${[rendered.inline, ...blockLines(rendered.block ?? [], 2)].join('\n')}\n`;
  return `${rendered.lines.join('\n')}\n`;
}
