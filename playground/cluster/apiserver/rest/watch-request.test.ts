import { describe, expect, it } from 'vitest';
import type { HttpRequest, HttpResponse } from '../../api/client';
import type { ApiWatchEvent, Status } from '../../api/types';
import { call, expectOk, newTestApiServer, pod } from '../test-support';

const ns = { resource: 'pods', namespace: 'default' };

/** openOn sends one request on a streaming connection, as a watch does; reader code in plain JavaScript may use any method. */
function openOn(t: ReturnType<typeof newTestApiServer>, method: string, path: string) {
  const opened: { response?: HttpResponse; events: ApiWatchEvent[]; closed: boolean } = { events: [], closed: false };
  const request = { method: method as HttpRequest['method'], path, headers: { accept: 'application/json' } };
  const stream = { onWatchEvent: (event: ApiWatchEvent) => opened.events.push(event), onClose: () => (opened.closed = true) };
  t.transport.send('kubectl', request, (response) => (opened.response = response), stream);
  t.loop.runUntil(() => opened.response !== undefined);
  return opened;
}

/** seen lists a watch's events as [type, name]. */
const seen = (events: ApiWatchEvent[]) => events.map((event) => [event.type, (event.object as { metadata: { name: string } }).metadata.name]);

describe('a watch request', () => {
  it('opens a stream for GET only: a HEAD with ?watch=true (or the /watch/ prefix) gets 405 without a body and no events', () => {
    const t = newTestApiServer();
    expectOk(call(t.loop, (cb) => t.client().create(ns, pod('a'), cb)));
    const open = (method: string, path: string) => openOn(t, method, path);
    const get = open('GET', '/api/v1/namespaces/default/pods?watch=true');
    const heads = [open('HEAD', '/api/v1/namespaces/default/pods?watch=true'), open('HEAD', '/api/v1/watch/namespaces/default/pods'), open('HEAD', '/api/v1/pods?watch=1')];
    expect(get.response!.code).toBe(200);
    expect(get.response!.headers['content-type']).toBe('application/json;stream=watch');
    for (const head of heads) {
      expect([head.response!.code, head.response!.body, head.response!.headers['content-type']]).toEqual([405, undefined, 'application/json']);
    }
    expectOk(call(t.loop, (cb) => t.client().create(ns, pod('b'), cb)));
    t.loop.runUntilQuiet();
    // The GET watch saw both pods (the existing one, then the new one); no HEAD saw anything.
    expect(seen(get.events)).toEqual([
      ['ADDED', 'a'],
      ['ADDED', 'b'],
    ]);
    for (const head of heads) expect(head.events).toEqual([]);
  });

  it('watches the one object a /watch/ path names, and refuses a field selector for another name', () => {
    const t = newTestApiServer();
    expectOk(call(t.loop, (cb) => t.client().create(ns, pod('a'), cb)));
    const named = openOn(t, 'GET', '/api/v1/watch/namespaces/default/pods/a');
    const sameName = openOn(t, 'GET', '/api/v1/watch/namespaces/default/pods/a?fieldSelector=metadata.namespace%3Ddefault,metadata.name%3Da');
    const all = openOn(t, 'GET', '/api/v1/watch/namespaces/default/pods');
    expectOk(call(t.loop, (cb) => t.client().create(ns, pod('b'), cb)));
    expectOk(call(t.loop, (cb) => t.client().patch({ ...ns, name: 'a' }, { metadata: { labels: { seen: 'yes' } } }, 'merge', cb)));
    t.loop.runUntilQuiet();
    expect(seen(named.events)).toEqual([
      ['ADDED', 'a'],
      ['MODIFIED', 'a'],
    ]);
    expect(seen(sameName.events)).toEqual(seen(named.events));
    expect(seen(all.events)).toEqual([
      ['ADDED', 'a'],
      ['ADDED', 'b'],
      ['MODIFIED', 'a'],
    ]);
    const other = openOn(t, 'GET', '/api/v1/watch/namespaces/default/pods/a?fieldSelector=metadata.name%3Db');
    expect([other.response!.code, (other.response!.body as Status).message]).toEqual([400, "fieldSelector metadata.name doesn't match requested name"]);
    expect(openOn(t, 'GET', '/api/v1/watch/namespaces/default/pods/a?fieldSelector=metadata.name!%3Da').response!.code).toBe(400);
  });

  it('is 404 under the /watch/ prefix on a subresource, whatever the method: kube-apiserver registers no watch route for status or binding', () => {
    const t = newTestApiServer();
    expectOk(call(t.loop, (cb) => t.client().create(ns, pod('a'), cb)));
    const paths = ['/api/v1/watch/namespaces/default/pods/a/status', '/api/v1/watch/namespaces/default/pods/a/binding', '/api/v1/watch/namespaces/default/status'];
    for (const path of paths) {
      for (const method of ['GET', 'PUT', 'HEAD']) {
        const opened = openOn(t, method, path);
        const body = method === 'HEAD' ? undefined : { reason: 'NotFound', message: 'the server could not find the requested resource', details: {} };
        expect([method, path, opened.response]).toMatchObject([method, path, { code: 404, body }]);
      }
    }
    // Without the prefix, ?watch=true on a path that names an object is a get: the status as it is.
    expect(openOn(t, 'GET', '/api/v1/namespaces/default/pods/a/status?watch=true').response).toMatchObject({ code: 200, body: { kind: 'Pod', metadata: { name: 'a' } } });
  });
});
