import { describe, expect, it } from 'vitest';
import type { HttpResponse } from '../../api/client';
import type { Status } from '../../api/types';
import type { Authorizer, AuthzAttributes } from '../authz/types';
import type { ApiRequest, UserInfo } from '../request';
import { call, expectOk, newTestApiServer, pod } from '../test-support';
import { parseRequestInfo } from './request-info';
import { RequestInfoCache } from './request-info-cache';
import { SHARED_ATTRIBUTES_LIMIT, withAuthorization } from './authorization';

const TOKENS = 'alice-token,alice,1001\nbob-token,bob,1002\nadmin-token,admin,1000,"system:masters"\n';
const RBAC_FLAGS = ['kube-apiserver', '--authorization-mode=Node,RBAC', '--token-auth-file=/tokens.csv'];

/** recordingChain is the authorization filter over an authorizer that keeps every attributes object it is asked about. */
function recordingChain() {
  const seen: AuthzAttributes[] = [];
  const recorder: Authorizer = {
    name: 'Recorder',
    authorize(a) {
      seen.push(a);
      return { decision: 'allow', reason: '' };
    },
  };
  const ok: HttpResponse = { code: 200, headers: {}, body: {} };
  const handler = withAuthorization(() => ok, { authorizers: [recorder] });
  const infos = new RequestInfoCache(parseRequestInfo);
  const send = (method: string, path: string, user: UserInfo) => {
    const request = { http: { method, path, headers: {} }, from: 'test', sharedResults: false, info: infos.infoOf(method, path), user, noteRequest() {} } as unknown as ApiRequest;
    handler(request);
    return seen[seen.length - 1];
  };
  return { send, seen };
}

describe('the authorization filter', () => {
  it('gives the requests of one user to one collection path one read-only attributes object, with its shape', () => {
    const { send } = recordingChain();
    const alice: UserInfo = { name: 'alice', groups: ['system:authenticated'] };
    const bob: UserInfo = { name: 'bob', groups: ['system:authenticated'] };
    const first = send('POST', '/api/v1/namespaces/default/events', alice);
    expect(first).toEqual({
      user: alice, verb: 'create', isResourceRequest: true, path: '/api/v1/namespaces/default/events', namespace: 'default',
      apiGroup: '', resource: 'events', subresource: '', name: '', shape: 'create\u0000default\u0000\u0000events\u0000',
    });
    expect(send('POST', '/api/v1/namespaces/default/events', alice)).toBe(first);
    // Another user, method or namespace: other attributes, each saying what its request is.
    const asBob = send('POST', '/api/v1/namespaces/default/events', bob);
    expect(asBob).not.toBe(first);
    expect(asBob.user).toBe(bob);
    expect(send('GET', '/api/v1/namespaces/default/events', alice)).toMatchObject({ user: alice, verb: 'list', shape: 'list\u0000default\u0000\u0000events\u0000' });
    expect(send('POST', '/api/v1/namespaces/team/events', alice)).toMatchObject({ namespace: 'team', shape: 'create\u0000team\u0000\u0000events\u0000' });
    expect(send('POST', '/api/v1/namespaces/default/events', bob)).toBe(asBob);
  });

  it('builds the attributes of a request naming an object, or of a non-resource path, afresh, without a shape', () => {
    const { send } = recordingChain();
    const alice: UserInfo = { name: 'alice', groups: [] };
    const status = send('PATCH', '/api/v1/namespaces/default/pods/web/status', alice);
    const again = send('PATCH', '/api/v1/namespaces/default/pods/web/status', alice);
    expect(again).not.toBe(status);
    expect(again).toEqual(status);
    expect(status).toMatchObject({ name: 'web', subresource: 'status', shape: undefined });
    expect(send('GET', '/healthz', alice)).toMatchObject({ isResourceRequest: false, path: '/healthz', verb: 'get', shape: undefined });
  });

  it('forgets the attributes a user holds once there are too many, and still answers each request with its own', () => {
    const { send } = recordingChain();
    const alice: UserInfo = { name: 'alice', groups: [] };
    const first = send('GET', '/api/v1/namespaces/ns-0/pods', alice);
    for (let i = 1; i < SHARED_ATTRIBUTES_LIMIT; i++) expect(send('GET', `/api/v1/namespaces/ns-${i}/pods`, alice).namespace).toBe(`ns-${i}`);
    expect(send('GET', '/api/v1/namespaces/ns-0/pods', alice)).toBe(first);
    expect(send('GET', '/api/v1/namespaces/one-too-many/pods', alice).namespace).toBe('one-too-many');
    const after = send('GET', '/api/v1/namespaces/ns-0/pods', alice);
    expect(after).not.toBe(first);
    expect(after).toEqual(first);
    // Nothing the user shows carries the attributes: JSON, keys and spreads see the user as it was.
    expect(JSON.stringify(alice)).toBe('{"name":"alice","groups":[]}');
    expect(Object.keys({ ...alice })).toEqual(['name', 'groups']);
  });

  it('builds fresh attributes for a user that cannot take a note (frozen)', () => {
    const { send } = recordingChain();
    const frozen: UserInfo = Object.freeze({ name: 'bob', groups: Object.freeze(['g']) as string[] });
    const first = send('POST', '/api/v1/namespaces/default/events', frozen);
    const again = send('POST', '/api/v1/namespaces/default/events', frozen);
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
    expect(first.shape).toBe('create\u0000default\u0000\u0000events\u0000');
  });

  it('marks a shared request whose namespace holds a NUL as one whose decision is not remembered by shape', () => {
    const { send } = recordingChain();
    expect(send('GET', '/api/v1/namespaces/a%00b/pods', { name: 'alice', groups: [] })).toMatchObject({ namespace: 'a\u0000b', shape: null });
  });
});

