/**
 * Parsing of a watch's starting point. Unset and "0" mean "send the current state as ADDED events,
 * then changes"; any other value means "changes after exactly this revision".
 */
import { badRequest, StatusError } from '../../api/status';

/** WatchStart is where a watch begins: from the current state, or after a given revision. */
export type WatchStart = { kind: 'state' } | { kind: 'after'; revision: number };

/** parseWatchStart reads a watch's resourceVersion parameter; anything but digits is a 400. */
export function parseWatchStart(resourceVersion: string | undefined): WatchStart {
  if (resourceVersion === undefined || resourceVersion === '' || resourceVersion === '0') return { kind: 'state' };
  if (!/^\d+$/.test(resourceVersion)) throw new StatusError(badRequest(`invalid resource version: ${JSON.stringify(resourceVersion)}`));
  return { kind: 'after', revision: Number(resourceVersion) };
}
