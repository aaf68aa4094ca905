/**
 * LoopTransport carries HTTP-shaped requests between participants and kube-apiserver over the
 * simulated network: a request reaches the server Latency.network after it is sent, the response
 * leaves the server after its processing and arrives another Latency.network later, and watch
 * events follow the same path, each recorded in the trace as it is delivered. Loop labels are
 * constant strings: building one per hop cost more than the hop itself, and the trace already
 * names who talked to whom.
 */
import type { SimContext } from '../sim/context';
import { Latency } from '../sim/latency';
import { APISERVER } from '../sim/trace';
import type { ClientCertificate, HttpRequest, HttpResponse, SendOptions, StreamHandle, Transport, WatchStream } from './client';
import { resourceForKind } from './resources';
import type { ApiWatchEvent } from './types';

/**
 * The body last given away with handOver, until a transport takes it: a sender hands a body over
 * as it passes it to the client, which puts it on the wire at once, so one slot is enough (and,
 * unlike a WeakSet, costs no hashing and nothing for the garbage collector). A body the slot no
 * longer holds is merely copied, as any other.
 */
let handedOverBody: object | undefined;

/**
 * The request last given away with handOverRequest, until a transport takes it (one slot, as for
 * bodies: the client passes it on at once).
 */
let handedOverRequest: HttpRequest | undefined;

/**
 * The wire body of the request the server is handling right now: the transport's own copy (or a
 * handed-over body), which no client can see or change.
 */
let servedBody: object | undefined;

/**
 * handOver marks a request body as given away: the sender built it for this one request and will
 * never read or change it again (the Event a recorder posts), and passes it to the client right
 * away. The transport then gives the server this very object instead of a copy through JSON,
 * which the server would otherwise decode only to take over. The body must be plain JSON data:
 * no undefined values, no NaN, no class instances. Components use it; reader code never does, so
 * readers' bodies are always copied.
 */
export function handOver<T extends object>(body: T): T {
  handedOverBody = body;
  return body;
}

/**
 * handOverRequest marks a request as given away, as handOver does a body: the client built it for
 * this one call and passes it on at once, never to read or change it again, its headers are an
 * object nobody changes (frozen) and its clientCertificate, if any, a copy of its own. The transport then puts this very object
 * on the wire instead of a copy: only its body is copied (unless handed over itself), in place.
 * The typed client uses it for its own calls; a request anyone else sends is copied whole.
 */
export function handOverRequest(request: HttpRequest): HttpRequest {
  handedOverRequest = request;
  return request;
}

/**
 * isWireBody tells whether a request body is the wire copy of the request the server is handling
 * now (the transport's own decoded copy, or a handed-over body), which no client can see or
 * change, so the server may take it over instead of copying it once more. Asked later, outside
 * that request's handling, it says false, which only costs a copy.
 */
export function isWireBody(body: unknown): boolean {
  return servedBody !== undefined && body === servedBody;
}

/**
 * Responder takes the server's one response to a request: a function, or an object that takes it
 * through its respond method — the transport's Exchange, so that a request is answered without a
 * closure of its own.
 */
export type Responder = ((response: HttpResponse) => void) | { respond(response: HttpResponse): void };

/** answer gives a Responder its response. */
export function answer(responder: Responder, response: HttpResponse): void {
  if (typeof responder === 'function') responder(response);
  else responder.respond(response);
}

/** ApiServerEndpoint is what the transport needs from the server (KubeApiServer implements it). */
export interface ApiServerEndpoint {
  handle(request: HttpRequest, from: string, responder: Responder, stream?: WatchStream, sharedResults?: boolean): StreamHandle;
}

export class LoopTransport implements Transport {
  constructor(
    private readonly ctx: SimContext,
    private readonly server: ApiServerEndpoint,
  ) {}

