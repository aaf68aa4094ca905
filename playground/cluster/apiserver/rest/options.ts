/**
 * Request-option decoding for writes: DeleteOptions from the body and query, and PATCH bodies
 * applied to the stored object according to their Content-Type (415 for anything else).
 */
import type { DeleteOptions } from '../../api/client';
import { applyPatch, PatchError, patchTypeOf } from '../../api/patch';
import { badRequest, StatusError, unprocessable, unsupportedMediaType } from '../../api/status';
import type { KubeObject } from '../../api/types';
import type { Store } from '../registry/store';
import type { ApiRequest } from '../request';
import { decodeBody } from './body';

/** deleteOptionsOf merges a DeleteOptions body with `?gracePeriodSeconds=` (the query wins, as in the server). */
export function deleteOptionsOf(body: unknown, query: Record<string, string>): DeleteOptions {
  const options: DeleteOptions = typeof body === 'object' && body !== null ? { ...(body as DeleteOptions) } : {};
  if (query.gracePeriodSeconds !== undefined) options.gracePeriodSeconds = Number(query.gracePeriodSeconds);
  if (query.propagationPolicy) options.propagationPolicy = query.propagationPolicy as DeleteOptions['propagationPolicy'];
  if (options.gracePeriodSeconds !== undefined && !Number.isInteger(options.gracePeriodSeconds)) {
    throw new StatusError(badRequest(`invalid gracePeriodSeconds: ${JSON.stringify(options.gracePeriodSeconds)}`));
  }
  return options;
}

/**
 * patchObject applies the request's patch to `stored`, a fresh copy of the stored object it may
 * change, and re-runs defaulting on the result.
 */
export function patchObject(request: ApiRequest, store: Store, stored: KubeObject): KubeObject {
  const contentType = (request.http.headers['content-type'] ?? '').split(';')[0].trim();
  const type = patchTypeOf(contentType);
  if (!type) throw new StatusError(unsupportedMediaType());
  let patched: unknown;
  try {
    patched = applyPatch(type, stored, request.http.body, { owned: true });
  } catch (error) {
    if (error instanceof PatchError) throw new StatusError(error.badRequest ? badRequest(error.message) : unprocessable(error.message));
    throw error;
  }
  // applyPatch returned a new document, so decodeBody may take it over instead of copying it again.
  return decodeBody(patched, store.info, store.strategy, store.info.kind, { owned: true });
}
