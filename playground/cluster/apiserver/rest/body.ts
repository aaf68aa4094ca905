/**
 * decodeBody is the decode-and-default step of a write: the JSON body must be an object of the
 * endpoint's kind (apiVersion and kind are filled in when absent, as the server decodes into the
 * endpoint's type), and scheme defaulting runs on it. The body is copied first unless `owned` (a
 * flag, not an options object: every write decodes a body); an owned body already in the decoded
 * shape is the decoded object itself. `specDecodable` says the spec is one the server stored
 * itself (see undecodableQuantity).
 */
import { apiVersionOf, type ResourceInfo } from '../../api/resources';
import { badRequest, StatusError } from '../../api/status';
import type { KubeObject } from '../../api/types';
import { deepCopy } from '../registry/codec';
import { containerFieldTypeError } from '../registry/pod/container-field-types';
import { QUANTITY_FORMAT, undecodableQuantity } from '../registry/quantities';
import type { Strategy } from '../registry/strategy';

export function decodeBody(body: unknown, info: ResourceInfo, strategy?: Strategy, expectedKind = info.kind, owned = false, specDecodable = false): KubeObject {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new StatusError(badRequest(`the body of the request was in an unknown format - accepted media types include: application/json`));
  }
  // A request body may still be held by its sender; `owned` says it is a fresh object nobody else holds.
  const object = (owned ? body : deepCopy(body)) as KubeObject;
  const apiVersion = apiVersionOf(info);
  // Nearly every body names its kind and version rightly: two tests then stand for the mismatch checks.
  const typed = object.kind === expectedKind && object.apiVersion === apiVersion;
  if (!typed) {
    if (object.kind !== undefined && object.kind !== expectedKind) {
      throw new StatusError(badRequest(`${String(object.kind)} in version "${info.version}" cannot be handled as a ${expectedKind}: the kind in the body does not match the URL`));
    }
    if (object.apiVersion !== undefined && object.apiVersion !== apiVersion) {
      throw new StatusError(badRequest(`the API version in the data (${String(object.apiVersion)}) does not match the expected API version (${apiVersion})`));
    }
  }
  if (object.metadata !== undefined && (typeof object.metadata !== 'object' || object.metadata === null)) {
    throw new StatusError(badRequest(`${expectedKind} in version "${info.version}" cannot be handled as a ${expectedKind}: metadata must be an object`));
  }
  if (undecodableQuantity(object, expectedKind, specDecodable)) {
    // A container string field that is not one, else a quantity that does not parse.
    const reason = containerFieldTypeError(object, expectedKind) ?? QUANTITY_FORMAT;
    throw new StatusError(badRequest(`${expectedKind} in version "${info.version}" cannot be handled as a ${expectedKind}: ${reason}`));
  }
  // The decoded object starts with its apiVersion and kind. A body that already does (every
  // component's, and most readers') is that object already: only others are copied into that order.
  let ordered: KubeObject = object;
  if (!typed || !startsWithTypeMeta(object)) {
    ordered = { apiVersion, kind: expectedKind, ...object };
    ordered.apiVersion = apiVersion;
    ordered.kind = expectedKind;
  }
  strategy?.defaults(ordered);
  return ordered;
}

/** startsWithTypeMeta tells whether an object's first two keys are apiVersion, then kind (without listing all its keys). */
function startsWithTypeMeta(object: object): boolean {
  // Every body passes here: the second key is the answer, with no counter to test on the way.
  let first = true;
  for (const key in object) {
    if (!first) return key === 'kind';
    if (key !== 'apiVersion') return false;
    first = false;
  }
  return false;
}
