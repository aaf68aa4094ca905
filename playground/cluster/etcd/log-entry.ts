/**
 * What the MVCC store's event log keeps per revision (LogEntry), and the PUT events it makes.
 * Most revisions are one PUT that created its key (every Event, every pod create): the log keeps
 * such a revision as its KeyValue alone, and an event object is made only when a watcher or a
 * replay asks for one, instead of one kept per write.
 */
import { freezeGuardOn } from '../sim/freeze';
import type { KeyValue } from './types';
import type { StoredEvent } from './store';

/**
 * createdEvent is the PUT event of a put that created its key (no previous value), made from its
 * KeyValue: the log keeps such a revision as the KeyValue alone (see LogEntry).
 */
export function createdEvent(kv: KeyValue): StoredEvent {
  const event: StoredEvent = { type: 'PUT', kv };
  return freezeGuardOn ? Object.freeze(event) : event;
}

/**
 * LogEntry is one revision in the event log: its one event, its list of events when it made
 * several, or, for one PUT that created its key (every Event, every pod create), the KeyValue
 * itself, which says all its event would (createdEvent): no event object is kept per such write.
 */
export type LogEntry = StoredEvent | StoredEvent[] | KeyValue;

/** isCreatedKv tells a created key's KeyValue from a StoredEvent (a KeyValue has no `type`). */
export function isCreatedKv(entry: StoredEvent | KeyValue): entry is KeyValue {
  return (entry as StoredEvent).type === undefined;
}
