/**
 * The contract between kube-apiserver and its clients. Requests travel as HTTP-shaped messages
 * (method, path with query, headers, JSON body) through a Transport that models network latency;
 * ApiClient is the typed, callback-style client that the scheduler, kubelets and controllers use.
 * Callbacks (not promises) keep every hop an event on the simulation loop, which keeps runs
 * deterministic; the promise-based client for step code is built on top in clients/.
 */
import type { ApiWatchEvent, KubeObject, List, Status } from './types';

/** Identity shown by a TLS client certificate: CN is the user name, O the groups. */
export interface ClientCertificate {
  commonName: string;
  organizations: string[];
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path including the query string, e.g. `/api/v1/namespaces/default/pods?labelSelector=app%3Dweb`. */
  path: string;
  /** Lower-case header names: authorization, content-type, accept. */
  headers: Record<string, string>;
  /** Parsed JSON body, if any. */
  body?: unknown;
  /** Set when the client presented a certificate during the (simulated) TLS handshake. */
  clientCertificate?: ClientCertificate;
}

export interface HttpResponse {
  code: number;
  headers: Record<string, string>;
  /** Parsed JSON body: the object, a List, or a Status. */
  body: unknown;
}

/** WatchStream receives a watch's events, then its end (from either side). */
export interface WatchStream {
  onWatchEvent(event: ApiWatchEvent): void;
  onClose(): void;
}

/** Handle on an open streaming response (watch). */
export interface StreamHandle {
  close(): void;
}

/**
 * Transport carries requests from one participant to kube-apiserver and back, scheduling each leg
 * on the event loop. For `?watch=true` requests, `onResponse` receives the 200 (or an error) and
 * `onWatchEvent` each later event until the stream is closed by either side (`onClose`).
 */
export interface Transport {
  send(
    from: string,
    request: HttpRequest,
    onResponse: (response: HttpResponse) => void,
    stream?: WatchStream,
    options?: SendOptions,
  ): StreamHandle;
}

/** SendOptions is what a client declares about how it treats what it receives. */
export interface SendOptions {
  /**
   * The client never changes a response body or a watched object (client-go's rule for informer
   * caches), so the server may hand it the watch cache's own objects, frozen, instead of copies.
   * The control plane's components declare it; reader code never does, so it always gets copies.
   */
  sharedResults?: boolean;
}

/** Result is the outcome of a typed call: the decoded object, or the Status the server returned. */
export type Result<T> = { ok: true; code: number; value: T } | { ok: false; code: number; status: Status };

export type Callback<T> = (result: Result<T>) => void;

/**
 * ignoreResult is the callback of fire-and-forget calls (every Event a recorder writes): a client
 * given this very function may skip building the Result nobody reads.
 */
export function ignoreResult(): void {}

/** ResourceRef names what a call acts on; the group/version come from the resource table. */
export interface ResourceRef {
  /** Plural resource name: pods, nodes, replicasets, leases, rolebindings… */
  resource: string;
  namespace?: string;
  name?: string;
  /** status, binding… */
  subresource?: string;
}

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  resourceVersion?: string;
  limit?: number;
  continue?: string;
}

export interface WatchOptions extends ListOptions {
  allowWatchBookmarks?: boolean;
}

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  preconditions?: { uid?: string; resourceVersion?: string };
}

/** PatchType picks the Content-Type of a PATCH. */
export type PatchType = 'merge' | 'strategic' | 'json';

export const PATCH_CONTENT_TYPES: Record<PatchType, string> = {
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  json: 'application/json-patch+json',
};

export interface WatchHandle {
  stop(): void;
}

/** ApiClient is a component's typed connection to kube-apiserver, bound to one identity. */
export interface ApiClient {
  /** Participant name in the trace (kube-scheduler, kubelet/node-1, kubectl…). */
  readonly participant: string;
  get<T extends KubeObject>(ref: ResourceRef, cb: Callback<T>): void;
  list<T extends KubeObject>(ref: ResourceRef, options: ListOptions, cb: Callback<List<T>>): void;
  create<T extends KubeObject>(ref: ResourceRef, object: KubeObject, cb: Callback<T>): void;
  update<T extends KubeObject>(ref: ResourceRef, object: KubeObject, cb: Callback<T>): void;
  patch<T extends KubeObject>(ref: ResourceRef, patch: unknown, type: PatchType, cb: Callback<T>): void;
  delete<T extends KubeObject>(ref: ResourceRef, options: DeleteOptions, cb: Callback<T | Status>): void;
  /** watch opens a stream; `onEvent` gets every event, `onClose` runs once when it ends. */
  watch<T extends KubeObject>(
    ref: ResourceRef,
    options: WatchOptions,
    onEvent: (event: ApiWatchEvent<T>) => void,
    onClose?: () => void,
  ): WatchHandle;
  /** request sends a raw HTTP-shaped request with this client's credentials. */
  request(request: Omit<HttpRequest, 'headers'> & { headers?: Record<string, string> }, cb: (response: HttpResponse) => void): void;
}
