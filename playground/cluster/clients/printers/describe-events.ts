/**
 * The Events section at the end of `kubectl describe` (kubectl's DescribeEvents): sorted by the
 * time each event last happened, with `<age> (xN over <age>)` for repeated events.
 */
import type { Event } from '../../api/types';
import type { DescribeWriter } from './describe-writer';
import type { EventTimes } from './event';
import { since } from './time';

function lastHappened(event: Event & EventTimes): string {
  return event.series?.lastObservedTime ?? event.lastTimestamp ?? event.eventTime ?? '';
}

/** writeEvents appends the Events section; `Events:  <none>` when there are none. */
export function writeEvents(w: DescribeWriter, events: readonly (Event & EventTimes)[], nowMs: number): void {
  if (events.length === 0) return w.write(0, 'Events:\t<none>\n');
  const sorted = [...events].sort((a, b) => (lastHappened(a) < lastHappened(b) ? -1 : lastHappened(a) > lastHappened(b) ? 1 : 0));
  w.write(0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  w.write(1, '----\t------\t----\t----\t-------\n');
  for (const event of sorted) {
    const first = event.eventTime ? since(event.eventTime, nowMs) : since(event.firstTimestamp, nowMs);
    let interval = first;
    if (event.series) interval = `${since(event.series.lastObservedTime, nowMs)} (x${event.series.count} over ${first})`;
    else if ((event.count ?? 0) > 1) interval = `${since(event.lastTimestamp, nowMs)} (x${event.count} over ${first})`;
    const from = event.source?.component || event.reportingController || event.reportingComponent || '';
    w.write(1, `${event.type}\t${event.reason}\t${interval}\t${from}\t${(event.message ?? '').trim()}\n`);
  }
}
