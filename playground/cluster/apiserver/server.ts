/**
 * KubeApiServer is the mini kube-apiserver: the only component holding an etcd client. Requests
 * arrive through a Transport (api/transport.ts) and run synchronously through the handler chain;
 * the response leaves after the modelled etcd time the request spent, and is recorded in the trace.
 * restart() swaps the configuration (flags) while etcd keeps every object, as a real restart does.
 */
import type { HttpRequest, HttpResponse, StreamHandle, WatchStream } from '../api/client';
import type { Responder } from '../api/transport';
import { isStatus } from '../api/status';
import type { ApiWatchEvent, KubeObject } from '../api/types';
import type { EtcdClient } from '../etcd/types';
import type { SimContext } from '../sim/context';
import { APISERVER } from '../sim/trace';
import { selfSubjectAccessReview } from './access-review';
import type { AdmissionLookups } from './admission/types';
import { bootstrapObjects, ensureDefaultServiceAccount } from './bootstrap';
import { buildHandlerChain } from './chain';
import { buildConfig, type ApiServerHost, type RunningConfig } from './config';
import { TtlLeases } from './event-ttl';
import { meterEtcd } from './metered-etcd';
import { NamespaceTermination } from './namespace-termination';
import { defaultApiServerOptions, type ApiServerOptions } from './options';
import { buildRegistry } from './registry';
import { copyForClient } from './registry/codec';
import type { Store } from './registry/store';
import { InFlightRequest } from './in-flight-request';
import type { Handler, WatchSink } from './request';
import { restHandler } from './rest/handler';
import { summarizeResponse } from './summary';
import type { ApiWatcher } from './watch/api-watcher';
import type { Selectors } from './registry/list';
import type { WatchStart } from './watch/start';
import { Cacher } from './watch/cacher';
import { directWatch } from './watch/direct';


/** DeferredSink holds a watch's events until its 200 has been sent, so they never overtake it. */
class DeferredSink implements WatchSink {
  private buffered: (() => void)[] | undefined = [];
  /** onEnd runs first when the server ends the stream (the server forgets the watch). */
  onEnd: (() => void) | undefined = undefined;
  /**
   * event takes the watch's next event: held until open, then the stream's own onWatchEvent itself,
   * which the watcher calls directly (every event of every watch passes here: no hop through this
   * sink). It is called detached from its stream, as the node's process wrapper calls it too (the
   * transport's is an arrow).
   */
  event: (event: ApiWatchEvent) => void;
  constructor(private readonly stream: WatchStream) {
    this.event = (event) => this.buffered!.push(() => stream.onWatchEvent(event));
  }
  end(): void {
    this.onEnd?.();
    if (this.buffered) this.buffered.push(() => this.stream.onClose());
    else this.stream.onClose();
  }
  open(): void {
    const pending = this.buffered ?? [];
    this.buffered = undefined;
    this.event = this.stream.onWatchEvent;
    for (const send of pending) send();
  }
}

/** NOTHING_TO_CLOSE is the handle of every request that opened no watch (all but watches): one, shared. */
const NOTHING_TO_CLOSE: StreamHandle = Object.freeze({ close: () => {} });

export class KubeApiServer {
  /** The running configuration's flags. */
  options: ApiServerOptions;
  /** Stores by plural resource (for tests and tools that inspect the registry). */
  readonly stores: ReadonlyMap<string, Store>;
  private readonly meter = { elapsedMs: 0 };
  private readonly etcd: EtcdClient;
  private readonly statusStrategies;
  private readonly ttlLeases: TtlLeases;
  private readonly caches = new Map<string, Cacher>();
  private readonly openWatches = new Set<ApiWatcher>();
  private readonly namespaceTermination: NamespaceTermination;
  private config!: RunningConfig;
  private handler!: Handler;
  private requestCount = 0;

  constructor(
    private readonly ctx: SimContext,
    etcd: EtcdClient,
    options: ApiServerOptions = defaultApiServerOptions(),
    private readonly host: ApiServerHost = { readFile: () => undefined },
  ) {
    this.options = options;
    this.etcd = meterEtcd(etcd, this.meter);
    this.ttlLeases = new TtlLeases(this.etcd, ctx.loop, options.eventTtlSeconds);
    const registry = buildRegistry({ etcd: this.etcd, sim: ctx, ttlLeases: this.ttlLeases });
    this.stores = registry.stores;
    this.statusStrategies = registry.statusStrategies;
    this.namespaceTermination = new NamespaceTermination(ctx, this.stores);
    this.start(options);
  }

  private start(options: ApiServerOptions): void {
    for (const store of this.stores.values()) {
      if (store.info.usesTtl) continue; // events have no watch cache, as in the real server
      const cacher = new Cacher(store);
      cacher.start();
      this.caches.set(store.info.resource, cacher);
    }
    this.config = buildConfig(options, this.host, this.caches, this.admissionLookups());
    this.handler = buildHandlerChain(
      restHandler({
        stores: this.stores,
        statusStrategies: this.statusStrategies,
        admission: this.config.admission,
        watch: (store, namespace, selectors, sink, start, sharedResults) => this.openWatch(store, namespace, selectors, sink, start, sharedResults),
        selfSubjectAccessReview: (user, review) => selfSubjectAccessReview(this.config.authorizers, user, review),
        deleteNamespace: (name) => this.namespaceTermination.begin(name),
        namespaceCreated: (name) => {
          // The serviceaccount controller's reaction to a new namespace, simplified into the server.
          this.ctx.loop.schedule(0, `serviceaccount controller: default in ${name}`, () => ensureDefaultServiceAccount(this.stores, name));
        },
      }),
      this.config,
      this.ctx.trace,
    );
  }

