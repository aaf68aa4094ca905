/**
 * Times as kubectl prints them: AGE columns use duration.HumanDuration of the time since a
 * timestamp (on the virtual clock), and describe prints Go's time.RFC1123Z layout.
 */
import { age, parseTimestamp } from '../../sim/time';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** since renders the time from `timestamp` to `nowMs` (virtual ms) like translateTimestampSince; `<unknown>` when unset. */
export function since(timestamp: string | undefined | null, nowMs: number): string {
  if (!timestamp) return '<unknown>';
  const elapsed = nowMs - parseTimestamp(timestamp);
  if (elapsed < -1000) return '<invalid>';
  return age(Math.max(0, elapsed));
}

/** rfc1123z formats a timestamp as Go's `Mon, 02 Jan 2006 15:04:05 -0700` in UTC. */
export function rfc1123z(timestamp: string): string {
  const date = new Date(timestamp);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[date.getUTCDay()]}, ${pad(date.getUTCDate())} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}
