/**
 * withAuthentication is the Authentication filter: it sets the request's user (read-only: requests
 * with the same credential share it) or answers 401 Unauthorized (the message is the bare word, as
 * the real failed-authentication handler writes).
 */
import { unauthorized } from '../../api/status';
import type { AuthnConfig } from '../authn/authenticator';
import { RememberedAuthenticator } from '../authn/remembered';
import { jsonResponse, type Handler } from '../request';

export function withAuthentication(next: Handler, config: AuthnConfig): Handler {
  // One chain per running configuration: answers are remembered per credential until a restart.
  const authenticator = new RememberedAuthenticator(config);
  return (request) => {
    const result = authenticator.authenticate(request.http);
    if (!result.ok) {
      request.noteRequest();
      return jsonResponse(401, unauthorized());
    }
    request.user = result.user;
    return next(request);
  };
}
