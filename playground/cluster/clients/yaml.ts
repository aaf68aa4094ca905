/**
 * YAML in and out, as kubectl reads manifests and prints `-o yaml`. Parsing uses the `yaml`
 * package (YAML 1.2 core schema; kubectl's go-yaml is YAML 1.1, so `yes`/`on` stay strings here).
 * Printing mimics sigs.k8s.io/yaml over go-yaml v2: keys sorted in go-yaml's order, sequences
 * not indented under their key, no line folding, strings that would read back as another type
 * (`"80"`, `"true"`, timestamps, `""`) double-quoted, other unsafe strings single-quoted, and
 * multi-line strings as literal blocks.
 */
import { Document, isMap, isPair, isScalar, LineCounter, parseAllDocuments, Scalar, visit } from 'yaml';

/** YamlSyntaxError is a manifest that does not parse; `line` and `column` are 1-based. */
export class YamlSyntaxError extends Error {
  constructor(
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(`error converting YAML to JSON: yaml: line ${line}, column ${column}: ${reason}`);
    this.name = 'YamlSyntaxError';
  }
}

/** parseYamlDocuments parses multi-document text into plain values, skipping empty documents. */
export function parseYamlDocuments(text: string): unknown[] {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const values: unknown[] = [];
  for (const doc of documents) {
    const error = doc.errors[0];
    if (error) {
      const { line, col } = lineCounter.linePos(error.pos[0]);
      throw new YamlSyntaxError(line, col, error.message.split('\n')[0].replace(/ at line \d+, column \d+.*$/, ''));
    }
    const value = doc.toJS({ maxAliasCount: 100 }) as unknown;
    if (value !== null && value !== undefined) values.push(value);
  }
  return values;
}

/** goYamlKeyLess orders map keys as go-yaml v2's keyList.Less: letters by code point, non-letters first, digit runs numerically. */
export function compareGoYamlKeys(a: string, b: string): number {
  const ar = Array.from(a);
  const br = Array.from(b);
  const isLetter = (ch: string) => /\p{L}/u.test(ch);
  const isDigit = (ch: string | undefined) => ch !== undefined && ch >= '0' && ch <= '9';
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]);
    const bl = isLetter(br[i]);
    if (al && bl) return ar[i] < br[i] ? -1 : 1;
    if (al || bl) return bl ? -1 : 1;
    let an = 0;
    let bn = 0;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== '0') {
          an = bn = 1;
          break;
        }
      }
    }
    let ai = i;
    let bi = i;
    for (; isDigit(ar[ai]); ai++) an = an * 10 + Number(ar[ai]);
    for (; isDigit(br[bi]); bi++) bn = bn * 10 + Number(br[bi]);
    if (an !== bn) return an < bn ? -1 : 1;
    if (ai !== bi) return ai < bi ? -1 : 1;
    return ar[i] < br[i] ? -1 : 1;
  }
  return ar.length - br.length;
}

const yaml11NonStrings = [
  /^(|~|null|Null|NULL)$/,
  /^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
  /^[-+]?(0b[01_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*)$/,
  /^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?$/,
  /^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$/,
  /^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?$/,
  /^\d{4}-\d{1,2}-\d{1,2}([Tt ]\d{1,2}:\d{1,2}:\d{1,2}(\.\d+)?(Z|[+-]\d{1,2}(:\d{2})?)?)?$/,
  /^<<$/,
];

/** readsAsNonString is true when go-yaml would resolve the plain scalar to a non-string (so it must be quoted). */
export function readsAsNonString(text: string): boolean {
  return yaml11NonStrings.some((pattern) => pattern.test(text));
}

/** toYaml renders a value as `kubectl get -o yaml` prints it, ending with a newline. */
export function toYaml(value: unknown): string {
  const doc = new Document(value, {
    sortMapEntries: (a, b) => compareGoYamlKeys(String(isScalar(a.key) ? a.key.value : a.key), String(isScalar(b.key) ? b.key.value : b.key)),
  });
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value !== 'string') return;
      if (node.value.includes('\n')) node.type = Scalar.BLOCK_LITERAL;
      else if (readsAsNonString(node.value)) node.type = Scalar.QUOTE_DOUBLE;
    },
    Pair(_key, pair) {
      if (isPair(pair) && isMap(pair.value) && pair.value.items.length === 0) pair.value.flow = true;
    },
  });
  return doc.toString({ indentSeq: false, lineWidth: 0, minContentWidth: 0, singleQuote: true, nullStr: 'null' });
}