  private admissionLookups(): AdmissionLookups {
    // Cache first, then a live read, as the real plugins do for objects created a moment ago.
    const lookup = (resource: string, namespace: string, name: string): KubeObject | undefined =>
      this.caches.get(resource)?.get(namespace, name) ?? this.stores.get(resource)!.tryGet(namespace, name);
    // Every create in a namespace asks (NamespaceLifecycle): straight to the cache, found once per
    // running configuration (a restart builds new caches, then new lookups).
    const namespaces = this.caches.get('namespaces');
    const namespaceStore = this.stores.get('namespaces')!;
    return {
      namespace: (name) => namespaces?.get('', name) ?? namespaceStore.tryGet('', name),
      serviceAccount: (namespace, name) => lookup('serviceaccounts', namespace, name),
      suffix: () => this.ctx.ids.suffix(),
    };
  }

  /**
   * openWatch serves a watch from the watch cache, or from etcd for events and with --watch-cache=false.
   * Clients that declared shared results (the control plane's own components, which treat informer
   * objects as read-only as client-go requires) get the cache's decoded objects, frozen; every other
   * client gets its own copy, as if decoded from the wire.
   */
  private openWatch(store: Store, namespace: string, selectors: Selectors, sink: WatchSink, start: WatchStart, sharedResults: boolean): ApiWatcher {
    let watcher: ApiWatcher | undefined;
    const untrack = () => {
      if (watcher) this.openWatches.delete(watcher);
    };
    // The request's own sink hears of the end itself: no wrapper to pass every event through.
    let tracked: WatchSink;
    if (sink instanceof DeferredSink) {
      sink.onEnd = untrack;
      tracked = sink;
    } else {
      tracked = {
        event: (event) => sink.event(event),
        end: () => {
          untrack();
          sink.end();
        },
      };
    }
    const cacher = this.caches.get(store.info.resource);
    watcher = cacher && this.options.watchCache ? cacher.watch(namespace, selectors, tracked, start, sharedResults) : directWatch(store, namespace, selectors, tracked, start);
    if (watcher.active) this.openWatches.add(watcher);
    return watcher;
  }

  /**
   * handle serves one request that has just arrived from `from`. `responder` is answered once, after
   * the request's etcd time; for a watch, `stream` then gets the events. The returned handle lets
   * the client hang up. `sharedResults`: the client declared it never changes what it receives
   * (SendOptions), so response bodies need no defensive copy.
   */
  handle(request: HttpRequest, from: string, responder: Responder, stream?: WatchStream, sharedResults = false): StreamHandle {
    this.meter.elapsedMs = 0;
    const inFlight = new InFlightRequest(request, from, sharedResults, stream ? new DeferredSink(stream) : undefined, ++this.requestCount, responder, this.ctx.trace);
    inFlight.response = this.handler(inFlight);
    // Recorded by the audit filter already unless the request failed before it; nothing to do untraced.
    if (this.ctx.trace.enabled) inFlight.noteRequest();
    // One function for every request, given the request (no closure per request).
    this.ctx.loop.post(this.meter.elapsedMs, 'kube-apiserver responds', this.reply, inFlight);
    const watcher = inFlight.openedWatch as ApiWatcher | undefined;
    if (!watcher) return NOTHING_TO_CLOSE;
    return {
      close: () => {
        watcher.close();
        this.openWatches.delete(watcher);
      },
    };
  }

  /**
   * reply sends a handled request's response (and opens its watch stream), once its etcd time has
   * passed. An arrow the server holds, posted as every response's task with the request as its
   * argument: no closure per request, and no method call behind a second function.
   */
  private readonly reply = (inFlight: InFlightRequest): void => {
    const response = inFlight.response!;
    if (this.ctx.trace.enabled) {
      const reason = isStatus(response.body) && response.body.status === 'Failure' ? (response.body.reason ?? '') : '';
      this.ctx.trace.record({ kind: 'response', from: APISERVER, to: inFlight.from, id: inFlight.id, code: response.code, reason, summary: summarizeResponse(inFlight, response) });
    }
    // The client must never alias what the server holds: a client that may change what it receives
    // gets headers of its own (responses share theirs) and a copy of the body, unless it was made for
    // this response alone. A response to HEAD keeps the body the handler wrote: the HTTP layer drops
    // it, as Go's net/http does after counting it for Content-Length (the transport here, the local
    // endpoint's Node server outside).
    const sent = inFlight.openedWatch
      ? { ...response, headers: { 'content-type': 'application/json;stream=watch' } }
      : !inFlight.sharedResults
        ? { ...response, headers: { ...response.headers }, body: response.body === inFlight.ownedBody ? response.body : copyForClient(response.body) }
        : response;
    // answer() written out: every response passes here.
    const responder = inFlight.responder;
    if (typeof responder === 'function') responder(sent);
    else responder.respond(sent);
    inFlight.sink?.open();
  };

  /** bootstrap creates what the real server's post-start hooks create (namespaces, default RBAC…); idempotent. */
  bootstrap(): void {
    bootstrapObjects(this.stores);
  }

  /**
   * restart stops serving (every open watch ends, clients must re-watch), applies new flags and
   * starts again on the same etcd, running the post-start hooks again.
   */
  restart(options: ApiServerOptions): void {
    for (const cacher of this.caches.values()) cacher.stop();
    this.caches.clear();
    for (const watcher of [...this.openWatches]) watcher.stop();
    this.openWatches.clear();
    this.options = options;
    this.ttlLeases.setTtl(options.eventTtlSeconds);
    this.start(options);
    this.bootstrap();
  }

  /** admissionPlugins lists the enabled, modelled admission plugins in the order they run. */
  get admissionPlugins(): string[] {
    return this.config.admission.names;
  }
}
