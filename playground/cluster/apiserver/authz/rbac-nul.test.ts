import { describe, expect, it } from 'vitest';
import type { Role, RoleBinding } from '../../api/types';
import { rbacAuthorizer, type RbacSource } from './rbac';
import type { AuthzAttributes } from './types';

const READER: Role = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'reader' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] } as Role;
const TO_GROUP_B: RoleBinding = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRoleBinding',
  metadata: { name: 'b-reads' },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'reader' },
  subjects: [{ kind: 'Group', name: 'b' }],
} as RoleBinding;

const source: RbacSource = {
  clusterRoleBindings: () => [TO_GROUP_B],
  roleBindings: () => [],
  clusterRole: (name) => (name === 'reader' ? READER : undefined),
  role: () => undefined,
};

const getPod = (user: AuthzAttributes['user'], namespace = 'default'): AuthzAttributes => ({
  user,
  verb: 'get',
  isResourceRequest: true,
  path: '',
  namespace,
  apiGroup: '',
  resource: 'pods',
  subresource: '',
  name: 'web',
});

describe('remembered RBAC decisions with NUL characters in names', () => {
  it('never lend a decision to a user whose name and groups would spell the same key', () => {
    const authorizer = rbacAuthorizer(source);
    // User "a" in group "b" is allowed; user "a\0b" without groups only looks alike once joined with NULs.
    expect(authorizer.authorize(getPod({ name: 'a', groups: ['b'] })).decision).toBe('allow');
    expect(authorizer.authorize(getPod({ name: 'a\u0000b', groups: [] })).decision).toBe('no-opinion');
    expect(authorizer.authorize(getPod({ name: 'a\u0000b', groups: [] })).decision).toBe('no-opinion');
    expect(authorizer.authorize(getPod({ name: 'a', groups: ['b'] })).decision).toBe('allow');
  });

  it('decide a request whose namespace holds a NUL afresh, with the same answer', () => {
    const authorizer = rbacAuthorizer(source);
    const user = { name: 'a', groups: ['b'] };
    expect(authorizer.authorize(getPod(user, 'x\u0000y')).decision).toBe('allow');
    expect(authorizer.authorize(getPod({ name: 'c', groups: [] }, 'x\u0000y')).decision).toBe('no-opinion');
  });
});
