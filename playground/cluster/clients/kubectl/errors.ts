/**
 * Error text as kubectl prints it (k8s.io/kubectl/pkg/cmd/util/helpers.go `checkErr` and
 * `StandardErrorMessage`): an API Status becomes `Error from server (Reason): message`, a 401
 * becomes `error: You must be logged in to the server (…)`, and a 422 is rebuilt from its
 * details as `The Pod "x" is invalid: field: message`, one `* ` line per cause when there are several.
 */
import type { Status } from '../../api/types';

/** ErrorSource is what kubectl was doing with which input, for `error when creating "STDIN": …`. */
export interface ErrorSource {
  /** Gerund: creating, applying, deleting, retrieving current configuration of… */
  action: string;
  /** Where the object came from: "STDIN" for `-f -`. */
  source: string;
}

function causesOf(status: Status): string[] {
  const seen = new Set<string>();
  const messages: string[] = [];
  for (const cause of status.details?.causes ?? []) {
    const message = `${cause.field ?? ''}: ${cause.message}`;
    if (seen.has(message)) continue;
    seen.add(message);
    messages.push(message);
  }
  return messages;
}

/** invalidMessage renders a 422 the way kubectl rebuilds it from `details`. */
function invalidMessage(status: Status): string {
  const details = status.details;
  if (!details) return `error: ${status.message ?? 'The request is invalid'}`;
  const prefix = details.kind || details.name ? `The ${details.kind ?? ''} "${details.name ?? ''}" is invalid` : 'The request is invalid';
  const causes = causesOf(status);
  if (causes.length === 0) return `${prefix}: ${status.message ?? ''}`;
  if (causes.length === 1) return `${prefix}: ${causes[0]}`;
  return [`${prefix}: `, ...causes.map((cause) => `* ${cause}`)].join('\n');
}

/** statusErrorText renders a failed API call as kubectl prints it on stderr (no trailing newline). */
export function statusErrorText(status: Status, source?: ErrorSource): string {
  if (status.code === 401) return `error: You must be logged in to the server (${status.message || 'Unauthorized'})`;
  if (status.code === 422 && status.reason === 'Invalid') return invalidMessage(status);
  const message = source ? `error when ${source.action} "${source.source}": ${status.message ?? ''}` : (status.message ?? '');
  if (status.reason) return `Error from server (${status.reason}): ${message}`;
  return `Error from server: ${message}`;
}

/** unknownResourceText is kubectl's answer to a resource type discovery does not know. */
export function unknownResourceText(typed: string): string {
  return `error: the server doesn't have a resource type "${typed}"`;
}
