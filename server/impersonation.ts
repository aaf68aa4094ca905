/**
 * Impersonation (Impersonate-User / Impersonate-Group headers, `kubectl --as`), as kube-apiserver's
 * impersonation filter does it: the caller must be allowed the `impersonate` verb on the user
 * (`users`) and on every group (`groups`); then the request runs as that user, with those groups
 * plus system:authenticated. The mini apiserver has no such filter, so the front end asks it a
 * SelfSubjectAccessReview per name with the caller's own credentials, and on success hands the
 * request on with the impersonated identity in place of the caller's.
 */
import type { HttpRequest, HttpResponse } from '../playground/cluster/api/client';

/** IMPERSONATION_HEADERS are the headers that ask for impersonation. */
export const IMPERSONATION_HEADERS = ['impersonate-user', 'impersonate-group', 'impersonate-uid'];

/** wantsImpersonation tells whether a request asks to act as someone else. */
export function wantsImpersonation(request: HttpRequest): boolean {
  return IMPERSONATION_HEADERS.some((name) => request.headers[name] !== undefined);
}

const forbidden = (message: string, kind: string, name: string): HttpResponse => ({
  code: 403,
  headers: { 'content-type': 'application/json' },
  body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'Forbidden', details: { name, kind }, code: 403 },
});

/**
 * impersonate checks the caller may act as the requested user and groups, and returns either the
 * request rewritten to run as them or the 403 to answer.
 */
export async function impersonate(request: HttpRequest, send: (request: HttpRequest) => Promise<HttpResponse>): Promise<{ request: HttpRequest } | { refused: HttpResponse }> {
  const user = request.headers['impersonate-user'] ?? '';
  const groups = (request.headers['impersonate-group'] ?? '').split(',').map((g) => g.trim()).filter(Boolean);
  if (!user) return { refused: forbidden('requested impersonation without a user name (Impersonate-User)', 'users', '') };
  const checks = [
    { resource: 'users', group: '', name: user },
    ...groups.map((name) => ({ resource: 'groups', group: '', name })),
    ...(request.headers['impersonate-uid'] ? [{ resource: 'uids', group: 'authentication.k8s.io', name: request.headers['impersonate-uid'] }] : []),
  ];
  const callerHeaders = Object.fromEntries(Object.entries(request.headers).filter(([name]) => !IMPERSONATION_HEADERS.includes(name)));
  for (const check of checks) {
    const review = await send({
      method: 'POST',
      path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
      headers: { ...callerHeaders, 'content-type': 'application/json', accept: 'application/json' },
      body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: { verb: 'impersonate', ...check } } },
      ...(request.clientCertificate ? { clientCertificate: request.clientCertificate } : {}),
    });
    if (review.code !== 201) return { refused: review };
    if (!(review.body as { status?: { allowed?: boolean } }).status?.allowed) {
      const resource = check.group ? `${check.resource}.${check.group}` : check.resource;
      const caller = request.clientCertificate?.commonName ?? 'the caller';
      return { refused: forbidden(`${resource} "${check.name}" is forbidden: User "${caller}" cannot impersonate resource "${check.resource}" in API group "${check.group}" at the cluster scope`, check.resource, check.name) };
    }
  }
  // The impersonated identity travels as a verified client certificate would: CN = user, O = groups.
  const headers = { ...callerHeaders };
  delete headers.authorization;
  return { request: { ...request, headers, clientCertificate: { commonName: user, organizations: groups } } };
}
