/**
 * withAuthorization is the Authorization filter: it asks the configured authorizers about the
 * request's attributes and answers 403 with the real message
 * (`pods is forbidden: User "alice" cannot create resource "pods" in API group "" in the namespace "default"`).
 */
import { findResource } from '../../api/resources';
import { forbidden } from '../../api/status';
import type { Authorizer, AuthzAttributes } from '../authz/types';
import { shapeOf, unionAuthorize } from '../authz/types';
import { setHiddenNote } from '../registry/hidden-note';
import { jsonResponse, type ApiRequest, type Handler, type RequestInfo, type UserInfo } from '../request';

/** attributesOf turns request info and user into authorizer attributes, with their shape if it is known (see AuthzAttributes.shape). */
export function attributesOf(request: ApiRequest, shape?: string | null): AuthzAttributes {
  const info = request.info!;
  return {
    user: request.user!,
    verb: info.verb,
    isResourceRequest: info.isResourceRequest,
    path: info.path,
    namespace: info.namespace,
    apiGroup: info.apiGroup,
    resource: info.resource,
    subresource: info.subresource,
    name: info.name,
    // Always present, so that every attributes object has the same layout.
    shape,
  };
}

/** forbiddenMessage is responsewriters.forbiddenMessage. */
export function forbiddenMessage(a: AuthzAttributes): string {
  if (!a.isResourceRequest) return `User "${a.user.name}" cannot ${a.verb} path "${a.path}"`;
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const scope = a.namespace ? `in the namespace "${a.namespace}"` : 'at the cluster scope';
  return `User "${a.user.name}" cannot ${a.verb} resource "${resource}" in API group "${a.apiGroup}" ${scope}`;
}

/**
 * ATTRIBUTES_BY_INFO keys, on a user itself (a hidden note, see setHiddenNote), the attributes of
 * that user's requests by remembered RequestInfo. Most of a cluster's requests go to a few
 * collection paths (every Event a component records is a POST to …/events) with a few credentials,
 * and the chain shares both the info (RequestInfoCache) and the user (RememberedAuthenticator)
 * between such requests: their attributes are the same, so they are built once, with their shape
 * (shapeOf) for authorizers that remember decisions by it. A note on the user is a property read,
 * where a lookup keyed by the user (a WeakMap) was a call in an interpreter and a hash probe in V8.
 */
const ATTRIBUTES_BY_INFO = Symbol('attributesByInfo');

/** SHARED_ATTRIBUTES_LIMIT bounds the attributes a user keeps; past it they are forgotten all at once. */
export const SHARED_ATTRIBUTES_LIMIT = 256;

/**
 * sharedAttributesOf is attributesOf(request), one read-only object for all the requests of a user
 * to one collection path (the paths RequestInfoCache remembers). Attributes depend on nothing but
 * the info and the user, both read-only (decisions are not kept here), so nothing needs forgetting
 * when RBAC objects, tokens or flags change: a new info or user (after either cache is full, or a
 * restart) simply gets new attributes. A user that cannot take the note (frozen) gets fresh ones.
 */
export function sharedAttributesOf(request: ApiRequest): AuthzAttributes {
  const info = request.info!;
  // Paths that name an object are parsed afresh for each request: nothing to share.
  if (info.name !== '' || !info.isResourceRequest) return attributesOf(request);
  const user = request.user! as UserInfo & { [ATTRIBUTES_BY_INFO]?: Map<RequestInfo, AuthzAttributes> };
  let byInfo = user[ATTRIBUTES_BY_INFO];
  const known = byInfo?.get(info);
  if (known !== undefined) return known;
  const attributes = attributesOf(request, shapeOf(info));
  if (byInfo === undefined || byInfo.size >= SHARED_ATTRIBUTES_LIMIT) {
    if (!Object.isExtensible(user)) return attributes;
    setHiddenNote(user, ATTRIBUTES_BY_INFO, (byInfo = new Map()));
  }
  byInfo.set(info, attributes);
  return attributes;
}

export function withAuthorization(next: Handler, config: { readonly authorizers: readonly Authorizer[] }): Handler {
  return (request) => {
    const attributes = sharedAttributesOf(request);
    // Read from the running configuration on every request, as a field: no getter call per request.
    const decision = unionAuthorize(config.authorizers, attributes);
    if (decision.decision === 'allow') return next(request);
    let message = forbiddenMessage(attributes);
    if (decision.reason) message += `: ${decision.reason}`;
    const group = attributes.isResourceRequest ? (findResource(attributes.resource, attributes.apiGroup)?.group ?? attributes.apiGroup) : '';
    return jsonResponse(403, forbidden({ group, resource: attributes.isResourceRequest ? attributes.resource : '' }, attributes.name, message));
  };
}
