/**
 * createGuestConsole builds the `console` reader code sees inside the sandbox. Each call is
 * formatted to text right here (inspect.ts) and handed to `write`, which crosses to the host.
 * When `write` answers false (the host's output budget is spent) later calls return at once,
 * so a console flood costs almost nothing after the cap, until the host calls `reopen()` for the
 * next step.
 */
import { formatLogArguments, inspect } from './inspect';

/** ConsoleWrite sends one formatted line to the host; false means "stop sending". */
export type ConsoleWrite = (level: 'log' | 'info' | 'warn' | 'error' | 'debug', text: string) => boolean;

/** GuestConsole is the subset of the console API the sandbox offers. */
export interface GuestConsole {
  log(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
  debug(...args: unknown[]): void;
  dir(value: unknown): void;
  table(data: unknown, columns?: readonly string[]): void;
  assert(condition: unknown, ...args: unknown[]): void;
  count(label?: string): void;
  countReset(label?: string): void;
  group(...args: unknown[]): void;
  groupCollapsed(...args: unknown[]): void;
  groupEnd(): void;
}

/** createGuestConsole returns a console that formats in the guest and writes through `write`. */
export function createGuestConsole(write: ConsoleWrite): { console: GuestConsole; reopen(): void } {
  let open = true;
  let indent = '';
  const counts = new Map<string, number>();
  const emit = (level: Parameters<ConsoleWrite>[0], text: string) => {
    if (!open) return;
    const shown = indent ? text.split('\n').map((line) => indent + line).join('\n') : text;
    if (!write(level, shown)) open = false;
  };
  const method = (level: Parameters<ConsoleWrite>[0]) =>
    function (...args: unknown[]) {
      if (open) emit(level, formatLogArguments(args));
    };
  const guestConsole: GuestConsole = {
    log: method('log'),
    info: method('info'),
    warn: method('warn'),
    error: method('error'),
    debug: method('debug'),
    dir(value: unknown) {
      if (open) emit('log', inspect(value));
    },
    table(data: unknown, columns?: readonly string[]) {
      if (open) emit('log', formatTable(data, columns));
    },
    assert(condition: unknown, ...args: unknown[]) {
      if (!condition) emit('error', args.length > 0 ? `Assertion failed: ${formatLogArguments(args)}` : 'Assertion failed');
    },
    count(label = 'default') {
      const n = (counts.get(label) ?? 0) + 1;
      counts.set(label, n);
      emit('log', `${label}: ${n}`);
    },
    countReset(label = 'default') {
      counts.set(label, 0);
    },
    group(...args: unknown[]) {
      if (args.length > 0) emit('log', formatLogArguments(args));
      indent += '  ';
    },
    groupCollapsed(...args: unknown[]) {
      if (args.length > 0) emit('log', formatLogArguments(args));
      indent += '  ';
    },
    groupEnd() {
      indent = indent.slice(2);
    },
  };
  return {
    console: guestConsole,
    reopen() {
      open = true;
    },
  };
}

/**
 * formatTable draws console.table's box like Node: an "(index)" column, one column per key seen
 * (or the given `columns`), and a "Values" column for rows that are not objects.
 */
export function formatTable(data: unknown, columns?: readonly string[]): string {
  if (data === null || typeof data !== 'object') return formatLogArguments([data]);
  const rows: [string, unknown][] =
    data instanceof Map ? [...data].map(([k, v]) => [inspectCell(k), v]) : Object.entries(data as object);
  const keys: string[] = columns ? [...columns] : [];
  let hasValues = false;
  for (const [, row] of rows) {
    if (row !== null && typeof row === 'object') {
      if (!columns) for (const key of Object.keys(row)) if (!keys.includes(key)) keys.push(key);
    } else {
      hasValues = true;
    }
  }
  const header = ['(index)', ...keys, ...(hasValues ? ['Values'] : [])];
  const body = rows.map(([index, row]) => {
    const isObject = row !== null && typeof row === 'object';
    const cells = keys.map((key) => (isObject && Object.prototype.hasOwnProperty.call(row, key) ? inspectCell((row as Record<string, unknown>)[key]) : ''));
    return [index, ...cells, ...(hasValues ? [isObject ? '' : inspectCell(row)] : [])];
  });
  const widths = header.map((title, i) => Math.max(title.length, ...body.map((cells) => cells[i].length)) + 2);
  const line = (left: string, mid: string, right: string) => left + widths.map((w) => '─'.repeat(w)).join(mid) + right;
  const row = (cells: string[]) => '│' + cells.map((cell, i) => ` ${cell.padEnd(widths[i] - 1)}`).join('│') + '│';
  return [line('┌', '┬', '┐'), row(header), line('├', '┼', '┤'), ...body.map(row), line('└', '┴', '┘')].join('\n');
}

function inspectCell(value: unknown): string {
  return inspect(value, { depth: 0, breakLength: Infinity });
}
