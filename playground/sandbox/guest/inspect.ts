/**
 * inspect formats a value the way Node's console shows it, closely enough that a reader who knows
 * Node recognises the output: strings quoted inside objects, nested objects to depth 2, arrays,
 * Map/Set, class names, `[Circular]`, `[Getter]`. It runs INSIDE the sandbox (bundled into the guest
 * prelude), so only the finished text crosses to the host. Node's util.inspect is not available
 * there and no small library does this for a bare JavaScript engine, hence this file.
 *
 * It never calls a getter and never calls user toString/inspect hooks; it only reads own data
 * properties, so formatting cannot run the reader's code (except Proxy traps, which are bounded
 * by the sandbox's time limit like any other code).
 */

import { reduceToSingleString } from './layout';

/** InspectOptions tunes inspect; the defaults are Node's. */
export interface InspectOptions {
  /** How many levels of nesting to show before `[Object]`. Default 2. */
  depth?: number;
  /** Array/Map/Set entries shown before `... N more items`. Default 100. */
  maxArrayLength?: number;
  /** Characters of a string shown before `... N more characters`. Default 10,000. */
  maxStringLength?: number;
  /** Single-line width before an object is broken over several lines. Default 80. */
  breakLength?: number;
}

interface State {
  /** Level of the object whose entries were formatted last (Node's ctx.currentDepth). */
  currentDepth: number;
  depth: number;
  maxArrayLength: number;
  maxStringLength: number;
  breakLength: number;
  seen: object[];
}

