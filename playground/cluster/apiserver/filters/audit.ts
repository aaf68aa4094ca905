/**
 * withAudit sits right after authentication, as the real Audit filter does: it is the first point
 * where the request is known together with its user, so this is where the trace records it.
 */
import type { Handler } from '../request';

export function withAudit(next: Handler): Handler {
  return (request) => {
    request.noteRequest();
    return next(request);
  };
}