  send(
    from: string,
    request: HttpRequest,
    onResponse: (response: HttpResponse) => void,
    stream?: WatchStream,
    options?: SendOptions,
  ): StreamHandle {
    const wire = toWire(request);
    if (stream === undefined) {
      // A request that opens no stream (all but watches): the Exchange is the state of the request,
      // the handle returned and the argument of both its hops, so a request costs no closure for
      // the hops and none for hanging up.
      const exchange = new Exchange(this.ctx, this.server, from, wire, onResponse, options?.sharedResults === true);
      this.ctx.loop.post(Latency.network, 'request on the wire', reachServer, exchange);
      return exchange;
    }
    const watch = new WireStream(this.ctx, from, stream, onResponse, (wire.method as string) === 'HEAD');
    this.ctx.loop.schedule(Latency.network, 'request on the wire', () => {
      if (watch.closedByClient) return;
      watch.serverSide = serve(this.server, wire, from, watch.respond, watch, options?.sharedResults === true);
    });
    return watch;
  }
}

/** recordWatch traces a watch event delivered to `to`. */
function recordWatch(ctx: SimContext, to: string, event: ApiWatchEvent): void {
  const object = event.object as { apiVersion?: string; kind?: string; metadata?: { name?: string; namespace?: string; resourceVersion?: string } };
  const resource = event.type === 'ERROR' ? '' : (resourceForKind(object.apiVersion ?? '', object.kind ?? '')?.resource ?? '');
  ctx.trace.record({
    kind: 'watch',
    from: APISERVER,
    to,
    type: event.type,
    resource,
    namespace: object.metadata?.namespace ?? '',
    name: object.metadata?.name ?? '',
    resourceVersion: object.metadata?.resourceVersion ?? '',
  });
}

/**
 * WireStream is one watch on the wire, for as long as it is open (every kubelet keeps two): the
 * client's stream, whether the client hung up or the stream ended, and the server's handle. It is
 * the handle send returns and the stream the server writes to, so a watch keeps this one object
 * and three functions (onWatchEvent, which the server takes as a function of its own; deliver,
 * which the loop runs with each event; respond) instead of a dozen closures, their records and
 * captured variables, that every garbage collection walked.
 */
class WireStream implements StreamHandle, WatchStream {
  closedByClient = false;
  ended = false;
  serverSide: StreamHandle | undefined;
  /**
   * onWatchEvent puts an event on the wire. Each goes as a posted task whose argument is the event
   * itself, run by this stream's one deliver function: no closure per event, and no list of events
   * in flight to keep in step with the loop (the loop already runs a stream's deliveries in the
   * order they were sent, each Latency.network after it was sent).
   */
  readonly onWatchEvent: (event: ApiWatchEvent) => void;
  /** respond carries the server's response (a 200, or an error that ends the stream) back. */
  readonly respond: (response: HttpResponse) => void;

  constructor(
    private readonly ctx: SimContext,
    from: string,
    private readonly stream: WatchStream,
    onResponse: (response: HttpResponse) => void,
    /** Whether the request was a HEAD, whose response arrives without the body its handler wrote. */
    head: boolean,
  ) {
    const loop = ctx.loop;
    const deliver = (event: ApiWatchEvent) => {
      // Hanging up ends the stream too (close() calls end() before any delivery can run): one test.
      if (this.ended) return;
      if (ctx.trace.enabled) recordWatch(ctx, from, event);
      stream.onWatchEvent(event);
    };
    this.onWatchEvent = (event) => loop.post(Latency.network, 'watch event on the wire', deliver, event);
    this.respond = (response) => {
      loop.schedule(Latency.network, 'response on the wire', () => {
        if (this.closedByClient) return;
        onResponse(head ? { ...response, body: undefined } : response);
        if (response.code !== 200) this.end();
      });
    };
  }

  /** onClose: the server ended the stream; the client hears of it Latency.network later. */
  onClose(): void {
    this.ctx.loop.schedule(Latency.network, 'watch end on the wire', () => !this.closedByClient && this.end());
  }

  /** close hangs up: the server side is closed and the client's stream ends at once. */
  close(): void {
    if (this.closedByClient) return;
    this.closedByClient = true;
    this.serverSide?.close();
    this.end();
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.stream.onClose();
  }
}

/**
 * shortCertificateCopy copies a client certificate that names one organization (a kubelet's
 * system:nodes) or none, as nearly every component's does, with its list as an array literal: a
 * spread goes through the iterator protocol, ~0.6 us of a ~13 us request in QuickJS. It returns
 * undefined for any other certificate, which the caller copies with a spread as before (the same
 * copy, and for a reader's value that is no array, the same error).
 */
