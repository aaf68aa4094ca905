/**
 * JSON the way Go's encoding/json writes an unstructured Kubernetes object, which is what kubectl
 * prints for `-o json` and stores in the last-applied-configuration annotation: map keys sorted by
 * byte order, `<`, `>` and `&` escaped as \u003c, \u003e, \u0026 (Go's HTML-safe default), and
 * MarshalIndent's layout (empty objects and arrays stay `{}` and `[]`).
 */

/** compareBytes orders strings as Go's sort.Strings does (byte order; ASCII keys equal UTF-16 order). */
export function compareBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const escapes: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };

function quote(text: string): string {
  return JSON.stringify(text).replace(/[<>&\u2028\u2029]/g, (ch) => escapes[ch]);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * goJson serializes `value` like json.Marshal (indent "") or json.MarshalIndent(value, "", indent).
 * Object members whose value is undefined are left out, as a Go map would not hold them.
 */
export function goJson(value: unknown, indent = ''): string {
  const write = (node: unknown, depth: number): string => {
    if (node === null || node === undefined) return 'null';
    if (typeof node === 'string') return quote(node);
    if (typeof node === 'number') return Number.isFinite(node) ? String(node) : 'null';
    if (typeof node === 'boolean') return String(node);
    const inner = indent ? '\n' + indent.repeat(depth + 1) : '';
    const close = indent ? '\n' + indent.repeat(depth) : '';
    const colon = indent ? ': ' : ':';
    if (Array.isArray(node)) {
      if (node.length === 0) return '[]';
      return '[' + node.map((item) => inner + write(item, depth + 1)).join(',') + close + ']';
    }
    if (isPlainObject(node)) {
      const keys = Object.keys(node)
        .filter((key) => node[key] !== undefined)
        .sort(compareBytes);
      if (keys.length === 0) return '{}';
      return '{' + keys.map((key) => inner + quote(key) + colon + write(node[key], depth + 1)).join(',') + close + '}';
    }
    return quote(String(node));
  };
  return write(value, 0);
}
