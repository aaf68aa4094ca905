/**
 * withAudit sits right after authentication, as the real Audit filter does: it is the first point
 * where the request is known together with its user, so this is where the trace records it.
 */
import type { Handler } from '../request';

/**
 * withAudit records each request in `trace` (the cluster's). The trace is tested here: every
 * request passes, and while it is off (benchmarks) noteRequest would be a call that records nothing.
 */
export function withAudit(next: Handler, trace: { readonly enabled: boolean }): Handler {
  return (request) => {
    if (trace.enabled) request.noteRequest();
    return next(request);
  };
}