export function shortCertificateCopy(certificate: ClientCertificate): ClientCertificate | undefined {
  const organizations = certificate.organizations;
  if (!Array.isArray(organizations) || organizations.length > 1) return undefined;
  return { commonName: certificate.commonName, organizations: organizations.length === 0 ? [] : [organizations[0]] };
}

/**
 * toWire copies a request as the wire would: the body through JSON (unless its sender handed it
 * over), the flat string parts with a shallow copy, so neither side sees the other's later changes.
 */
function toWire(request: HttpRequest): HttpRequest {
  const body = request.body;
  if (request === handedOverRequest) {
    // The client's own request, its headers frozen and its certificate its own: it becomes the wire request,
    // which saves a request, a headers and a certificate copy per call.
    handedOverRequest = undefined;
    if (body !== undefined && body === handedOverBody) handedOverBody = undefined;
    else if (body !== undefined) {
      const text = JSON.stringify(body);
      if (text !== undefined) request.body = JSON.parse(text) as unknown;
      else delete request.body;
    }
    return request;
  }
  const wire: HttpRequest = { method: request.method, path: request.path, headers: { ...request.headers } };
  if (body !== undefined && body === handedOverBody) {
    handedOverBody = undefined;
    wire.body = body;
  } else if (body !== undefined) {
    const text = JSON.stringify(body);
    if (text !== undefined) wire.body = JSON.parse(text) as unknown;
  }
  if (request.clientCertificate) {
    wire.clientCertificate = shortCertificateCopy(request.clientCertificate) ?? { commonName: request.clientCertificate.commonName, organizations: [...request.clientCertificate.organizations] };
  }
  return wire;
}

/**
 * serve hands a request that reached the server to it, its wire body marked as takeable (see
 * isWireBody) while the server handles it.
 */
function serve(server: ApiServerEndpoint, wire: HttpRequest, from: string, responder: Responder, stream: WatchStream | undefined, sharedResults: boolean): StreamHandle {
  const outer = servedBody;
  const body = wire.body;
  servedBody = typeof body === 'object' && body !== null ? body : undefined;
  try {
    return server.handle(wire, from, responder, stream, sharedResults);
  } finally {
    servedBody = outer;
  }
}

/**
 * Exchange is one request without a stream on its way: what it carries, whether the client hung
 * up, the server's handle, and the response on its way back. The server answers it (a Responder).
 */
class Exchange implements StreamHandle {
  closedByClient = false;
  serverSide: StreamHandle | undefined;
  response: HttpResponse | undefined;

  constructor(
    readonly ctx: SimContext,
    readonly server: ApiServerEndpoint,
    readonly from: string,
    readonly wire: HttpRequest,
    readonly onResponse: (response: HttpResponse) => void,
    readonly sharedResults: boolean,
  ) {}

  /** close hangs up: a response still on its way is dropped. */
  close(): void {
    if (this.closedByClient) return;
    this.closedByClient = true;
    this.serverSide?.close();
  }

  /**
   * respond carries the server's response back: it arrives Latency.network later (deliverResponse).
   * A response to HEAD arrives without the body its handler wrote, as Go's net/http sends it.
   */
  respond(response: HttpResponse): void {
    this.response = (this.wire.method as string) === 'HEAD' ? { ...response, body: undefined } : response;
    this.ctx.loop.post(Latency.network, 'response on the wire', deliverResponse, this);
  }
}

/**
 * reachServer is an Exchange's first hop: the request arrives at the server, unless the client
 * hung up. The server answers the Exchange itself (Exchange.respond), not a function made for the
 * request. The server holds the Exchange until it answers, never the other way round (serverSide
 * is the server's shared handle of a request without a stream): QuickJS frees what is
 * unreferenced at once, while a cycle waits for its cycle collector.
 */
function reachServer(exchange: Exchange): void {
  if (exchange.closedByClient) return;
  exchange.serverSide = serve(exchange.server, exchange.wire, exchange.from, exchange, undefined, exchange.sharedResults);
}

/** deliverResponse is an Exchange's last hop: the response arrives, unless the client hung up. */
function deliverResponse(exchange: Exchange): void {
  if (!exchange.closedByClient) exchange.onResponse(exchange.response!);
}
