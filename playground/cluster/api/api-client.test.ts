import { describe, expect, it } from 'vitest';
import { SeededIds } from '../sim/ids';
import { EventLoop } from '../sim/loop';
import { Trace } from '../sim/trace';
import { ignoreResult, type HttpRequest, type HttpResponse, type Result, type StreamHandle, type Transport, type WatchStream } from './client';
import { answer, LoopTransport, type ApiServerEndpoint } from './transport';
import type { ApiWatchEvent, Pod } from './types';
import { createApiClient } from './api-client';
import { createPath, resourcePath } from './paths';

/** A transport that keeps what it is given, as the wire would see it at send time, and answers 200. */
function recordingTransport() {
  const sent: HttpRequest[] = [];
  const transport: Transport = {
    send(_from, request, onResponse: (response: HttpResponse) => void): StreamHandle {
      sent.push(JSON.parse(JSON.stringify(request)) as HttpRequest);
      onResponse({ code: 200, headers: {}, body: {} });
      return { close() {} };
    },
  };
  return { sent, transport };
}

describe('createApiClient requests', () => {
  it('sends kubectl-ordered headers for each kind of call, the content type following the body', () => {
    const { sent, transport } = recordingTransport();
    const client = createApiClient(transport, 'kubelet/node-1', { token: 't0k' });
    const ok = () => {};
    client.get({ resource: 'pods', namespace: 'default', name: 'web' }, ok);
    client.create({ resource: 'events', namespace: 'default' }, { metadata: { name: 'e' } }, ok);
    client.patch({ resource: 'pods', namespace: 'default', name: 'web', subresource: 'status' }, { status: {} }, 'strategic', ok);
    client.patch({ resource: 'events', namespace: 'default', name: 'e' }, { count: 2 }, 'merge', ok);
    client.create({ resource: 'events', namespace: 'kube-system' }, { metadata: { name: 'f' } }, ok);
    client.get({ resource: 'nodes', name: 'node-1' }, ok);
    expect(sent.map((r) => [r.method, r.path, Object.entries(r.headers)])).toEqual([
      ['GET', '/api/v1/namespaces/default/pods/web', [['accept', 'application/json'], ['authorization', 'Bearer t0k']]],
      ['POST', '/api/v1/namespaces/default/events', [['accept', 'application/json'], ['content-type', 'application/json'], ['authorization', 'Bearer t0k']]],
      ['PATCH', '/api/v1/namespaces/default/pods/web/status', [['accept', 'application/json'], ['content-type', 'application/strategic-merge-patch+json'], ['authorization', 'Bearer t0k']]],
      ['PATCH', '/api/v1/namespaces/default/events/e', [['accept', 'application/json'], ['content-type', 'application/merge-patch+json'], ['authorization', 'Bearer t0k']]],
      ['POST', '/api/v1/namespaces/kube-system/events', [['accept', 'application/json'], ['content-type', 'application/json'], ['authorization', 'Bearer t0k']]],
      ['GET', '/api/v1/nodes/node-1', [['accept', 'application/json'], ['authorization', 'Bearer t0k']]],
    ]);
  });

  it('shares the frozen headers of clients without a token, and keeps a token client\'s own', () => {
    const seen: HttpRequest[] = [];
    const transport: Transport = {
      send(_from, request, onResponse: (response: HttpResponse) => void): StreamHandle {
        seen.push(request);
        onResponse({ code: 200, headers: {}, body: {} });
        return { close() {} };
      },
    };
    const certificate = { commonName: 'system:node:node-1', organizations: ['system:nodes'] };
    const clients = [createApiClient(transport, 'kubelet/node-1', { clientCertificate: certificate }), createApiClient(transport, 'kubelet/node-2', { clientCertificate: certificate }), createApiClient(transport, 'reader', { token: 't0k' })];
    for (const client of clients) {
      client.get({ resource: 'pods', namespace: 'default', name: 'web' }, ignoreResult);
      client.patch({ resource: 'pods', namespace: 'default', name: 'web', subresource: 'status' }, { status: {} }, 'strategic', ignoreResult);
    }
    const [get1, patch1, get2, patch2, get3, patch3] = seen.map((r) => r.headers);
    expect(get2).toBe(get1);
    expect(patch2).toBe(patch1);
    expect(Object.isFrozen(get1) && Object.isFrozen(patch1)).toBe(true);
    expect(patch1).toEqual({ accept: 'application/json', 'content-type': 'application/strategic-merge-patch+json' });
    expect(get3).toEqual({ accept: 'application/json', authorization: 'Bearer t0k' });
    expect(patch3).toEqual({ accept: 'application/json', 'content-type': 'application/strategic-merge-patch+json', authorization: 'Bearer t0k' });
  });

  it('presents its certificate as it is at each call, on requests the server cannot change', () => {
    const received: HttpRequest[] = [];
    const loop = new EventLoop();
    const endpoint: ApiServerEndpoint = {
      handle(request, _from, responder): StreamHandle {
        received.push(request);
        answer(responder, { code: 200, headers: {}, body: {} });
        return { close() {} };
      },
    };
    const transport = new LoopTransport({ loop, trace: new Trace(() => loop.now()), ids: new SeededIds(1) }, endpoint);
    const credentials = { clientCertificate: { commonName: 'system:node:node-1', organizations: ['system:nodes'] } };
    const client = createApiClient(transport, 'kubelet/node-1', credentials);
    client.get({ resource: 'pods', namespace: 'default', name: 'web' }, () => {});
    client.get({ resource: 'pods', namespace: 'default', name: 'db' }, () => {});
    // A reader may change the certificate after making the client: later calls present it as it is then.
    credentials.clientCertificate.organizations.push('system:masters');
    client.patch({ resource: 'pods', namespace: 'default', name: 'web', subresource: 'status' }, { status: {} }, 'strategic', () => {});
    credentials.clientCertificate = { commonName: 'someone', organizations: [] };
    client.get({ resource: 'pods', namespace: 'default', name: 'web' }, () => {});
    loop.runUntilQuiet();
    expect(received.map((r) => [r.path, r.clientCertificate])).toEqual([
      ['/api/v1/namespaces/default/pods/web', { commonName: 'system:node:node-1', organizations: ['system:nodes'] }],
      ['/api/v1/namespaces/default/pods/db', { commonName: 'system:node:node-1', organizations: ['system:nodes'] }],
      ['/api/v1/namespaces/default/pods/web/status', { commonName: 'system:node:node-1', organizations: ['system:nodes', 'system:masters'] }],
      ['/api/v1/namespaces/default/pods/web', { commonName: 'someone', organizations: [] }],
    ]);
    // Each request's certificate is its own: what one holds reaches neither the next nor the caller.
    expect(received[1].clientCertificate).not.toBe(received[0].clientCertificate);
    expect(received[0].clientCertificate).not.toBe(credentials.clientCertificate);
    // While the certificate names the same organizations, its copies share one list nobody can change.
    expect(received[1].clientCertificate!.organizations).toBe(received[0].clientCertificate!.organizations);
    expect(Object.isFrozen(received[0].clientCertificate!.organizations)).toBe(true);
    expect(received[2].clientCertificate!.organizations).not.toBe(received[0].clientCertificate!.organizations);
    // The headers the server gets are shared from call to call, so nothing may write to them.
    expect(() => {
      received[2].headers['content-type'] = 'application/json';
    }).toThrow(TypeError);
  });

  it('posts a create to the collection, or to the named object for a subresource such as binding', () => {
    const { sent, transport } = recordingTransport();
    const client = createApiClient(transport, 'kube-scheduler');
    client.create({ resource: 'pods', namespace: 'default', name: 'ignored' }, { metadata: { name: 'web' } }, () => {});
    client.create({ resource: 'pods', namespace: 'default', name: 'web', subresource: 'binding' }, { target: { name: 'node-1' } }, () => {});
    expect(sent.map((r) => r.path)).toEqual(['/api/v1/namespaces/default/pods', '/api/v1/namespaces/default/pods/web/binding']);
    expect(Object.keys(sent[0].headers)).toEqual(['accept', 'content-type']);
  });
});

