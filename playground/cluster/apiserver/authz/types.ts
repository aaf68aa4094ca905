/**
 * Authorization: authorizers see the request's attributes and allow, deny or have no opinion
 * (k8s.io/apiserver pkg/authorization/authorizer). The modes of --authorization-mode are asked in
 * order and the first allow or deny wins; if nobody decides, the request is forbidden.
 */
import type { UserInfo } from '../request';

/** AuthzAttributes is authorizer.Attributes for one request. */
export interface AuthzAttributes {
  user: UserInfo;
  verb: string;
  isResourceRequest: boolean;
  /** Request path, for non-resource requests (/healthz, /api). */
  path: string;
  namespace: string;
  apiGroup: string;
  resource: string;
  subresource: string;
  name: string;
  /**
   * shape, when set, is shapeOf(these attributes), worked out once: the authorization filter
   * shares one attributes object between the requests of a user to a collection path and sets it
   * there, so an authorizer that remembers decisions by shape builds no key on each of them.
   */
  readonly shape?: string | null;
}

/** SHAPE_PARTS matches a request shape whose five parts hold no NUL of their own (exactly four separators). */
const SHAPE_PARTS = /^[^\u0000]*(?:\u0000[^\u0000]*){4}$/;

/**
 * shapeOf is the key of a resource request's shape — verb, namespace, API group, resource and
 * subresource, NUL-separated — under which a decision that does not depend on the object's name may
 * be remembered; null for the rare request with a NUL in a part, whose key could spell another's.
 */
export function shapeOf(a: Pick<AuthzAttributes, 'verb' | 'namespace' | 'apiGroup' | 'resource' | 'subresource'>): string | null {
  const shape = `${a.verb}\u0000${a.namespace}\u0000${a.apiGroup}\u0000${a.resource}\u0000${a.subresource}`;
  return SHAPE_PARTS.test(shape) ? shape : null;
}

export interface Decision {
  decision: 'allow' | 'deny' | 'no-opinion';
  /** Why; appended to the 403 message as the real server does. */
  reason: string;
}

/** Authorizer is one --authorization-mode. */
export interface Authorizer {
  readonly name: string;
  authorize(attributes: AuthzAttributes): Decision;
}

/** unionAuthorize asks each authorizer in turn; the first allow or deny wins, reasons accumulate. The result is read-only. */
export function unionAuthorize(authorizers: readonly Authorizer[], attributes: AuthzAttributes): Decision {
  // Every request passes here: the reason list only once a reason comes.
  let reasons: string[] | undefined;
  for (let i = 0; i < authorizers.length; i++) {
    const result = authorizers[i].authorize(attributes);
    // The deciding authorizer's own answer when nobody before it gave a reason (the usual case,
    // and often a remembered decision): callers only read it, so no new Decision, no join.
    if (!reasons && result.decision !== 'no-opinion' && typeof result.reason === 'string') return result;
    if (result.reason) (reasons ??= []).push(result.reason);
    if (result.decision !== 'no-opinion') return { decision: result.decision, reason: reasons ? reasons.join('\n') : '' };
  }
  return { decision: 'no-opinion', reason: reasons ? reasons.join('\n') : '' };
}

/** AlwaysAllow is --authorization-mode=AlwaysAllow, the kube-apiserver default. */
export const AlwaysAllow: Authorizer = { name: 'AlwaysAllow', authorize: () => ({ decision: 'allow', reason: '' }) };

/** AlwaysDeny is --authorization-mode=AlwaysDeny: no opinion, with the real reason text. */
export const AlwaysDeny: Authorizer = { name: 'AlwaysDeny', authorize: () => ({ decision: 'no-opinion', reason: 'Everything is forbidden.' }) };
