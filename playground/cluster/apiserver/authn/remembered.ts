/**
 * RememberedAuthenticator is authenticate() for one running configuration, remembering the answer
 * per credential. Every request is authenticated, by a handful of credentials (each component's
 * client certificate, a few tokens), and each answer was a new user with a new group list. The
 * configuration a credential is checked against is fixed until a restart, which builds a new one;
 * a remembered user is shared by every request with that credential, so it is read-only.
 */
import type { HttpRequest } from '../../api/client';
import { authenticate, type AuthnConfig, type AuthnResult } from './authenticator';

/** REMEMBERED_CREDENTIALS_LIMIT bounds each kind of remembered credential; past it they are forgotten all at once. */
export const REMEMBERED_CREDENTIALS_LIMIT = 1024;

/** CertificateAnswer is the answer for a certificate's common name, with the organizations it was given for. */
interface CertificateAnswer {
  organizations: readonly string[];
  result: AuthnResult;
}

/** RememberedAuthenticator answers for one running configuration's authenticators (see the file comment). */
export class RememberedAuthenticator {
  /**
   * Answers by certificate common name: an object without a prototype rather than a Map, as every
   * component's request brings a certificate (a property read, where a Map lookup is a call in an
   * interpreter; a name like `__proto__` is a plain key here), with its count kept alongside.
   */
  private byCommonName = Object.create(null) as Record<string, CertificateAnswer | undefined>;
  private commonNameCount = 0;
  private readonly byAuthorization = new Map<string, AuthnResult>();
  /** The answer for a request with no credential at all (anonymous, or 401). */
  private withoutCredential?: AuthnResult;

  constructor(private readonly config: AuthnConfig) {}

  /** authenticate answers as authenticate(request, config) does, from memory for a credential seen before. */
  authenticate(request: HttpRequest): AuthnResult {
    const certificate = request.clientCertificate;
    // The same order as authenticate: a trusted certificate first, then a bearer token, then none.
    if (certificate && this.config.clientCertificates && certificate.commonName) {
      const known = this.byCommonName[certificate.commonName];
      // A list it remembered itself (a client's frozen list, sent call after call) needs no comparing.
      if (known && (known.organizations === certificate.organizations || sameStrings(known.organizations, certificate.organizations))) return known.result;
      const result = authenticate(request, this.config);
      if (!known) {
        if (this.commonNameCount >= REMEMBERED_CREDENTIALS_LIMIT) {
          this.byCommonName = Object.create(null) as Record<string, CertificateAnswer | undefined>;
          this.commonNameCount = 0;
        }
        this.commonNameCount++;
      }
      // A frozen list is kept as it is (nothing can change it), any other copied.
      const organizations = Object.isFrozen(certificate.organizations) ? certificate.organizations : certificate.organizations.slice();
      this.byCommonName[certificate.commonName] = { organizations, result };
      return result;
    }
    const header = request.headers.authorization ?? '';
    if (header) {
      let result = this.byAuthorization.get(header);
      if (!result) {
        result = authenticate(request, this.config);
        if (this.byAuthorization.size >= REMEMBERED_CREDENTIALS_LIMIT) this.byAuthorization.clear();
        this.byAuthorization.set(header, result);
      }
      return result;
    }
    return (this.withoutCredential ??= authenticate(request, this.config));
  }
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  // Most certificates name one organization (a kubelet's system:nodes) or none: no loop for those.
  if (a.length <= 1) return a.length === 0 || a[0] === b[0];
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
