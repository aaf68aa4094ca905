/**
 * selfSubjectAccessReview answers "may I?" for the requesting user by running the configured
 * authorizers on the attributes in the review — what `kubectl auth can-i` sends. Reviews are
 * computed, never stored.
 */
import { badRequest, StatusError } from '../api/status';
import type { KubeObject } from '../api/types';
import { unionAuthorize, type Authorizer } from './authz/types';
import type { UserInfo } from './request';

interface ReviewSpec {
  resourceAttributes?: { namespace?: string; verb?: string; group?: string; resource?: string; subresource?: string; name?: string };
  nonResourceAttributes?: { path?: string; verb?: string };
}

export function selfSubjectAccessReview(authorizers: readonly Authorizer[], user: UserInfo, review: KubeObject): KubeObject {
  const spec = (review.spec ?? {}) as ReviewSpec;
  const resource = spec.resourceAttributes;
  const nonResource = spec.nonResourceAttributes;
  if (!resource && !nonResource) {
    throw new StatusError(badRequest('SelfSubjectAccessReview is invalid: spec.resourceAttributes: Required value: exactly one of nonResourceAttributes or resourceAttributes must be specified'));
  }
  const decision = unionAuthorize(authorizers, {
    user,
    verb: (resource?.verb ?? nonResource?.verb ?? '').toLowerCase(),
    isResourceRequest: !!resource,
    path: nonResource?.path ?? '',
    namespace: resource?.namespace ?? '',
    apiGroup: resource?.group ?? '',
    resource: resource?.resource ?? '',
    subresource: resource?.subresource ?? '',
    name: resource?.name ?? '',
  });
  const status: Record<string, unknown> = { allowed: decision.decision === 'allow' };
  if (decision.decision === 'deny') status.denied = true;
  if (decision.reason) status.reason = decision.reason;
  return {
    kind: 'SelfSubjectAccessReview',
    apiVersion: 'authorization.k8s.io/v1',
    metadata: { creationTimestamp: null } as unknown as KubeObject['metadata'],
    spec,
    status,
  };
}
