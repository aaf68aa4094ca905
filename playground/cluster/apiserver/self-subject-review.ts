/**
 * selfSubjectReview answers "who am I?" (authentication.k8s.io/v1 SelfSubjectReview, what
 * `kubectl auth whoami` sends): the user the authenticators made of the request's credentials,
 * echoed back. Like access reviews it is computed, never stored, and needs no authorizer's opinion
 * beyond permission to create it (system:basic-user grants that to everyone authenticated).
 */
import type { KubeObject } from '../api/types';
import type { UserInfo } from './request';

/** selfSubjectReview builds the reply for `user`; the request body carries nothing the server reads. */
export function selfSubjectReview(user: UserInfo): KubeObject {
  const userInfo: Record<string, unknown> = { username: user.name };
  if (user.uid) userInfo.uid = user.uid;
  if (user.groups.length) userInfo.groups = [...user.groups];
  return {
    kind: 'SelfSubjectReview',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: { creationTimestamp: null } as unknown as KubeObject['metadata'],
    status: { userInfo },
  };
}
