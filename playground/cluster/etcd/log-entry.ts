/**
 * What the MVCC store's event log keeps per revision (LogEntry), and the PUT events it makes.
 * Nearly every revision is one PUT (every Event and pod create, every pod update): the log keeps
 * such a revision as the KeyValue it wrote alone, and an event object is made only when a watcher
 * or a replay asks for one, instead of one kept per write.
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
 * replacedEvent is the PUT event of a put that replaced `prevKv`, frozen like the KeyValues while
 * the guard is on: watchers that want exactly this shape get this very object.
 */
export function replacedEvent(kv: KeyValue, prevKv: KeyValue): StoredEvent {
  const event: StoredEvent = { type: 'PUT', kv, prevKv };
  return freezeGuardOn ? Object.freeze(event) : event;
}

/**
 * LogEntry is one revision in the event log: its one event, its list of events when it made
 * several, or, for one PUT (through MvccStore.putOne: every API server create and update), the
 * KeyValue it wrote, which says all its event would: version 1, a created key (createdEvent);
 * otherwise it replaced its key's version before it in the key's history (replacedEvent). No
 * event object is kept per such write, for the garbage collector to walk in both engines.
 */
export type LogEntry = StoredEvent | StoredEvent[] | KeyValue;

/** isCreatedKv tells a created key's KeyValue from a StoredEvent (a KeyValue has no `type`). */
export function isCreatedKv(entry: StoredEvent | KeyValue): entry is KeyValue {
  return (entry as StoredEvent).type === undefined;
}

/** isKvEntry tells a log entry that is a put's KeyValue (neither an event nor a list of them has a `key`). */
export function isKvEntry(entry: LogEntry): entry is KeyValue {
  return (entry as KeyValue).key !== undefined;
}
