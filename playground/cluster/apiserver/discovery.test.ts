import { describe, expect, it } from 'vitest';
import type { HttpRequest, HttpResponse } from '../api/client';
import { newTestApiServer } from './test-support';

const TOKENS = 'alice-token,alice,1001\nadmin-token,admin,1000,system:masters\n';
const RBAC = { flags: ['kube-apiserver', '--authorization-mode=RBAC', '--token-auth-file=/tokens.csv'], files: { '/tokens.csv': TOKENS } };
const NOT_GET = ['POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'];
const ROUTE_405 = {
  kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
  message: 'the server does not allow this method on the requested resource', reason: 'MethodNotAllowed', details: {}, code: 405,
};

type Server = ReturnType<typeof newTestApiServer>;

/**
 * send makes one request with any method (reader code may send any) and returns what the client
 * got, with the reason and verb the trace recorded: a response to HEAD has no body to read them from.
 */
function send(t: Server, method: string, path: string, token?: string) {
  const headers: Record<string, string> = { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
  const request = { method: method as HttpRequest['method'], path, headers, ...(method === 'GET' || method === 'HEAD' ? {} : { body: {} }) };
  const box: { response?: HttpResponse } = {};
  t.transport.send('kubectl', request, (response) => (box.response = response));
  t.loop.runUntil(() => box.response !== undefined);
  const last = <K extends string>(kind: K) => t.trace.entries.filter((e) => e.kind === kind).pop() as { reason?: string; verb?: string } | undefined;
  const response = box.response!;
  return { code: response.code, body: response.body, contentType: response.headers['content-type'], headers: response.headers, reason: last('response')?.reason, verb: last('request')?.verb };
}

describe('the health checks', () => {
  it('answer ok to every method, as handleRootHealth never looks at it (HEAD: no body)', () => {
    const t = newTestApiServer();
    // The headers handleRootHealth sets before it writes `ok`.
    const headers = { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' };
    for (const path of ['/healthz', '/livez', '/readyz']) {
      for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) {
        expect([method, path, send(t, method, path)]).toMatchObject([method, path, { code: 200, body: 'ok', headers }]);
      }
      expect([path, send(t, 'HEAD', path)]).toMatchObject([path, { code: 200, body: undefined, headers }]);
    }
  });

  it('are authorized with the lower-case method as the verb: public-info-viewer grants get alone, cluster-admin every verb', () => {
    const t = newTestApiServer(RBAC.flags, RBAC.files);
    expect(send(t, 'GET', '/healthz')).toMatchObject({ code: 200, body: 'ok' });
    expect(send(t, 'HEAD', '/healthz')).toMatchObject({ code: 403, body: undefined, reason: 'Forbidden', verb: 'head' });
    expect(send(t, 'POST', '/livez', 'alice-token')).toMatchObject({
      code: 403, verb: 'post', body: { reason: 'Forbidden', message: 'forbidden: User "alice" cannot post path "/livez"' },
    });
    expect(send(t, 'HEAD', '/readyz', 'admin-token')).toMatchObject({ code: 200, body: undefined, verb: 'head' });
    expect(send(t, 'DELETE', '/healthz', 'admin-token')).toMatchObject({ code: 200, body: 'ok' });
  });
});

describe('/apis', () => {
  it('lists the groups to every method, as kube-aggregator serves it with a handler that never looks at the method', () => {
    const t = newTestApiServer();
    const listed = send(t, 'GET', '/apis').body;
    expect(listed).toMatchObject({ kind: 'APIGroupList' });
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) expect([method, send(t, method, '/apis')]).toMatchObject([method, { code: 200, body: listed }]);
    expect(send(t, 'HEAD', '/apis/')).toMatchObject({ code: 200, body: undefined, contentType: 'application/json' });
  });
});

describe('/apis/<group>', () => {
  it('is the group and its versions to every method, as kube-aggregator serves it with apiGroupHandler', () => {
    const t = newTestApiServer();
    const apps = { kind: 'APIGroup', apiVersion: 'v1', name: 'apps', versions: [{ groupVersion: 'apps/v1', version: 'v1' }], preferredVersion: { groupVersion: 'apps/v1', version: 'v1' } };
    for (const method of ['GET', 'POST', 'DELETE']) expect([method, JSON.stringify(send(t, method, '/apis/apps').body)]).toEqual([method, JSON.stringify(apps)]);
    expect(send(t, 'HEAD', '/apis/apps/')).toMatchObject({ code: 200, body: undefined, contentType: 'application/json' });
    expect(send(t, 'GET', '/apis/nope')).toMatchObject({ code: 404, body: { reason: 'NotFound' } });
  });
});

describe('/version and the discovery documents served by go-restful', () => {
  it('answer every method but GET with go-restful 405 as kube-apiserver writes it: a Status with empty details', () => {
    const t = newTestApiServer();
    for (const path of ['/version', '/version/', '/api', '/api/v1', '/apis/apps/v1']) {
      expect([path, send(t, 'GET', path).code]).toEqual([path, 200]);
      for (const method of NOT_GET) {
        const expected = method === 'HEAD' ? { code: 405, body: undefined, reason: 'MethodNotAllowed' } : { code: 405, body: ROUTE_405, reason: 'MethodNotAllowed' };
        expect([method, path, send(t, method, path)]).toMatchObject([method, path, { ...expected, contentType: 'application/json' }]);
      }
    }
    expect(JSON.stringify(send(t, 'POST', '/version').body)).toBe(JSON.stringify(ROUTE_405));
  });

  it('are authorized first: 403 for a verb RBAC does not grant on the path, 405 for cluster-admin', () => {
    const t = newTestApiServer(RBAC.flags, RBAC.files);
    expect(send(t, 'POST', '/version')).toMatchObject({ code: 403, body: { message: 'forbidden: User "system:anonymous" cannot post path "/version"' } });
    expect(send(t, 'PUT', '/api', 'alice-token')).toMatchObject({ code: 403, verb: 'put' });
    expect(send(t, 'POST', '/version', 'admin-token')).toMatchObject({ code: 405, body: ROUTE_405 });
    expect(send(t, 'HEAD', '/api/v1', 'admin-token')).toMatchObject({ code: 405, body: undefined, reason: 'MethodNotAllowed' });
  });
});

describe('a path nothing serves', () => {
  it('is 404 whatever the method: there is no route to refuse the method', () => {
    const t = newTestApiServer();
    // /apis/apps/v2: kube-aggregator registers apiGroupHandler at /apis/apps and /apis/apps/ exactly
    // (Handle, UnlistedHandle), not as a prefix, and the proxy of apps/v1 under /apis/apps/v1/; so
    // the path falls through to kube-apiserver, whose go-restful service /apis/apps has no route for it.
    for (const path of ['/nope', '/apis/nope/v1', '/api/v2', '/apis/apps/v2', '/apis/apps/v2/']) {
      for (const method of ['GET', 'POST', 'DELETE']) {
        expect([method, path, send(t, method, path)]).toMatchObject([method, path, { code: 404, body: { reason: 'NotFound', details: {} } }]);
      }
    }
  });
});
