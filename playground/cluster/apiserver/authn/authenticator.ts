/**
 * authenticate tries the configured authenticators on a request, as the union authenticator does:
 * a trusted client certificate (CN = user, O = groups), then a bearer token from --token-auth-file.
 * A presented token that matches nothing is a 401 even with anonymous auth on; only a request with
 * no credential at all becomes system:anonymous. Authenticated users get system:authenticated.
 */
import type { HttpRequest } from '../../api/client';
import type { UserInfo } from '../request';

/** AuthnConfig is the authentication part of the running configuration. */
export interface AuthnConfig {
  /** Static tokens from --token-auth-file. */
  tokens: ReadonlyMap<string, UserInfo>;
  /** True when --client-ca-file is set: only then are client certificates verified and used. */
  clientCertificates: boolean;
  /** --anonymous-auth (default true). */
  anonymous: boolean;
}

/** AuthnResult is a user, or a rejection (401). */
export type AuthnResult = { ok: true; user: UserInfo } | { ok: false };

const ANONYMOUS: UserInfo = { name: 'system:anonymous', groups: ['system:unauthenticated'] };
const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** withAuthenticatedGroup copies `groups`, adding system:authenticated unless it is there. */
function withAuthenticatedGroup(groups: readonly string[]): string[] {
  // The copy is made at its final length: a list grown by push keeps room for 16 more names in V8
  // for as long as the (remembered) user lives.
  return groups.includes('system:authenticated') ? groups.slice() : groups.concat('system:authenticated');
}

export function authenticate(request: HttpRequest, config: AuthnConfig): AuthnResult {
  const certificate = request.clientCertificate;
  if (certificate && config.clientCertificates && certificate.commonName) {
    return { ok: true, user: { name: certificate.commonName, groups: withAuthenticatedGroup(certificate.organizations) } };
  }
  const header = request.headers.authorization ?? '';
  if (header) {
    const bearer = BEARER.exec(header);
    const user = bearer ? config.tokens.get(bearer[1]) : undefined;
    return user ? { ok: true, user: { ...user, groups: withAuthenticatedGroup(user.groups) } } : { ok: false };
  }
  return config.anonymous ? { ok: true, user: { ...ANONYMOUS, groups: [...ANONYMOUS.groups] } } : { ok: false };
}
