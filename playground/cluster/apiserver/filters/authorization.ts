/**
 * withAuthorization is the Authorization filter: it asks the configured authorizers about the
 * request's attributes and answers 403 with the real message
 * (`pods is forbidden: User "alice" cannot create resource "pods" in API group "" in the namespace "default"`).
 */
import { findResource } from '../../api/resources';
import { forbidden } from '../../api/status';
import type { Authorizer, AuthzAttributes } from '../authz/types';
import { shapeOf, unionAuthorize } from '../authz/types';
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
 * SharedAttributes hands out the attributes of a request, one read-only object for all the requests
 * of a user to the same remembered RequestInfo. Most of a cluster's requests go to a few collection
 * paths (every Event a component records is a POST to …/events) with a few credentials, and the
 * chain shares both the info (RequestInfoCache) and the user (RememberedAuthenticator) between such
 * requests: their attributes are the same, so they are built once, with their shape (shapeOf) for
 * authorizers that remember decisions by it. Attributes depend on nothing else (decisions are not
 * kept here), so nothing needs forgetting: both maps are weak, and a new info or user (after
 * either cache is full, or a restart) simply gets new attributes.
 */
class SharedAttributes {
  private readonly byInfo = new WeakMap<RequestInfo, WeakMap<UserInfo, AuthzAttributes>>();

  /** attributesOf is attributesOf(request), shared for a collection path (the paths RequestInfoCache remembers). */
  attributesOf(request: ApiRequest): AuthzAttributes {
    const info = request.info!;
    // Paths that name an object are parsed afresh for each request: nothing to share.
    if (info.name !== '' || !info.isResourceRequest) return attributesOf(request);
    let byUser = this.byInfo.get(info);
    if (byUser === undefined) this.byInfo.set(info, (byUser = new WeakMap()));
    const user = request.user!;
    let attributes = byUser.get(user);
    if (attributes === undefined) byUser.set(user, (attributes = attributesOf(request, shapeOf(info))));
    return attributes;
  }
}

export function withAuthorization(next: Handler, config: { readonly authorizers: readonly Authorizer[] }): Handler {
  const shared = new SharedAttributes();
  return (request) => {
    const attributes = shared.attributesOf(request);
    // Read from the running configuration on every request, as a field: no getter call per request.
    const decision = unionAuthorize(config.authorizers, attributes);
    if (decision.decision === 'allow') return next(request);
    let message = forbiddenMessage(attributes);
    if (decision.reason) message += `: ${decision.reason}`;
    const group = attributes.isResourceRequest ? (findResource(attributes.resource, attributes.apiGroup)?.group ?? attributes.apiGroup) : '';
    return jsonResponse(403, forbidden({ group, resource: attributes.isResourceRequest ? attributes.resource : '' }, attributes.name, message));
  };
}
