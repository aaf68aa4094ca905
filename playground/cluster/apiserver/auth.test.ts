import { describe, expect, it } from 'vitest';
import type { Status } from '../api/types';
import { call, expectOk, newTestApiServer, pod } from './test-support';

const TOKENS = 'alice-token,alice,1001\nadmin-token,admin,1000,"system:masters,ops"\nnode1-token,system:node:node-1,2001,system:nodes\n';
const RBAC_FLAGS = ['kube-apiserver', '--authorization-mode=Node,RBAC', '--token-auth-file=/etc/kubernetes/tokens.csv', '--enable-admission-plugins=NodeRestriction'];

function failure(result: { ok: boolean; status?: Status }): Status {
  if (result.ok) throw new Error('expected a failure');
  return result.status!;
}

describe('authentication', () => {
  it('answers 401 for an unknown token even with anonymous auth on', () => {
    const t = newTestApiServer(['--token-auth-file=/tokens.csv'], { '/tokens.csv': TOKENS });
    const result = call(t.loop, (cb) => t.client('kubectl', { token: 'wrong' }).get({ resource: 'pods', namespace: 'default', name: 'x' }, cb));
    expect(result.code).toBe(401);
    expect(failure(result)).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
  });

  it('treats a request without credentials as system:anonymous, or 401 with --anonymous-auth=false', () => {
    const open = newTestApiServer(['--token-auth-file=/tokens.csv'], { '/tokens.csv': TOKENS });
    expectOk(call(open.loop, (cb) => open.client().list({ resource: 'pods', namespace: 'default' }, {}, cb)));
    const request = open.trace.entries.find((e) => e.kind === 'request');
    expect(request).toMatchObject({ user: 'system:anonymous', verb: 'list' });

    const closed = newTestApiServer(['--anonymous-auth=false']);
    expect(call(closed.loop, (cb) => closed.client().list({ resource: 'pods', namespace: 'default' }, {}, cb)).code).toBe(401);
  });

  it('trusts client certificates only with --client-ca-file', () => {
    const cert = { clientCertificate: { commonName: 'admin', organizations: ['system:masters'] } };
    const withCa = newTestApiServer(['--authorization-mode=RBAC', '--client-ca-file=/ca.crt', '--anonymous-auth=false']);
    expectOk(call(withCa.loop, (cb) => withCa.client('kubectl', cert).list({ resource: 'pods' }, {}, cb)));
    const withoutCa = newTestApiServer(['--authorization-mode=RBAC', '--anonymous-auth=false']);
    expect(call(withoutCa.loop, (cb) => withoutCa.client('kubectl', cert).list({ resource: 'pods' }, {}, cb)).code).toBe(401);
  });

  it('refuses to start with a malformed token file', () => {
    expect(() => newTestApiServer(['--token-auth-file=/t.csv'], { '/t.csv': 'only,two\n' })).toThrow(
      "token file '/t.csv' must have at least 3 columns (token, user name, unique user ID), found 2",
    );
    expect(() => newTestApiServer(['--token-auth-file=/missing.csv'])).toThrow('open /missing.csv: no such file or directory');
  });
});

