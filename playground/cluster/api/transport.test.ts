import { describe, expect, it } from 'vitest';
import { SeededIds } from '../sim/ids';
import { EventLoop } from '../sim/loop';
import { Trace } from '../sim/trace';
import type { HttpRequest, HttpResponse, StreamHandle, WatchStream } from './client';
import { answer, shortCertificateCopy, handOver, handOverRequest, isWireBody, LoopTransport, type ApiServerEndpoint } from './transport';
import type { ApiWatchEvent } from './types';

/** A server that records what reaches it and lets the test answer and stream by hand. */
function fakeServer() {
  const received: { request: HttpRequest; at: number; respond: (response: HttpResponse) => void; stream?: WatchStream; wireBody: boolean }[] = [];
  let serverClosed = 0;
  const endpoint: ApiServerEndpoint = {
    handle(request, _from, responder, stream): StreamHandle {
      received.push({ request, at: loop.now(), respond: (response) => answer(responder, response), stream, wireBody: isWireBody(request.body) });
      return { close: () => serverClosed++ };
    },
  };
  const loop = new EventLoop();
  const ctx = { loop, trace: new Trace(() => loop.now()), ids: new SeededIds(1) };
  return { loop, ctx, endpoint, received, closedCount: () => serverClosed };
}

const pod = (name: string, rv: string): ApiWatchEvent => ({ type: 'ADDED', object: { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', resourceVersion: rv } } });

describe('LoopTransport requests', () => {
  it('delivers a copy of the request one network hop later and the response one hop after the server answers', () => {
    const { loop, ctx, endpoint, received } = fakeServer();
    const transport = new LoopTransport(ctx, endpoint);
    const body = { metadata: { name: 'web' } };
    const headers = { accept: 'application/json' };
    const responses: { at: number; response: HttpResponse }[] = [];
    transport.send('kubectl', { method: 'POST', path: '/api/v1/namespaces/default/pods', headers, body }, (response) => responses.push({ at: loop.now(), response }));
    loop.runUntilQuiet();
    expect(received).toHaveLength(1);
    expect(received[0].at).toBe(1);
    expect(received[0].request.body).toEqual(body);
    expect(received[0].request.body).not.toBe(body);
    expect(received[0].request.headers).not.toBe(headers);
    expect(received[0].wireBody).toBe(true);
    // Only while the server handles the request: a body kept past that may be seen by others.
    expect(isWireBody(received[0].request.body)).toBe(false);
    received[0].respond({ code: 201, headers: {}, body: { ok: true } });
    loop.runUntilQuiet();
    expect(responses).toEqual([{ at: 2, response: { code: 201, headers: {}, body: { ok: true } } }]);
  });

  it('passes a handed-over body through as is', () => {
    const { loop, ctx, endpoint, received } = fakeServer();
    const body = handOver({ count: 2 });
    new LoopTransport(ctx, endpoint).send('kubelet/node-1', { method: 'PATCH', path: '/api/v1/namespaces/default/events/e', headers: {}, body }, () => {});
    loop.runUntilQuiet();
    expect(received[0].request.body).toBe(body);
    expect(received[0].wireBody).toBe(true);
  });

  it('puts a handed-over request on the wire as it is, its body copied unless handed over too', () => {
    const { loop, ctx, endpoint, received } = fakeServer();
    const transport = new LoopTransport(ctx, endpoint);
    const headers = Object.freeze({ accept: 'application/json' });
    const body = { metadata: { name: 'web' } };
    const request = handOverRequest({ method: 'POST', path: '/api/v1/namespaces/default/pods', headers, body });
    transport.send('kubectl', request, () => {});
    const handedBody = handOver({ count: 1 });
    const withHandedBody = handOverRequest({ method: 'PATCH', path: '/api/v1/namespaces/default/events/e', headers, body: handedBody });
    transport.send('kubelet/node-1', withHandedBody, () => {});
    // The slot was taken: the same request sent again is copied like any other.
    transport.send('kubectl', request, () => {});
    loop.runUntilQuiet();
    expect(received[0].request).toBe(request);
    expect(received[0].request.headers).toBe(headers);
    expect(received[0].request.body).toEqual({ metadata: { name: 'web' } });
    expect(received[0].request.body).not.toBe(body);
    expect(received[0].wireBody).toBe(true);
    expect(received[1].request).toBe(withHandedBody);
    expect(received[1].request.body).toBe(handedBody);
    expect(received[2].request).not.toBe(request);
    expect(received[2].request.headers).not.toBe(headers);
  });

  it('copies a body handed over but not sent next, and the next body sent unless it was handed over too', () => {
    const { loop, ctx, endpoint, received } = fakeServer();
    const transport = new LoopTransport(ctx, endpoint);
    const first = handOver({ count: 1 });
    const second = handOver({ count: 2 });
    const plain = { count: 3 };
    for (const body of [first, second, plain, second]) transport.send('kubelet/node-1', { method: 'POST', path: '/api/v1/namespaces/default/events', headers: {}, body }, () => {});
    loop.runUntilQuiet();
    expect(received.map((r) => r.request.body === first || r.request.body === second || r.request.body === plain)).toEqual([false, true, false, false]);
    expect(received.map((r) => r.request.body)).toEqual([{ count: 1 }, { count: 2 }, { count: 3 }, { count: 2 }]);
    expect(received.map((r) => r.wireBody)).toEqual([true, true, true, true]);
  });

  it('lets the server take no body but the one of the request it is handling', () => {
    const { loop, ctx, endpoint, received } = fakeServer();
    const transport = new LoopTransport(ctx, endpoint);
    const body = { metadata: { name: 'web' } };
    transport.send('kubectl', { method: 'POST', path: '/api/v1/namespaces/default/pods', headers: {}, body }, () => {});
    transport.send('kubectl', { method: 'GET', path: '/api/v1/pods', headers: {} }, () => {});
    loop.runUntilQuiet();
    expect(received.map((r) => r.wireBody)).toEqual([true, false]);
    expect(isWireBody(body)).toBe(false);
    expect(isWireBody(undefined)).toBe(false);
  });

  it('drops the response of a request the client hung up on, and tells the server', () => {
    const { loop, ctx, endpoint, received, closedCount } = fakeServer();
    const responses: HttpResponse[] = [];
    const handle = new LoopTransport(ctx, endpoint).send('kubectl', { method: 'GET', path: '/api/v1/pods', headers: {} }, (r) => responses.push(r));
    loop.runUntilQuiet();
    received[0].respond({ code: 200, headers: {}, body: {} });
    handle.close();
    handle.close();
    loop.runUntilQuiet();
    expect(responses).toEqual([]);
    expect(closedCount()).toBe(1);
  });

  it('never reaches the server when the client hangs up before the request arrives', () => {
    const { loop, ctx, endpoint, received } = fakeServer();
    new LoopTransport(ctx, endpoint).send('kubectl', { method: 'GET', path: '/api/v1/pods', headers: {} }, () => {}).close();
    loop.runUntilQuiet();
    expect(received).toEqual([]);
  });
});

describe('LoopTransport watch streams', () => {
  it('delivers events in the order sent, each one hop after it was sent, recorded in the trace, then the end', () => {
    const { loop, ctx, endpoint, received } = fakeServer();
    const seen: string[] = [];
    new LoopTransport(ctx, endpoint).send('kube-scheduler', { method: 'GET', path: '/api/v1/pods?watch=true', headers: {} }, () => {}, {
      onWatchEvent: (event) => seen.push(`${loop.now()} ${(event.object as { metadata: { name: string } }).metadata.name}`),
      onClose: () => seen.push(`${loop.now()} closed`),
    });
    loop.runUntilQuiet();
    const stream = received[0].stream!;
    received[0].respond({ code: 200, headers: {}, body: undefined });
    stream.onWatchEvent(pod('a', '5'));
    stream.onWatchEvent(pod('b', '6'));
    loop.advanceTo(loop.now() + 3);
    stream.onWatchEvent(pod('c', '7'));
    stream.onClose();
    loop.runUntilQuiet();
    expect(seen).toEqual(['2 a', '2 b', '5 c', '5 closed']);
    const watches = ctx.trace.entries.filter((e) => e.kind === 'watch');
    expect(watches.map((e) => [e.t, e.to, e.resource, e.name, e.resourceVersion])).toEqual([
      [2, 'kube-scheduler', 'pods', 'a', '5'],
      [2, 'kube-scheduler', 'pods', 'b', '6'],
      [5, 'kube-scheduler', 'pods', 'c', '7'],
    ]);
  });

  it('delivers nothing sent before the client hung up and still on the wire', () => {
    const { loop, ctx, endpoint, received, closedCount } = fakeServer();
    const seen: string[] = [];
    const handle = new LoopTransport(ctx, endpoint).send('kubelet/node-1', { method: 'GET', path: '/api/v1/pods?watch=true', headers: {} }, () => {}, {
      onWatchEvent: (event) => seen.push((event.object as { metadata: { name: string } }).metadata.name),
      onClose: () => seen.push('closed'),
    });
    loop.runUntilQuiet();
    const stream = received[0].stream!;
    stream.onWatchEvent(pod('a', '5'));
    loop.runUntilQuiet();
    stream.onWatchEvent(pod('b', '6'));
    handle.close();
    stream.onWatchEvent(pod('c', '7'));
    loop.runUntilQuiet();
    expect(seen).toEqual(['a', 'closed']);
    expect(closedCount()).toBe(1);
  });
  it('ends a watch the server refuses after its response, and takes events through a detached onWatchEvent', () => {
    const { loop, ctx, endpoint, received } = fakeServer();
    const seen: string[] = [];
    const transport = new LoopTransport(ctx, endpoint);
    const stream = (name: string): WatchStream => ({
      onWatchEvent: (event) => seen.push(`${loop.now()} ${name} ${(event.object as { metadata: { name: string } }).metadata.name}`),
      onClose: () => seen.push(`${loop.now()} ${name} closed`),
    });
    transport.send('kubelet/node-1', { method: 'GET', path: '/api/v1/pods?watch=true', headers: {} }, (r) => seen.push(`${loop.now()} refused ${r.code}`), stream('refused'));
    const open = transport.send('kubelet/node-2', { method: 'GET', path: '/api/v1/pods?watch=true', headers: {} }, (r) => seen.push(`${loop.now()} open ${r.code}`), stream('open'));
    loop.runUntilQuiet();
    received[0].respond({ code: 403, headers: {}, body: {} });
    received[1].respond({ code: 200, headers: {}, body: undefined });
    // The API server keeps a stream's onWatchEvent as a function of its own and calls it so.
    const { onWatchEvent } = received[1].stream!;
    onWatchEvent(pod('a', '5'));
    loop.runUntilQuiet();
    // The server ends the stream after the client hung up: the client hears one end, at the hang-up.
    open.close();
    received[1].stream!.onClose();
    loop.runUntilQuiet();
    expect(seen).toEqual(['2 refused 403', '2 refused closed', '2 open 200', '2 open a', '2 open closed']);
  });
});

describe('answer', () => {
  it('gives the response to a function, or to an object through its respond method', () => {
    const response: HttpResponse = { code: 200, headers: {}, body: {} };
    const byFunction: HttpResponse[] = [];
    const byObject: HttpResponse[] = [];
    answer((r) => byFunction.push(r), response);
    answer({ respond: (r) => byObject.push(r) }, response);
    expect(byFunction).toEqual([response]);
    expect(byObject[0]).toBe(response);
  });
});

describe('shortCertificateCopy', () => {
  it('copies a certificate naming one organization or none into a list of its own', () => {
    for (const organizations of [[], ['system:nodes']]) {
      const certificate = { commonName: 'system:node:node-1', organizations };
      const copy = shortCertificateCopy(certificate)!;
      expect(copy).toEqual(certificate);
      expect(copy.organizations).not.toBe(organizations);
      copy.organizations.push('system:masters');
      expect(certificate.organizations).not.toContain('system:masters');
    }
  });

  it('leaves longer lists and values that are no array to the spread', () => {
    expect(shortCertificateCopy({ commonName: 'x', organizations: ['a', 'b'] })).toBeUndefined();
    expect(shortCertificateCopy({ commonName: 'x', organizations: 'a' as unknown as string[] })).toBeUndefined();
    expect(shortCertificateCopy({ commonName: 'x', organizations: undefined as unknown as string[] })).toBeUndefined();
  });

  it('lets a request with a malformed certificate fail as it always did', () => {
    const { ctx, endpoint } = fakeServer();
    const transport = new LoopTransport(ctx, endpoint);
    const request = { method: 'GET', path: '/api/v1/pods', headers: {}, clientCertificate: { commonName: 'x', organizations: undefined } } as unknown as HttpRequest;
    expect(() => transport.send('kubectl', request, () => {})).toThrow('request.clientCertificate.organizations is not iterable');
  });
});