describe('decisions on shared attributes', () => {
  function forbiddenMessage(result: { ok: boolean; status?: Status }): string | undefined {
    return result.ok ? undefined : result.status!.message;
  }

  it('follow RoleBindings as they come and go, for each user on the same path', () => {
    const t = newTestApiServer(RBAC_FLAGS, { '/tokens.csv': TOKENS });
    const admin = t.client('kubectl', { token: 'admin-token' });
    const alice = t.client('kubectl', { token: 'alice-token' });
    const bob = t.client('kubectl', { token: 'bob-token' });
    const list = (client: typeof alice) => call(t.loop, (cb) => client.list({ resource: 'pods', namespace: 'default' }, {}, cb));
    const denied = (user: string) => `pods is forbidden: User "${user}" cannot list resource "pods" in API group "" in the namespace "default"`;
    expect(forbiddenMessage(list(alice))).toBe(denied('alice'));
    expect(forbiddenMessage(list(bob))).toBe(denied('bob'));
    const binding = {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'alice-view' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [{ kind: 'User', name: 'alice', apiGroup: 'rbac.authorization.k8s.io' }],
    };
    expectOk(call(t.loop, (cb) => admin.create({ resource: 'rolebindings', namespace: 'default' }, binding, cb)));
    t.loop.runUntilQuiet();
    expect(list(alice).code).toBe(200);
    expect(forbiddenMessage(list(bob))).toBe(denied('bob'));
    expect(list(alice).code).toBe(200);
    expectOk(call(t.loop, (cb) => admin.delete({ resource: 'rolebindings', namespace: 'default', name: 'alice-view' }, {}, cb)));
    t.loop.runUntilQuiet();
    expect(forbiddenMessage(list(alice))).toBe(denied('alice'));
  });

  it('name the user a token stands for after a restart with another token file', () => {
    const files: Record<string, string> = { '/tokens.csv': TOKENS };
    const t = newTestApiServer(RBAC_FLAGS, files);
    const client = t.client('kubectl', { token: 'alice-token' });
    const create = () => call(t.loop, (cb) => client.create({ resource: 'pods', namespace: 'default' }, pod('web'), cb));
    expect(forbiddenMessage(create())).toBe('pods is forbidden: User "alice" cannot create resource "pods" in API group "" in the namespace "default"');
    files['/tokens.csv'] = 'alice-token,carol,1003\n';
    t.server.restart(t.server.options);
    expect(forbiddenMessage(create())).toBe('pods is forbidden: User "carol" cannot create resource "pods" in API group "" in the namespace "default"');
  });

  it('let a resourceNames rule allow a list or watch whose field selector picks that one name', () => {
    const t = newTestApiServer(RBAC_FLAGS, { '/tokens.csv': TOKENS });
    const admin = t.client('kubectl', { token: 'admin-token' });
    const alice = t.client('kubectl', { token: 'alice-token' });
    const rbac = { apiVersion: 'rbac.authorization.k8s.io/v1', namespace: 'default' };
    const role = { ...rbac, kind: 'Role', metadata: { name: 'web-reader' }, rules: [{ apiGroups: [''], resources: ['pods'], resourceNames: ['web'], verbs: ['get', 'list', 'watch'] }] };
    const binding = {
      ...rbac, kind: 'RoleBinding', metadata: { name: 'alice-web' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'web-reader' },
      subjects: [{ kind: 'User', name: 'alice', apiGroup: 'rbac.authorization.k8s.io' }],
    };
    for (const [resource, object] of [['roles', role], ['rolebindings', binding]] as const) {
      const { namespace: _, ...body } = object;
      expectOk(call(t.loop, (cb) => admin.create({ resource, namespace: 'default' }, body, cb)));
    }
    expectOk(call(t.loop, (cb) => admin.create({ resource: 'pods', namespace: 'default' }, pod('web'), cb)));
    t.loop.runUntilQuiet();
    const list = (fieldSelector?: string) => call(t.loop, (cb) => alice.list({ resource: 'pods', namespace: 'default' }, { fieldSelector }, cb));
    const named = list('metadata.name=web');
    expect(named.ok && (named.value as { items: { metadata: { name: string } }[] }).items.map((p) => p.metadata.name)).toEqual(['web']);
    expect(forbiddenMessage(list())).toBe('pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "default"');
    expect(forbiddenMessage(list('metadata.name=db'))).toBe('pods "db" is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "default"');
  });
});
