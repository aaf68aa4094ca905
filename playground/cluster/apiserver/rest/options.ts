/**
 * Request-option decoding for writes: DeleteOptions from the body and query, and PATCH bodies
 * applied to the stored object according to their Content-Type (415 for anything else).
 */
import type { DeleteOptions, PatchType } from '../../api/client';
import { applyPatch, PatchError, patchTypeOf } from '../../api/patch';
import { strategicMergePatchShared } from '../../api/patch-merge';
import { isWireBody } from '../../api/transport';
import { badRequest, StatusError, unprocessable, unsupportedMediaType } from '../../api/status';
import type { KubeObject } from '../../api/types';
import type { StoredRead } from '../registry/cached-objects';
import { decodedSpec } from '../registry/quantities';
import type { Store } from '../registry/store';
import type { Strategy } from '../registry/strategy';
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
 * patchObject applies the request's patch to the stored object and re-runs defaulting on the
 * result. `stored.copy()` decodes a fresh copy of the stored object that the patch may change.
 */
export function patchObject(request: ApiRequest, store: Store, stored: StoredRead): KubeObject {
  const type = patchTypeOfRequest(request);
  if (!type) throw new StatusError(unsupportedMediaType());
  let patched: unknown;
  try {
    patched = applyPatch(type, stored.copy(), request.http.body, { owned: true });
  } catch (error) {
    throw patchFailure(error);
  }
  // applyPatch returned a new document, so decodeBody may take it over instead of copying it again.
  return decodeBody(patched, store.info, store.strategy, store.info.kind, true);
}

/**
 * patchStatus is patchObject for the status subresource. A strategic merge patch (what kubelets
 * send) is merged onto `current`, the read-only stored object, copying only what the patch touches
 * instead of decoding a whole copy first; the result serializes exactly as the patched copy would.
 * Defaulting is the status strategy's: it keeps the stored spec (which is all pod or ReplicaSet
 * defaulting touches), so the parts shared with `current` are never written. Other patch types,
 * and resources without a status strategy, take patchObject's path.
 */
export function patchStatus(request: ApiRequest, store: Store, statusStrategy: Strategy | undefined, current: KubeObject, stored: StoredRead): KubeObject {
  const body = request.http.body;
  if (!statusStrategy || patchTypeOfRequest(request) !== 'strategic' || typeof body !== 'object' || body === null || Array.isArray(body)) return patchObject(request, store, stored);
  const storedMetadata = current.metadata;
  const patchMetadata = (body as { metadata?: unknown }).metadata;
  // Metadata the patch leaves alone, or only restates (a kubelet's uid precondition), is the stored
  // metadata; it is known before the merge, so a restating patch's metadata is left out of it
  // rather than merged into a copy that would be thrown away.
  const keepsMetadata =
    statusStrategy.keepsStoredMetadata === true && typeof storedMetadata === 'object' && storedMetadata !== null && !Array.isArray(storedMetadata) && (patchMetadata === undefined || onlyRestates(patchMetadata, storedMetadata));
  let patched: unknown;
  try {
    // The merge copies the top level and what the patch touches. Metadata is always copied: the
    // store writes system fields and the resourceVersion there.
    // (A top-level `$patch` directive builds the result from the patch itself: merged whole.)
    if (keepsMetadata && patchMetadata !== undefined && (body as { $patch?: unknown }).$patch === undefined) {
      const { metadata: _restated, ...rest } = body as Record<string, unknown>;
      // The rest shares the wire body's values: the merge may take its new list items as it would the body's.
      patched = strategicMergePatchShared(current, rest, isWireBody(body));
    } else patched = strategicMergePatchShared(current, body);
    if (typeof patched === 'object' && patched !== null) {
      const merged = patched as KubeObject;
      if (keepsMetadata && (patchMetadata !== undefined || merged.metadata === storedMetadata)) {
        // The stored metadata: one copy, already without the resourceVersion the store would drop by a
        // second copy. It stores as the stored one (the store only writes the system fields back
        // with their stored values, and this status strategy and a status write's admission keep
        // metadata: keepsStoredMetadata), so it is marked as such and the encoder need not compare
        // the two key by key.
        const { resourceVersion: _dropped, ...metadata } = storedMetadata;
        merged.metadata = metadata;
        stored.encoding.markStoredCopy(metadata, storedMetadata);
      } else if (merged.metadata === storedMetadata) merged.metadata = { ...storedMetadata };
    }
  } catch (error) {
    throw patchFailure(error);
  }
  // A kubelet's patch leaves the spec alone: a stored spec object whose quantities parsed when a
  // body holding it was decoded needs no second look (one planted in etcd is checked every time).
  const spec = (current as KubeObject & { spec?: unknown }).spec;
  const specDecodable = (patched as KubeObject & { spec?: unknown }).spec === spec && decodedSpec(spec);
  return decodeBody(patched, store.info, statusStrategy, store.info.kind, true, specDecodable);
}

/**
 * onlyRestates tells whether a patch's metadata sets only keys the stored metadata has, each to
 * the very value it has (no directive, nothing to merge into): merging it copies the stored
 * metadata unchanged.
 */
function onlyRestates(patch: unknown, stored: object): boolean {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return false;
  const values = patch as Record<string, unknown>;
  const storedValues = stored as Record<string, unknown>;
  const keys = Object.keys(values);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const value = values[key];
    // A primitive equal to the stored value is an own key of it (the prototype holds only functions and objects).
    if (key.charCodeAt(0) === DOLLAR || typeof value === 'object' || typeof value === 'function' || storedValues[key] !== value) return false;
  }
  return true;
}

const DOLLAR = 36;

/** The patch type of each Content-Type header seen (the few the clients send), so a PATCH parses its header once per kind. */
const PATCH_TYPE_BY_HEADER = new Map<string, PatchType>();

/** PATCH_TYPE_HEADERS_REMEMBERED bounds that memory: headers are the client's to choose. */
const PATCH_TYPE_HEADERS_REMEMBERED = 32;

/** patchTypeOfRequest is the patch type the request's Content-Type names (media type parameters aside), or undefined (415). */
function patchTypeOfRequest(request: ApiRequest): PatchType | undefined {
  const header = request.http.headers['content-type'] ?? '';
  const known = PATCH_TYPE_BY_HEADER.get(header);
  if (known !== undefined) return known;
  const type = patchTypeOf(header.split(';')[0].trim());
  if (type !== undefined && PATCH_TYPE_BY_HEADER.size < PATCH_TYPE_HEADERS_REMEMBERED) PATCH_TYPE_BY_HEADER.set(header, type);
  return type;
}

function patchFailure(error: unknown): unknown {
  if (error instanceof PatchError) return new StatusError(error.badRequest ? badRequest(error.message) : unprocessable(error.message));
  return error;
}
