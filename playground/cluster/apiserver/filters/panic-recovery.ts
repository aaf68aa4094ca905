/**
 * withPanicRecovery is the outermost filter: a StatusError thrown anywhere becomes its Status
 * response, and any other exception — a bug in the server — becomes 500 InternalError instead of
 * taking the simulation down.
 */
import { internalError, StatusError } from '../../api/status';
import { jsonResponse, type Handler } from '../request';

export function withPanicRecovery(next: Handler): Handler {
  return (request) => {
    try {
      return next(request);
    } catch (error) {
      if (error instanceof StatusError) return jsonResponse(error.status.code ?? 500, error.status);
      const message = error instanceof Error ? error.message : String(error);
      return jsonResponse(500, internalError(message));
    }
  };
}
