/**
 * withAuthentication is the Authentication filter: it sets the request's user or answers 401
 * Unauthorized (the message is the bare word, as the real failed-authentication handler writes).
 */
import { unauthorized } from '../../api/status';
import { authenticate, type AuthnConfig } from '../authn/authenticator';
import { jsonResponse, type Handler } from '../request';

export function withAuthentication(next: Handler, config: AuthnConfig): Handler {
  return (request) => {
    const result = authenticate(request.http, config);
    if (!result.ok) {
      request.noteRequest();
      return jsonResponse(401, unauthorized());
    }
    request.user = result.user;
    return next(request);
  };
}
