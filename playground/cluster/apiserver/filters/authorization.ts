/**
 * withAuthorization is the Authorization filter: it asks the configured authorizers about the
 * request's attributes and answers 403 with the real message
 * (`pods is forbidden: User "alice" cannot create resource "pods" in API group "" in the namespace "default"`).
 */
import { findResource } from '../../api/resources';
import { forbidden } from '../../api/status';
import type { Authorizer, AuthzAttributes } from '../authz/types';
import { unionAuthorize } from '../authz/types';
import { jsonResponse, type ApiRequest, type Handler } from '../request';

/** attributesOf turns request info and user into authorizer attributes. */
export function attributesOf(request: ApiRequest): AuthzAttributes {
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
  };
}

/** forbiddenMessage is responsewriters.forbiddenMessage. */
export function forbiddenMessage(a: AuthzAttributes): string {
  if (!a.isResourceRequest) return `User "${a.user.name}" cannot ${a.verb} path "${a.path}"`;
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const scope = a.namespace ? `in the namespace "${a.namespace}"` : 'at the cluster scope';
  return `User "${a.user.name}" cannot ${a.verb} resource "${resource}" in API group "${a.apiGroup}" ${scope}`;
}

export function withAuthorization(next: Handler, config: { readonly authorizers: readonly Authorizer[] }): Handler {
  return (request) => {
    const attributes = attributesOf(request);
    // Read from the running configuration on every request, as a field: no getter call per request.
    const decision = unionAuthorize(config.authorizers, attributes);
    if (decision.decision === 'allow') return next(request);
    let message = forbiddenMessage(attributes);
    if (decision.reason) message += `: ${decision.reason}`;
    const group = attributes.isResourceRequest ? (findResource(attributes.resource, attributes.apiGroup)?.group ?? attributes.apiGroup) : '';
    return jsonResponse(403, forbidden({ group, resource: attributes.isResourceRequest ? attributes.resource : '' }, attributes.name, message));
  };
}