describe('createApiClient results', () => {
  it('hands the transport ignoreResult itself for a fire-and-forget call, and a Result to any other callback', () => {
    const handlers: ((response: HttpResponse) => void)[] = [];
    const transport: Transport = {
      send(_from, _request, onResponse): StreamHandle {
        handlers.push(onResponse);
        return { close() {} };
      },
    };
    const client = createApiClient(transport, 'kubelet/node-1');
    const results: Result<unknown>[] = [];
    client.create({ resource: 'events', namespace: 'default' }, { metadata: { name: 'e' } }, ignoreResult);
    client.create({ resource: 'events', namespace: 'default' }, { metadata: { name: 'f' } }, (result) => results.push(result));
    expect(handlers[0]).toBe(ignoreResult);
    handlers[0]({ code: 201, headers: {}, body: {} });
    handlers[1]({ code: 409, headers: {}, body: { apiVersion: 'v1', kind: 'Status', status: 'Failure', message: 'exists', reason: 'AlreadyExists', code: 409 } });
    expect(results).toEqual([{ ok: false, code: 409, status: { apiVersion: 'v1', kind: 'Status', status: 'Failure', message: 'exists', reason: 'AlreadyExists', code: 409 } }]);
  });
});

describe('createPath', () => {
  it('is the collection for a plain create, the named object\'s subresource otherwise, and leaves the ref as it was', () => {
    const ref = { resource: 'replicasets', namespace: 'default', name: 'web' };
    expect(resourcePath(ref)).toBe('/apis/apps/v1/namespaces/default/replicasets/web');
    expect(createPath(ref)).toBe('/apis/apps/v1/namespaces/default/replicasets');
    expect(createPath({ resource: 'pods', namespace: 'default', name: 'a b', subresource: 'binding' })).toBe('/api/v1/namespaces/default/pods/a%20b/binding');
    expect(createPath({ resource: 'nodes' })).toBe('/api/v1/nodes');
    expect(ref).toEqual({ resource: 'replicasets', namespace: 'default', name: 'web' });
  });
});

describe('createApiClient watch over LoopTransport', () => {
  it('hands every event sent before the client stops to onEvent, none after, and ends once', () => {
    const loop = new EventLoop();
    const ctx = { loop, trace: new Trace(() => loop.now()), ids: new SeededIds(1) };
    let stream: WatchStream | undefined;
    const endpoint: ApiServerEndpoint = {
      handle(_request, _from, responder, watch): StreamHandle {
        stream = watch;
        answer(responder, { code: 200, headers: {}, body: undefined });
        return { close() {} };
      },
    };
    const client = createApiClient(new LoopTransport(ctx, endpoint), 'kubelet/node-1');
    const seen: string[] = [];
    const event = (name: string): ApiWatchEvent => ({ type: 'ADDED', object: { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' } } });
    const handle = client.watch<Pod>({ resource: 'pods' }, {}, (e) => seen.push((e.object as Pod).metadata.name ?? ''), () => seen.push('closed'));
    loop.runUntilQuiet();
    stream!.onWatchEvent(event('a'));
    loop.runUntilQuiet();
    stream!.onWatchEvent(event('b'));
    handle.stop();
    handle.stop();
    stream!.onWatchEvent(event('c'));
    loop.runUntilQuiet();
    expect(seen).toEqual(['a', 'closed']);
  });
});