describe('authorization', () => {
  it('denies with the real RBAC message, in a namespace and at the cluster scope', () => {
    const t = newTestApiServer(RBAC_FLAGS, { '/etc/kubernetes/tokens.csv': TOKENS });
    const alice = t.client('kubectl', { token: 'alice-token' });
    const created = call(t.loop, (cb) => alice.create({ resource: 'pods', namespace: 'default' }, pod('nginx'), cb));
    expect(created.code).toBe(403);
    expect(failure(created)).toEqual({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
      message: 'pods is forbidden: User "alice" cannot create resource "pods" in API group "" in the namespace "default"',
      reason: 'Forbidden', details: { kind: 'pods' }, code: 403,
    });
    const nodes = call(t.loop, (cb) => alice.get({ resource: 'nodes', name: 'node-1' }, cb));
    expect(failure(nodes).message).toBe('nodes "node-1" is forbidden: User "alice" cannot get resource "nodes" in API group "" at the cluster scope');
    const rs = call(t.loop, (cb) => alice.list({ resource: 'replicasets', namespace: 'default' }, {}, cb));
    expect(failure(rs).message).toBe('replicasets.apps is forbidden: User "alice" cannot list resource "replicasets" in API group "apps" in the namespace "default"');
  });

  it('allows once a RoleBinding grants the edit ClusterRole, and admins via system:masters', () => {
    const t = newTestApiServer(RBAC_FLAGS, { '/etc/kubernetes/tokens.csv': TOKENS });
    const admin = t.client('kubectl', { token: 'admin-token' });
    const alice = t.client('kubectl', { token: 'alice-token' });
    expectOk(
      call(t.loop, (cb) =>
        admin.create({ resource: 'rolebindings', namespace: 'default' }, {
          apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'alice-edit' },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' },
          subjects: [{ kind: 'User', name: 'alice', apiGroup: 'rbac.authorization.k8s.io' }],
        }, cb),
      ),
    );
    t.loop.runUntilQuiet();
    expect(call(t.loop, (cb) => alice.create({ resource: 'pods', namespace: 'default' }, pod('nginx'), cb)).code).toBe(201);
    expect(call(t.loop, (cb) => alice.create({ resource: 'pods', namespace: 'kube-system' }, pod('nginx'), cb)).code).toBe(403);
  });

  it('answers kubectl auth can-i through SelfSubjectAccessReview', () => {
    const t = newTestApiServer(RBAC_FLAGS, { '/etc/kubernetes/tokens.csv': TOKENS });
    const review = (verb: string) => ({ apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: { namespace: 'default', verb, resource: 'pods' } } });
    const alice = t.client('kubectl', { token: 'alice-token' });
    const answer = expectOk(call<{ status: { allowed: boolean } }>(t.loop, (cb) => alice.create({ resource: 'selfsubjectaccessreviews' }, review('create'), cb)));
    expect(answer.status.allowed).toBe(false);
    const admin = t.client('kubectl', { token: 'admin-token' });
    expect(expectOk(call<{ status: { allowed: boolean } }>(t.loop, (cb) => admin.create({ resource: 'selfsubjectaccessreviews' }, review('delete'), cb))).status.allowed).toBe(true);
  });

  it('lets a kubelet update only its own pods (Node authorizer + NodeRestriction)', () => {
    const t = newTestApiServer(RBAC_FLAGS, { '/etc/kubernetes/tokens.csv': TOKENS });
    const admin = t.client('kubectl', { token: 'admin-token' });
    for (const [name, node] of [['mine', 'node-1'], ['theirs', 'node-2']]) {
      expectOk(call(t.loop, (cb) => admin.create({ resource: 'pods', namespace: 'default' }, pod(name, { spec: { nodeName: node, containers: [{ name: 'app', image: 'nginx' }] } }), cb)));
    }
    t.loop.runUntilQuiet();
    const kubelet = t.client('kubelet/node-1', { token: 'node1-token' });
    const patch = (name: string) => call(t.loop, (cb) => kubelet.patch({ resource: 'pods', namespace: 'default', name, subresource: 'status' }, { status: { phase: 'Running' } }, 'strategic', cb));
    expect(patch('mine').code).toBe(200);
    const refused = patch('theirs');
    expect(failure(refused).message).toBe(
      `pods "theirs" is forbidden: User "system:node:node-1" cannot patch resource "pods/status" in API group "" in the namespace "default": no relationship found between node 'node-1' and this object`,
    );
  });

  it('AlwaysDeny refuses everything with its reason', () => {
    const t = newTestApiServer(['--authorization-mode=AlwaysDeny']);
    const result = call(t.loop, (cb) => t.client().list({ resource: 'pods', namespace: 'default' }, {}, cb));
    expect(failure(result).message).toBe('pods is forbidden: User "system:anonymous" cannot list resource "pods" in API group "" in the namespace "default": Everything is forbidden.');
  });
});
