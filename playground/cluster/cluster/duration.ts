/**
 * parseDuration reads the durations step code passes to cluster.run: a number of milliseconds, or
 * Go-style text as kubectl flags take it (`500ms`, `30s`, `2m`, `1h30m`). A bad value throws a
 * clear error instead of running for NaN milliseconds.
 */

/** Duration is milliseconds, or text such as `30s`, `2m`, `1h30m`, `250ms`. */
export type Duration = number | string;

const UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** parseDuration returns milliseconds. */
export function parseDuration(value: Duration, what = 'duration'): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`${what} must be a finite number of milliseconds >= 0, got ${value}`);
    return value;
  }
  const text = String(value).trim();
  const parts = text.match(/(\d+(?:\.\d+)?)(ms|s|m|h)/g);
  if (!parts || parts.join('') !== text) {
    throw new RangeError(`${what} ${JSON.stringify(value)} is not a duration: use milliseconds (5000) or text like "30s", "2m", "1h30m", "250ms"`);
  }
  return parts.reduce((sum, part) => {
    const [, amount, unit] = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(part)!;
    return sum + Number(amount) * UNITS[unit];
  }, 0);
}

/** formatDuration renders milliseconds compactly for summaries: `850ms`, `12.5s`, `60s`, `3m20s`. */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${ms}ms`;
  if (ms <= 120_000) return `${Number((ms / 1_000).toFixed(3))}s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1_000);
  return seconds ? `${minutes}m${seconds}s` : `${minutes}m`;
}
