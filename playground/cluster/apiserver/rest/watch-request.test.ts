import { describe, expect, it } from 'vitest';
import type { HttpRequest, HttpResponse } from '../../api/client';
import type { ApiWatchEvent } from '../../api/types';
import { call, expectOk, newTestApiServer, pod } from '../test-support';

const ns = { resource: 'pods', namespace: 'default' };

describe('a watch request', () => {
  it('opens a stream for GET only: a HEAD with ?watch=true (or the /watch/ prefix) gets the list answer without a body and no events', () => {
    const t = newTestApiServer();
    expectOk(call(t.loop, (cb) => t.client().create(ns, pod('a'), cb)));
    // Sends one request on a streaming connection, as a watch does; reader code in plain JavaScript may use any method.
    const open = (method: string, path: string) => {
      const opened: { response?: HttpResponse; events: ApiWatchEvent[]; closed: boolean } = { events: [], closed: false };
      const request = { method: method as HttpRequest['method'], path, headers: { accept: 'application/json' } };
      const stream = { onWatchEvent: (event: ApiWatchEvent) => opened.events.push(event), onClose: () => (opened.closed = true) };
      t.transport.send('kubectl', request, (response) => (opened.response = response), stream);
      t.loop.runUntil(() => opened.response !== undefined);
      return opened;
    };
    const get = open('GET', '/api/v1/namespaces/default/pods?watch=true');
    const heads = [open('HEAD', '/api/v1/namespaces/default/pods?watch=true'), open('HEAD', '/api/v1/watch/namespaces/default/pods'), open('HEAD', '/api/v1/pods?watch=1')];
    expect(get.response!.code).toBe(200);
    expect(get.response!.headers['content-type']).toBe('application/json;stream=watch');
    for (const head of heads) {
      expect([head.response!.code, head.response!.body, head.response!.headers['content-type']]).toEqual([200, undefined, 'application/json']);
    }
    expectOk(call(t.loop, (cb) => t.client().create(ns, pod('b'), cb)));
    t.loop.runUntilQuiet();
    // The GET watch saw both pods (the existing one, then the new one); no HEAD saw anything.
    expect(get.events.map((event) => [event.type, (event.object as { metadata: { name: string } }).metadata.name])).toEqual([
      ['ADDED', 'a'],
      ['ADDED', 'b'],
    ]);
    for (const head of heads) expect(head.events).toEqual([]);
  });
});
