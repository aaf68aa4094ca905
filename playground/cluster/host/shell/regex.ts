/**
 * toJsRegExp translates the POSIX regular expressions grep and sed take into JavaScript ones.
 * In a basic expression (BRE, the default) `( ) | + ? { }` are literal and their backslashed forms
 * are operators; in an extended one (ERE, `grep -E`, `sed -E`) it is the other way round, as in
 * JavaScript. Bracket classes such as `[[:space:]]` are rewritten in both. Written by hand because
 * no library converts POSIX syntax and the difference bites readers who copy real commands.
 */

const CLASSES: Record<string, string> = {
  alnum: 'a-zA-Z0-9',
  alpha: 'a-zA-Z',
  blank: ' \\t',
  digit: '0-9',
  lower: 'a-z',
  space: '\\s',
  upper: 'A-Z',
  xdigit: '0-9A-Fa-f',
  punct: '!-\\/:-@\\[-`{-~',
};

/** RegexSyntax is how a pattern is read: basic (BRE), extended (ERE) or a fixed string (-F). */
export type RegexSyntax = 'basic' | 'extended' | 'fixed';

/** InvalidPatternError carries the tool-style reason (`Unmatched [`, `Invalid regular expression`). */
export class InvalidPatternError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'InvalidPatternError';
  }
}

function bracket(pattern: string, start: number): { source: string; end: number } {
  let i = start + 1;
  let source = '[';
  if (pattern[i] === '^') {
    source += '^';
    i++;
  }
  if (pattern[i] === ']') {
    source += '\\]';
    i++;
  }
  for (; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === ']') return { source: source + ']', end: i };
    if (ch === '[' && pattern[i + 1] === ':') {
      const close = pattern.indexOf(':]', i + 2);
      const name = close > 0 ? pattern.slice(i + 2, close) : '';
      if (!(name in CLASSES)) throw new InvalidPatternError('Invalid character class name');
      source += CLASSES[name];
      i = close + 1;
    } else if (ch === '\\' || ch === '[') {
      source += `\\${ch}`;
    } else {
      source += ch;
    }
  }
  throw new InvalidPatternError('Unmatched [, [^, [:, [., or [=');
}

/** toJsRegExp returns the JavaScript source equivalent to `pattern`. */
export function toJsRegExp(pattern: string, syntax: RegexSyntax): string {
  if (syntax === 'fixed') return pattern.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '[') {
      const { source: cls, end } = bracket(pattern, i);
      source += cls;
      i = end;
    } else if (ch === '\\' && i + 1 < pattern.length) {
      const next = pattern[++i];
      if (syntax === 'basic' && '()|+?{}'.includes(next)) source += next;
      else source += `\\${next}`;
    } else if (syntax === 'basic' && '()|+?{}'.includes(ch)) {
      source += `\\${ch}`;
    } else if (ch === '/') {
      source += '\\/';
    } else {
      source += ch;
    }
  }
  try {
    new RegExp(source);
  } catch {
    throw new InvalidPatternError('Invalid regular expression');
  }
  return source;
}
