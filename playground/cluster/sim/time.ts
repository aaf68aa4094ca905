/**
 * Virtual wall-clock time. The cluster's clock starts at EPOCH; timestamps in objects are RFC 3339
 * strings of EPOCH + virtual milliseconds, with second precision as Kubernetes writes them.
 */
export const EPOCH_MS = Date.UTC(2026, 0, 1, 0, 0, 0);

/** The last second formatted: busy clusters stamp many objects within the same virtual second. */
let lastSecond = Number.NaN;
let lastStamp = '';
/**
 * The virtual millisecond lastStamp was last asked for (NaN: none). A busy instant stamps several
 * objects (some twelve stamps a pod: events, conditions, creation times); the same instant
 * answers with one comparison, without the division and the Math.floor call an interpreter feels.
 */
let lastMs = Number.NaN;

/** timestamp formats virtual time as Kubernetes does: `2026-01-01T00:00:05Z`. */
export function timestamp(virtualMs: number): string {
  if (virtualMs === lastMs) return lastStamp;
  const second = Math.floor((EPOCH_MS + virtualMs) / 1000);
  if (second !== lastSecond) {
    lastStamp = new Date(second * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    lastSecond = second;
  }
  lastMs = virtualMs;
  return lastStamp;
}

/** parseTimestamp turns an RFC 3339 timestamp back into virtual milliseconds. */
export function parseTimestamp(value: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new Error(`invalid timestamp ${JSON.stringify(value)}`);
  return ms - EPOCH_MS;
}

/** age renders a duration the way kubectl's AGE column does: 45s, 3m12s, 2h5m, 4d. */
export function age(durationMs: number): string {
  const s = Math.max(0, Math.floor(durationMs / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return `${m}m${s % 60 ? `${s % 60}s` : ''}`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 8) return `${h}h${m % 60 ? `${m % 60}m` : ''}`;
  if (h < 48) return `${h}h`;
  const d = Math.floor(h / 24);
  return d < 8 ? `${d}d${h % 24 ? `${h % 24}h` : ''}` : `${d}d`;
}
