/**
 * The event row of `kubectl get events` (kubectl's printEvent). Events written through the
 * events.k8s.io recorder carry `eventTime` instead of first/lastTimestamp; both are handled.
 */
import type { Event } from '../../api/types';
import { since } from './time';

/** EVENT_COLUMNS and EVENT_WIDE_COLUMNS are the headers of `get events` (wide inserts its extras between). */
export const EVENT_COLUMNS = ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'];
export const EVENT_WIDE_COLUMNS = ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'SUBOBJECT', 'SOURCE', 'MESSAGE', 'FIRST SEEN', 'COUNT', 'NAME'];

/** EventTimes are the optional fields of newer events that the core/v1 type leaves out. */
export interface EventTimes {
  eventTime?: string | null;
  series?: { count: number; lastObservedTime: string };
  reportingController?: string;
}

/** eventFirstSeen is when an event first happened: firstTimestamp, else eventTime. */
export function eventFirstSeen(event: Event & EventTimes, nowMs: number): string {
  return event.firstTimestamp ? since(event.firstTimestamp, nowMs) : since(event.eventTime ?? undefined, nowMs);
}

function source(event: Event & EventTimes): string {
  const component = event.source?.component ?? event.reportingComponent ?? event.reportingController ?? '';
  const host = event.source?.host ?? event.reportingInstance ?? '';
  return host ? `${component}, ${host}` : component;
}

/** eventRow is one line of `get events`. */
export function eventRow(event: Event & EventTimes, nowMs: number, wide: boolean): string[] {
  const firstSeen = eventFirstSeen(event, nowMs);
  let lastSeen = event.lastTimestamp ? since(event.lastTimestamp, nowMs) : firstSeen;
  let count = event.count ?? 0;
  if (event.series) {
    lastSeen = since(event.series.lastObservedTime, nowMs);
    count = event.series.count;
  } else if (count === 0) count = 1;
  const involved = event.involvedObject;
  const target = involved.name ? `${involved.kind.toLowerCase()}/${involved.name}` : involved.kind.toLowerCase();
  const message = (event.message ?? '').trim();
  if (!wide) return [lastSeen, event.type, event.reason, target, message];
  return [lastSeen, event.type, event.reason, target, involved.fieldPath ?? '', source(event), message, firstSeen, String(count), event.metadata.name ?? ''];
}