/** inspect returns the Node-like text for `value` (a top-level string is quoted too). */
export function inspect(value: unknown, options: InspectOptions = {}): string {
  const state: State = {
    currentDepth: 0,
    depth: options.depth ?? 2,
    maxArrayLength: options.maxArrayLength ?? 100,
    maxStringLength: options.maxStringLength ?? 10_000,
    breakLength: options.breakLength ?? 80,
    seen: [],
  };
  return formatValue(value, 0, state, 0);
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function quote(text: string, state: State): string {
  const shown = text.length > state.maxStringLength ? text.slice(0, state.maxStringLength) : text;
  const quoteChar = !shown.includes("'") ? "'" : !shown.includes('"') ? '"' : !shown.includes('`') ? '`' : "'";
  let escaped = shown.replace(/[\\\n\r\t\b\f\v]/g, (c) => JSON.stringify(c).slice(1, -1));
  if (quoteChar === "'") escaped = escaped.replace(/'/g, "\\'");
  const more = text.length - shown.length;
  return quoteChar + escaped + quoteChar + (more > 0 ? `... ${more} more character${more > 1 ? 's' : ''}` : '');
}

function formatPrimitive(value: unknown, state: State): string | undefined {
  switch (typeof value) {
    case 'string':
      return quote(value, state);
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint':
      return `${value}n`;
    case 'boolean':
      return String(value);
    case 'undefined':
      return 'undefined';
    case 'symbol':
      return value.toString();
    default:
      return value === null ? 'null' : undefined;
  }
}

function formatKey(key: string | symbol, state: State): string {
  if (typeof key === 'symbol') return key.toString();
  return IDENTIFIER.test(key) ? key : quote(key, state);
}

function functionLabel(fn: Function): string {
  const source = safe(() => Function.prototype.toString.call(fn), '');
  const name = safe(() => (typeof fn.name === 'string' ? fn.name : ''), '');
  if (source.startsWith('class')) return name ? `[class ${name}]` : '[class (anonymous)]';
  return name ? `[Function: ${name}]` : '[Function (anonymous)]';
}

function constructorName(obj: object): string | null {
  let proto = safe(() => Object.getPrototypeOf(obj), null);
  while (proto) {
    const descriptor = safe(() => Object.getOwnPropertyDescriptor(proto, 'constructor'), undefined);
    const ctor = descriptor?.value;
    if (typeof ctor === 'function' && typeof ctor.name === 'string' && ctor.name !== '') return ctor.name;
    proto = safe(() => Object.getPrototypeOf(proto), null);
  }
  return null;
}

function ownEntries(obj: object, state: State, indent: number, level: number, skipIndexes: boolean): string[] {
  const out: string[] = [];
  for (const key of Reflect.ownKeys(obj)) {
    if (skipIndexes && typeof key === 'string' && /^(0|[1-9]\d*)$/.test(key)) continue;
    const descriptor = Object.getOwnPropertyDescriptor(obj, key);
    if (!descriptor || !descriptor.enumerable) continue;
    if (descriptor.get || descriptor.set) {
      out.push(`${formatKey(key, state)}: ${descriptor.get && descriptor.set ? '[Getter/Setter]' : descriptor.get ? '[Getter]' : '[Setter]'}`);
    } else {
      out.push(`${formatKey(key, state)}: ${formatValue(descriptor.value, indent + 2, state, level + 1)}`);
    }
  }
  return out;
}

function formatValue(value: unknown, indent: number, state: State, level: number): string {
  const primitive = formatPrimitive(value, state);
  if (primitive !== undefined) return primitive;
  const obj = value as object;
  if (state.seen.includes(obj)) return '[Circular]';
  if (typeof obj === 'function' && Reflect.ownKeys(obj).every((k) => !Object.getOwnPropertyDescriptor(obj, k)?.enumerable)) {
    return functionLabel(obj);
  }
  if (obj instanceof Error) return formatError(obj);
  if (obj instanceof Date) return Number.isNaN(obj.getTime()) ? 'Invalid Date' : obj.toISOString();
  if (obj instanceof RegExp) return RegExp.prototype.toString.call(obj);
  if (obj instanceof Promise) return 'Promise { <unknown> }';
  if (obj instanceof WeakMap) return 'WeakMap { <items unknown> }';
  if (obj instanceof WeakSet) return 'WeakSet { <items unknown> }';

  const name = constructorName(obj);
  const isArray = Array.isArray(obj);
  if (level > state.depth) {
    if (isArray) return '[Array]';
    return `[${name ?? 'Object'}]`;
  }

  state.seen.push(obj);
  state.currentDepth = level;
  try {
    let prefix = '';
    let open = '{';
    let close = '}';
    let entries: string[] = [];
    if (isArray) {
      const array = obj as unknown[];
      open = '[';
      close = ']';
      const shown = Math.min(array.length, state.maxArrayLength);
      let holes = 0;
      for (let i = 0; i < shown; i++) {
        if (!(i in array)) {
          holes++;
          continue;
        }
        if (holes > 0) entries.push(`<${holes} empty item${holes > 1 ? 's' : ''}>`);
        holes = 0;
        entries.push(formatValue(array[i], indent + 2, state, level + 1));
      }
      if (holes > 0) entries.push(`<${holes} empty item${holes > 1 ? 's' : ''}>`);
      if (array.length > shown) entries.push(`... ${array.length - shown} more item${array.length - shown > 1 ? 's' : ''}`);
      entries.push(...ownEntries(obj, state, indent, level, true));
      if (name !== 'Array') prefix = `${name ?? '[Array: null prototype]'}(${array.length}) `;
    } else if (obj instanceof Map) {
      prefix = `${name ?? 'Map'}(${obj.size}) `;
      let count = 0;
      for (const [k, v] of obj) {
        if (count++ >= state.maxArrayLength) break;
        entries.push(`${formatValue(k, indent + 2, state, level + 1)} => ${formatValue(v, indent + 2, state, level + 1)}`);
      }
      if (obj.size > state.maxArrayLength) entries.push(`... ${obj.size - state.maxArrayLength} more items`);
    } else if (obj instanceof Set) {
      prefix = `${name ?? 'Set'}(${obj.size}) `;
      let count = 0;
      for (const v of obj) {
        if (count++ >= state.maxArrayLength) break;
        entries.push(formatValue(v, indent + 2, state, level + 1));
      }
      if (obj.size > state.maxArrayLength) entries.push(`... ${obj.size - state.maxArrayLength} more items`);
    } else {
      if (typeof obj === 'function') prefix = `${functionLabel(obj)} `;
      else if (name === null) prefix = '[Object: null prototype] ';
      else if (name !== 'Object') prefix = `${name} `;
      entries = ownEntries(obj, state, indent, level, false);
    }
    if (entries.length === 0) return `${prefix}${open}${close}`;
    const layout = { indent, level, currentDepth: state.currentDepth, breakLength: state.breakLength, maxArrayLength: state.maxArrayLength };
    return reduceToSingleString(entries, `${prefix}${open}`, close, layout, isArray ? (obj as unknown[]) : undefined);
  } finally {
    state.seen.pop();
  }
}

function formatError(error: Error): string {
  const stack = safe(() => (typeof error.stack === 'string' ? error.stack : ''), '');
  const name = safe(() => String(error.name), 'Error');
  const message = safe(() => String(error.message), '');
  const head = message ? `${name}: ${message}` : name;
  // QuickJS stacks hold only the frames ("    at f (file:1:2)"), not the "Name: message" line.
  return stack ? `${head}\n${stack.replace(/\n$/, '')}` : head;
}

function safe<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}

/**
 * formatLogArguments joins console arguments like Node: printf-style directives in a leading
 * string (%s %d %i %f %j %o %O %c %%), strings as they are, everything else through inspect.
 */
export function formatLogArguments(args: readonly unknown[]): string {
  if (args.length === 0) return '';
  const rest = [...args];
  let head = '';
  if (typeof rest[0] === 'string') {
    const format = rest.shift() as string;
    head = format.replace(/%([sdifjoOc%])/g, (match, directive: string) => {
      if (directive === '%') return '%';
      if (rest.length === 0) return match;
      const arg = rest.shift();
      switch (directive) {
        case 's':
          return typeof arg === 'string' ? arg : typeof arg === 'object' && arg !== null ? inspect(arg, { depth: 1 }) : String(formatPrimitive(arg, stateForPrintf) ?? arg);
        case 'd':
        case 'i': {
          if (typeof arg === 'bigint') return `${arg}n`;
          const n = Number(arg);
          return String(directive === 'i' ? Math.trunc(n) : n);
        }
        case 'f':
          return String(parseFloat(String(arg)));
        case 'j':
          return safe(() => JSON.stringify(arg) ?? 'undefined', '[Circular]');
        case 'c':
          return '';
        default:
          return inspect(arg, { depth: directive === 'o' ? 4 : 2 });
      }
    });
  }
  const parts = rest.map((arg) => (typeof arg === 'string' ? arg : inspect(arg)));
  return [head, ...parts].filter((part, i) => i > 0 || typeof args[0] === 'string').join(' ');
}

const stateForPrintf: State = { currentDepth: 0, depth: 0, maxArrayLength: 100, maxStringLength: 10_000, breakLength: 80, seen: [] };
