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
