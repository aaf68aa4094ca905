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

function withAuthenticatedGroup(user: UserInfo): UserInfo {
  return user.groups.includes('system:authenticated') ? user : { ...user, groups: [...user.groups, 'system:authenticated'] };
}

export function authenticate(request: HttpRequest, config: AuthnConfig): AuthnResult {
  const certificate = request.clientCertificate;
  if (certificate && config.clientCertificates && certificate.commonName) {
    return { ok: true, user: withAuthenticatedGroup({ name: certificate.commonName, groups: [...certificate.organizations] }) };
  }
  const header = request.headers.authorization ?? '';
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (header) {
    const user = bearer ? config.tokens.get(bearer[1]) : undefined;
    return user ? { ok: true, user: withAuthenticatedGroup({ ...user, groups: [...user.groups] }) } : { ok: false };
  }
  return config.anonymous ? { ok: true, user: { ...ANONYMOUS, groups: [...ANONYMOUS.groups] } } : { ok: false };
}
