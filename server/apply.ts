/**
 * Server-side apply (PATCH with Content-Type application/apply-patch+yaml), for the fields the
 * mini apiserver supports: the applied configuration creates the object when it does not exist
 * (201) and is otherwise merged into it as a strategic merge patch (200), so containers and other
 * keyed lists merge by name. Field ownership (managedFields, conflicts, `force`) is not modelled:
 * fields a manager stops applying are kept rather than removed. Each step is a real request
 * through the apiserver's chain with the caller's credentials, so authentication, authorization,
 * admission and validation all apply.
 */
import type { HttpRequest, HttpResponse } from '../playground/cluster/api/client';
import { badRequest } from '../playground/cluster/api/status';
import { parseRequestInfo } from '../playground/cluster/apiserver/filters/request-info';

/** APPLY_PATCH_MEDIA_TYPES are the Content-Types of a server-side apply. */
export const APPLY_PATCH_MEDIA_TYPES = ['application/apply-patch+yaml', 'application/apply-patch+json'];

/** isServerSideApply tells an apply from other PATCHes. */
export function isServerSideApply(request: HttpRequest): boolean {
  return request.method === 'PATCH' && APPLY_PATCH_MEDIA_TYPES.includes((request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase());
}

const json = (code: number, body: unknown): HttpResponse => ({ code, headers: { 'content-type': 'application/json' }, body });

/** serverSideApply carries out an apply through `send`, which hands one request to the apiserver. */
export async function serverSideApply(request: HttpRequest, send: (request: HttpRequest) => Promise<HttpResponse>): Promise<HttpResponse> {
  const q = request.path.indexOf('?');
  const path = q < 0 ? request.path : request.path.slice(0, q);
  const query = q < 0 ? '' : request.path.slice(q);
  const info = parseRequestInfo('PATCH', request.path);
  const applied = request.body as Record<string, unknown> | undefined;
  if (typeof applied !== 'object' || applied === null || Array.isArray(applied)) return json(400, badRequest('the applied configuration must be an object'));
  if (!applied.apiVersion || !applied.kind) return json(400, badRequest(`Object 'Kind' is missing in '${JSON.stringify(applied)}'`));
  const metadata = (applied.metadata ?? {}) as Record<string, unknown>;
  if (metadata.name !== undefined && metadata.name !== info.name) {
    return json(400, badRequest(`the name of the object (${String(metadata.name)}) does not match the name on the URL (${info.name})`));
  }
  const object = { ...applied, metadata: { ...metadata, name: info.name } };
  const headers = { ...request.headers };
  delete headers['content-type'];
  const base = { headers, ...(request.clientCertificate ? { clientCertificate: request.clientCertificate } : {}) };

  const patch = () => send({ ...base, method: 'PATCH', path: request.path, headers: { ...headers, 'content-type': 'application/strategic-merge-patch+json' }, body: object });
  const current = await send({ ...base, method: 'GET', path });
  if (current.code !== 404 || info.subresource) return current.code === 200 ? patch() : current;
  const collection = path.slice(0, path.lastIndexOf('/'));
  const created = await send({ ...base, method: 'POST', path: collection + query, headers: { ...headers, 'content-type': 'application/json' }, body: object });
  // Someone else created it between the GET and the POST: apply onto theirs.
  if (created.code === 409 && (created.body as { reason?: string } | undefined)?.reason === 'AlreadyExists') return patch();
  return created;
}
