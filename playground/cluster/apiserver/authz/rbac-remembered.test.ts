import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/types';
import { call, expectOk, newTestApiServer } from '../test-support';

const TOKENS = 'admin-token,admin,1000,"system:masters"\nalice-token,alice,1001,devs\n';
const FLAGS = ['kube-apiserver', '--authorization-mode=RBAC', '--token-auth-file=/tokens.csv'];
const RBAC = 'rbac.authorization.k8s.io/v1';

/** setup starts an RBAC server where alice's reads are decided by objects the test changes. */
function setup() {
  const t = newTestApiServer(FLAGS, { '/tokens.csv': TOKENS });
  const admin = t.client('kubectl', { token: 'admin-token' });
  const alice = t.client('kubectl', { token: 'alice-token' });
  const write = (verb: 'create' | 'update' | 'delete', resource: string, object: KubeObject) => {
    const ref = { resource, namespace: 'default', name: object.metadata?.name ?? '' };
    expectOk(
      call(t.loop, (cb) =>
        verb === 'create' ? admin.create({ resource, namespace: 'default' }, object, cb) : verb === 'update' ? admin.update(ref, object, cb) : admin.delete(ref, {}, cb),
      ),
    );
    t.loop.runUntilQuiet();
  };
  /** can tells how alice's `get pods/<name>` in default is answered: the code, and the message of a refusal. */
  const can = (name: string) => {
    const result = call(t.loop, (cb) => alice.get({ resource: 'pods', namespace: 'default', name }, cb));
    return result.ok || result.code === 404 ? result.code : `${result.code} ${result.status.message}`;
  };
  return { t, write, can };
}

const role = (rules: unknown[]): KubeObject => ({ apiVersion: RBAC, kind: 'Role', metadata: { name: 'reader' }, rules } as unknown as KubeObject);
const binding = (subject: { kind: string; name: string }): KubeObject =>
  ({ apiVersion: RBAC, kind: 'RoleBinding', metadata: { name: 'read' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' }, subjects: [{ apiGroup: 'rbac.authorization.k8s.io', ...subject }] } as unknown as KubeObject);
const refused = (name: string) => `403 pods "${name}" is forbidden: User "alice" cannot get resource "pods" in API group "" in the namespace "default"`;

describe('remembered RBAC decisions', () => {
  it('follow every change to the bindings and roles they were read from', () => {
    const { write, can } = setup();
    expect([can('a'), can('a')]).toEqual([refused('a'), refused('a')]);
    // A binding to a role that does not exist yet: still refused, now with the missing role named.
    write('create', 'rolebindings', binding({ kind: 'Group', name: 'devs' }));
    const missing = `${refused('a')}: RBAC: role.rbac.authorization.k8s.io "reader" not found`;
    expect([can('a'), can('a')]).toEqual([missing, missing]);
    write('create', 'roles', role([{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }]));
    expect([can('a'), can('b')]).toEqual([404, 404]);
    write('update', 'roles', role([{ apiGroups: [''], resources: ['pods'], verbs: ['list'] }]));
    expect([can('a'), can('a')]).toEqual([refused('a'), refused('a')]);
    write('update', 'roles', role([{ apiGroups: [''], resources: ['pods'], verbs: ['*'] }]));
    expect(can('a')).toBe(404);
    write('delete', 'rolebindings', binding({ kind: 'Group', name: 'devs' }));
    expect([can('a'), can('a')]).toEqual([refused('a'), refused('a')]);
    write('create', 'rolebindings', binding({ kind: 'User', name: 'alice' }));
    expect(can('a')).toBe(404);
  });

  it('decide by name when a rule is limited to resourceNames', () => {
    const { write, can } = setup();
    write('create', 'roles', role([{ apiGroups: [''], resources: ['pods'], verbs: ['get'], resourceNames: ['a'] }]));
    write('create', 'rolebindings', binding({ kind: 'User', name: 'alice' }));
    expect([can('a'), can('b'), can('a'), can('b')]).toEqual([404, refused('b'), 404, refused('b')]);
  });
});
