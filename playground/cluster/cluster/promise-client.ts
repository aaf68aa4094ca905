/**
 * PromiseApiClient is the ApiClient for step code: the same calls a component makes (get, list,
 * create, update, patch, delete, watch, raw request), as promises that resolve with the object and
 * reject with an ApiError carrying the server's Status. Each call drives the simulation until its
 * answer arrives (see driver.ts), so `await client.create(...)` reads like client-go's clientset.
 */
import type { ApiClient, DeleteOptions, HttpRequest, HttpResponse, ListOptions, PatchType, ResourceRef, Result, WatchHandle, WatchOptions } from '../api/client';
import { findResource } from '../api/resources';
import type { ApiWatchEvent, KubeObject, List, Status } from '../api/types';
import type { Driver } from './driver';

/** ApiError is a failed API call: the Status the server answered (code 0: the connection was refused). */
export class ApiError extends Error {
  /** HTTP status code (401, 403, 404, 409, 422…); 0 when no server answered. */
  readonly code: number;
  /** Status reason: Unauthorized, Forbidden, NotFound, AlreadyExists, Conflict, Invalid, ConnectionRefused… */
  readonly reason: string;
  /** The whole Status body. */
  readonly status: Status;

  constructor(status: Status, code: number) {
    super(status.message ?? `request failed with code ${code}`);
    this.name = 'ApiError';
    this.code = code;
    this.reason = status.reason ?? '';
    this.status = status;
  }
}

/** ObjectRef names an object; `namespace` defaults to "default" for namespaced resources, as kubectl does. */
export type ObjectRef = ResourceRef;

/** PromiseApiClient is an ApiClient whose calls return promises. */
export interface PromiseApiClient {
  /** Participant name in the trace. */
  readonly participant: string;
  /** The user this client authenticates as. */
  readonly user: string;
  /** get reads one object: `await client.get({ resource: 'pods', name: 'nginx' })`. */
  get<T extends KubeObject = KubeObject>(ref: ObjectRef): Promise<T>;
  /** list reads a collection; without `namespace` it lists every namespace. */
  list<T extends KubeObject = KubeObject>(ref: ObjectRef, options?: ListOptions): Promise<List<T>>;
  /** create stores a new object (POST). */
  create<T extends KubeObject = KubeObject>(ref: ObjectRef, object: KubeObject): Promise<T>;
  /** update replaces an object (PUT); a stale metadata.resourceVersion gives a 409 Conflict. */
  update<T extends KubeObject = KubeObject>(ref: ObjectRef, object: KubeObject): Promise<T>;
  /** patch changes part of an object; `type` defaults to 'merge' (application/merge-patch+json). */
  patch<T extends KubeObject = KubeObject>(ref: ObjectRef, patch: unknown, type?: PatchType): Promise<T>;
  /** delete removes an object (pods with a grace period come back with deletionTimestamp set). */
  delete<T extends KubeObject = KubeObject>(ref: ObjectRef, options?: DeleteOptions): Promise<T | Status>;
  /**
   * watch opens a watch stream; `onEvent` runs for each event (it may be async and await other
   * calls). The stream ends on `stop()`, on a server-side close, or when kube-apiserver restarts.
   */
  watch<T extends KubeObject = KubeObject>(ref: ObjectRef, options: WatchOptions, onEvent: (event: ApiWatchEvent<T>) => void | Promise<void>, onClose?: () => void): WatchHandle;
  /** request sends a raw HTTP-shaped request with this client's credentials; resolves with any response code. */
  request(request: Omit<HttpRequest, 'headers'> & { headers?: Record<string, string> }): Promise<HttpResponse>;
  /** callbacks is the underlying callback-style ApiClient (what the scheduler and kubelets use). */
  readonly callbacks: ApiClient;
}

function checkRef(method: string, ref: ObjectRef, needsName: boolean): ObjectRef {
  if (!ref || typeof ref !== 'object' || typeof ref.resource !== 'string') {
    throw new TypeError(`client.${method}: the first argument must be a reference like { resource: 'pods', name: 'nginx' }`);
  }
  const info = findResource(ref.resource);
  if (!info) throw new TypeError(`client.${method}: unknown resource ${JSON.stringify(ref.resource)} (use the plural name, e.g. "pods", "nodes", "replicasets")`);
  if (needsName && !ref.name) throw new TypeError(`client.${method}: ${ref.resource} needs a name`);
  if (info.namespaced && ref.namespace === undefined && (needsName || method === 'create')) return { ...ref, namespace: 'default' };
  return ref;
}

/** promiseClient wraps `client` so each call drives the simulation through `driver`. */
export function promiseClient(client: ApiClient, driver: Driver, user: string): PromiseApiClient {
  const unwrap = <T>(label: string, send: (cb: (result: Result<T>) => void) => void): Promise<T> =>
    driver.call<Result<T>>(label, send).then((result) => {
      if (result.ok) return result.value;
      throw new ApiError(result.status, result.code);
    });
  // Argument mistakes reject like any other failure, so `await` (not try around the call) sees them.
  const guarded = <T>(make: () => Promise<T>): Promise<T> => {
    try {
      return make();
    } catch (error) {
      return Promise.reject(error);
    }
  };
  const describe = (verb: string, ref: ObjectRef) => `${client.participant}: ${verb} ${ref.resource}${ref.name ? ` ${ref.name}` : ''}`;
  return {
    participant: client.participant,
    user,
    callbacks: client,
    get: (ref) =>
      guarded(() => {
        const checked = checkRef('get', ref, true);
        return unwrap(describe('get', checked), (cb) => client.get(checked, cb));
      }),
    list: (ref, options = {}) =>
      guarded(() => {
        const checked = checkRef('list', ref, false);
        return unwrap(describe('list', checked), (cb) => client.list(checked, options, cb));
      }),
    create: (ref, object) =>
      guarded(() => {
        const checked = checkRef('create', ref, false);
        return unwrap(describe('create', checked), (cb) => client.create(checked, object, cb));
      }),
    update: (ref, object) =>
      guarded(() => {
        const checked = checkRef('update', ref, true);
        return unwrap(describe('update', checked), (cb) => client.update(checked, object, cb));
      }),
    patch: (ref, patch, type = 'merge') =>
      guarded(() => {
        const checked = checkRef('patch', ref, true);
        return unwrap(describe('patch', checked), (cb) => client.patch(checked, patch, type, cb));
      }),
    delete: (ref, options = {}) =>
      guarded(() => {
        const checked = checkRef('delete', ref, true);
        return unwrap(describe('delete', checked), (cb) => client.delete(checked, options, cb));
      }),
    watch: (ref, options, onEvent, onClose) => {
      const checked = checkRef('watch', ref, false);
      // An async handler's rejection surfaces as an unhandled rejection, which the sandbox reports.
      return client.watch(checked, options, (event) => void onEvent(event as ApiWatchEvent<never>), onClose);
    },
    request: (request) => driver.call<HttpResponse>(`${client.participant}: ${request.method} ${request.path}`, (cb) => client.request(request, cb)),
  };
}
