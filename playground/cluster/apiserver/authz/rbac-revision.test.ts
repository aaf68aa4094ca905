import { describe, expect, it } from 'vitest';
import type { Role, RoleBinding } from '../../api/types';
import { rbacAuthorizer, type RbacSource } from './rbac';
import type { AuthzAttributes } from './types';

const RBAC = 'rbac.authorization.k8s.io/v1';
const reader = (verbs: string[]): Role => ({ apiVersion: RBAC, kind: 'ClusterRole', metadata: { name: 'reader' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs }] }) as Role;
const bindings: RoleBinding[] = [
  { apiVersion: RBAC, kind: 'ClusterRoleBinding', metadata: { name: 'read' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'reader' }, subjects: [{ kind: 'User', name: 'alice' }] } as RoleBinding,
];
const none: RoleBinding[] = [];
const get: AuthzAttributes = {
  user: { name: 'alice', groups: ['system:authenticated'] },
  verb: 'get', isResourceRequest: true, path: '/api/v1/namespaces/default/pods/a', namespace: 'default', apiGroup: '', resource: 'pods', subresource: '', name: 'a',
};

/** source is an RbacSource over one ClusterRole, counting role lookups, with an optional revision. */
function source(withRevision: boolean) {
  const state = { role: reader(['get']), revision: 1, lookups: 0 };
  const rbac: RbacSource = {
    clusterRoleBindings: () => bindings,
    roleBindings: () => none,
    clusterRole: (name) => (state.lookups++, name === 'reader' ? state.role : undefined),
    role: () => undefined,
  };
  if (withRevision) rbac.rolesRevision = () => state.revision;
  return { state, rbac };
}

describe('remembered RBAC decisions with a roles revision', () => {
  it('reuse a decision without looking its roles up while the revision stays', () => {
    const { state, rbac } = source(true);
    const authorizer = rbacAuthorizer(rbac);
    expect(authorizer.authorize(get).decision).toBe('allow');
    const afterFirst = state.lookups;
    for (let i = 0; i < 3; i++) expect(authorizer.authorize(get).decision).toBe('allow');
    expect(state.lookups).toBe(afterFirst);
  });

  it('look the roles up again once the revision moves, and follow a changed role', () => {
    const { state, rbac } = source(true);
    const authorizer = rbacAuthorizer(rbac);
    expect(authorizer.authorize(get).decision).toBe('allow');
    // Another role changed: the remembered one is still current, found by lookup, then by revision again.
    state.revision = 2;
    const before = state.lookups;
    expect(authorizer.authorize(get).decision).toBe('allow');
    expect(state.lookups).toBe(before + 1);
    expect(authorizer.authorize(get).decision).toBe('allow');
    expect(state.lookups).toBe(before + 1);
    // The role itself changed (a new object, a new revision): decided afresh.
    state.role = reader(['list']);
    state.revision = 3;
    expect(authorizer.authorize(get).decision).toBe('no-opinion');
  });

  it('without a revision, check every remembered role on each request', () => {
    const { state, rbac } = source(false);
    const authorizer = rbacAuthorizer(rbac);
    expect(authorizer.authorize(get).decision).toBe('allow');
    const afterFirst = state.lookups;
    expect(authorizer.authorize(get).decision).toBe('allow');
    expect(state.lookups).toBe(afterFirst + 1);
    state.role = reader(['list']);
    expect(authorizer.authorize(get).decision).toBe('no-opinion');
  });
});

describe('remembered RBAC decisions with a whole-RBAC revision', () => {
  /** counted is an RbacSource whose every read is counted, with a revision for all RBAC objects. */
  function counted() {
    const state = { bindings, role: reader(['get']), revision: 1, reads: 0 };
    const rbac: RbacSource = {
      clusterRoleBindings: () => (state.reads++, state.bindings),
      roleBindings: () => (state.reads++, none),
      clusterRole: (name) => (state.reads++, name === 'reader' ? state.role : undefined),
      role: () => (state.reads++, undefined),
      rolesRevision: () => state.revision,
      revision: () => state.revision,
    };
    return { state, rbac };
  }

  it('reuse a decision without reading any binding or role while the revision stays', () => {
    const { state, rbac } = counted();
    const authorizer = rbacAuthorizer(rbac);
    expect(authorizer.authorize(get).decision).toBe('allow');
    const afterFirst = state.reads;
    for (let i = 0; i < 3; i++) expect(authorizer.authorize(get)).toEqual({ decision: 'allow', reason: 'RBAC: allowed by ClusterRoleBinding "read" of ClusterRole "reader" to User "alice"' });
    expect(state.reads).toBe(afterFirst);
  });

  it('read the bindings again once the revision moves, and follow a removed binding', () => {
    const { state, rbac } = counted();
    const authorizer = rbacAuthorizer(rbac);
    expect(authorizer.authorize(get).decision).toBe('allow');
    // Something else changed: the decision is checked against the current bindings, then stands again.
    state.revision = 2;
    const before = state.reads;
    expect(authorizer.authorize(get).decision).toBe('allow');
    expect(state.reads).toBeGreaterThan(before);
    const confirmed = state.reads;
    expect(authorizer.authorize(get).decision).toBe('allow');
    expect(state.reads).toBe(confirmed);
    // The binding went away (a new list, a new revision): decided afresh.
    state.bindings = [];
    state.revision = 3;
    expect(authorizer.authorize(get).decision).toBe('no-opinion');
  });

  it('remember decisions by user, up to a bound past which they are all forgotten and decided afresh', () => {
    const { state, rbac } = counted();
    const authorizer = rbacAuthorizer(rbac);
    const as = (name: string): AuthzAttributes => ({ ...get, user: { name, groups: ['system:authenticated'] } });
    const alice = as('alice');
    expect(authorizer.authorize(alice).decision).toBe('allow');
    const remembered = state.reads;
    expect(authorizer.authorize(alice).decision).toBe('allow');
    // Another user object with the same name and groups is another credential's: decided for itself.
    expect(authorizer.authorize(as('alice')).decision).toBe('allow');
    expect(state.reads).toBeGreaterThan(remembered);
    for (let i = 0; i < 600; i++) expect(authorizer.authorize(as(`user-${i}`)).decision).toBe('no-opinion');
    const before = state.reads;
    expect(authorizer.authorize(alice).decision).toBe('allow');
    expect(state.reads).toBeGreaterThan(before);
  });
});

