import { describe, expect, it } from 'vitest';
import type { HttpRequest, HttpResponse } from '../../api/client';
import type { ApiWatchEvent } from '../../api/types';
import { call, expectOk, newTestApiServer, pod } from '../test-support';

const ns = { resource: 'pods', namespace: 'default' };
const TOKENS = 'alice-token,alice,1001\nadmin-token,admin,1000,system:masters\n';
const RBAC = { flags: ['kube-apiserver', '--authorization-mode=RBAC', '--token-auth-file=/tokens.csv'], files: { '/tokens.csv': TOKENS } };

type Server = ReturnType<typeof newTestApiServer>;

/**
 * head sends a HEAD (on a streaming connection, as a watch would use) and returns its response, the
 * events it got, and the reason of the Status the server wrote, as the trace records it: a response
 * to HEAD carries no body on the wire.
 */
function head(t: Server, path: string, token?: string) {
  const headers: Record<string, string> = { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
  // The client's type admits the five usual methods; reader code in plain JavaScript can send any.
  const request = { method: 'HEAD' as HttpRequest['method'], path, headers };
  const sent: { response?: HttpResponse; events: ApiWatchEvent[] } = { events: [] };
  const stream = { onWatchEvent: (event: ApiWatchEvent) => sent.events.push(event), onClose: () => {} };
  t.transport.send('kubectl', request, (response) => (sent.response = response), stream);
  t.loop.runUntil(() => sent.response !== undefined);
  const responses = t.trace.entries.filter((e) => e.kind === 'response');
  const last = responses[responses.length - 1];
  const reason = last && last.kind === 'response' ? last.reason : undefined;
  const response = sent.response!;
  return { code: response.code, body: response.body, contentType: response.headers['content-type'], reason, events: sent.events };
}

describe('a HEAD on a resource path', () => {
  it('is answered 405 MethodNotAllowed without a body, whether or not the object exists, as go-restful routes no HEAD', () => {
    const t = newTestApiServer();
    expectOk(call(t.loop, (cb) => t.client().create(ns, pod('web'), cb)));
    const paths = [
      '/api/v1/namespaces/default/pods/web',
      '/api/v1/namespaces/default/pods/nope',
      '/api/v1/namespaces/default/pods',
      '/api/v1/pods',
      '/api/v1/namespaces/default/pods/web/status',
      '/api/v1/namespaces/default/pods?watch=true',
      '/api/v1/watch/namespaces/default/pods',
      '/api/v1/namespaces/default',
      '/apis/apps/v1/namespaces/default/replicasets',
    ];
    for (const path of paths) {
      expect([path, head(t, path)]).toEqual([path, { code: 405, body: undefined, contentType: 'application/json', reason: 'MethodNotAllowed', events: [] }]);
    }
    // A later change reaches no HEAD: none opened a watch.
    expectOk(call(t.loop, (cb) => t.client().create(ns, pod('api'), cb)));
    t.loop.runUntilQuiet();
    expect(head(t, '/api/v1/watch/namespaces/default/pods').events).toEqual([]);
  });

  it('still finds no route first: an unknown resource or subresource is 404', () => {
    const t = newTestApiServer();
    for (const path of ['/api/v1/namespaces/default/widgets', '/api/v1/namespaces/default/pods/web/nosuch', '/api/v1/namespaces/default/nodes']) {
      expect([path, head(t, path).code, head(t, path).reason]).toEqual([path, 404, 'NotFound']);
    }
  });

  it('passes authentication and authorization first: 401 for a bad token, 403 for a user who may not get, 405 for one who may', () => {
    const t = newTestApiServer(RBAC.flags, RBAC.files);
    const path = '/api/v1/namespaces/default/pods';
    expect(head(t, path, 'wrong-token')).toMatchObject({ code: 401, body: undefined, reason: 'Unauthorized' });
    expect(head(t, path, 'alice-token')).toMatchObject({ code: 403, body: undefined, contentType: 'application/json', reason: 'Forbidden' });
    // Authorization checks the verb RequestInfo gives HEAD: alice was refused list, as the trace says.
    const refused = t.trace.entries.filter((e) => e.kind === 'request').pop();
    expect(refused).toMatchObject({ user: 'alice', verb: 'list' });
    expect(head(t, path, 'admin-token')).toMatchObject({ code: 405, body: undefined, reason: 'MethodNotAllowed' });
  });
});

describe('a method other than GET under the /watch/ prefix', () => {
  it('is 405: RequestInfo reads the prefix as watch whatever the method, but watches are routed as GET alone', () => {
    const t = newTestApiServer();
    for (const method of ['POST', 'PUT', 'DELETE']) {
      const box: { response?: HttpResponse } = {};
      const stream = { onWatchEvent: () => {}, onClose: () => {} };
      t.transport.send('kubectl', { method: method as HttpRequest['method'], path: '/api/v1/watch/namespaces/default/pods', headers: {}, body: pod('x') }, (r) => (box.response = r), stream);
      t.loop.runUntil(() => box.response !== undefined);
      expect([method, box.response!.code, (box.response!.body as { reason?: string }).reason]).toEqual([method, 405, 'MethodNotAllowed']);
    }
  });
});
