/**
 * HttpApi is the raw-HTTP view of kube-apiserver that chapter 1 contrasts with kubectl: send a
 * method and a path (with query string), get back the code, headers and parsed JSON body, like
 * `curl --cacert … https://10.0.0.10:6443/api/v1/namespaces/default/pods`. Requests go as the
 * admin by default; `as({ token })`, `as({ user })` and `anonymous` change who is asking. Any
 * answer resolves (a 403 is data here); only a refused connection rejects, with an ApiError of code 0.
 */
import { createApiClient, type ClientCredentials } from '../api/api-client';
import type { HttpRequest, HttpResponse, Transport } from '../api/client';
import type { Status } from '../api/types';
import { isConnectionRefused } from './apiserver-process';
import type { Driver } from './driver';
import { ApiError } from './promise-client';

/** HttpReply is the server's answer: status code, headers and the JSON body (object, List or Status). */
export interface HttpReply {
  code: number;
  headers: Record<string, string>;
  body: unknown;
}

/** HttpOptions adds request headers, e.g. `{ headers: { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' } }`. */
export interface HttpOptions {
  headers?: Record<string, string>;
}

/** HttpIdentity picks who sends the request: a known user's credentials, or a bearer token. */
export type HttpIdentity = { user: string } | { token: string };

/** HttpApi sends raw requests to kube-apiserver. */
export interface HttpApi {
  /** get sends GET `path` (add `?watch=true` and you get the stream's first answer only; use client().watch for streams). */
  get(path: string, options?: HttpOptions): Promise<HttpReply>;
  /** post sends POST `path` with a JSON body. */
  post(path: string, body?: unknown, options?: HttpOptions): Promise<HttpReply>;
  /** put sends PUT `path` with a JSON body. */
  put(path: string, body?: unknown, options?: HttpOptions): Promise<HttpReply>;
  /** patch sends PATCH `path`; the content type defaults to application/merge-patch+json. */
  patch(path: string, body?: unknown, options?: HttpOptions): Promise<HttpReply>;
  /** delete sends DELETE `path`, with an optional DeleteOptions body. */
  delete(path: string, body?: unknown, options?: HttpOptions): Promise<HttpReply>;
  /** as returns the same API acting as another user (`{ user: 'jane' }`) or with a bearer token (`{ token: '…' }`). */
  as(identity: HttpIdentity): HttpApi;
  /** anonymous sends requests with no credentials at all. */
  readonly anonymous: HttpApi;
}

/** HTTP_PARTICIPANT is the trace name of raw HTTP requests. */
export const HTTP_PARTICIPANT = 'curl';

/** createHttpApi builds the API for `credentials`; `credentialsFor` resolves `as({ user })`. */
export function createHttpApi(transport: Transport, driver: Driver, credentials: ClientCredentials, credentialsFor: (user: string) => ClientCredentials): HttpApi {
  const client = createApiClient(transport, HTTP_PARTICIPANT, credentials);
  const send = (method: HttpRequest['method'], path: string, body: unknown, options: HttpOptions = {}): Promise<HttpReply> => {
    if (typeof path !== 'string' || !path.startsWith('/')) {
      return Promise.reject(new TypeError(`http.${method.toLowerCase()}: the path must start with "/", like "/api/v1/namespaces/default/pods"`));
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = value;
    if (body !== undefined && !headers['content-type']) headers['content-type'] = method === 'PATCH' ? 'application/merge-patch+json' : 'application/json';
    const request: Omit<HttpRequest, 'headers'> & { headers: Record<string, string> } = { method, path, headers };
    if (body !== undefined) request.body = body;
    return driver.call<HttpResponse>(`${method} ${path}`, (cb) => client.request(request, cb)).then((response) => {
      if (isConnectionRefused(response)) throw new ApiError(response.body as Status, 0);
      return { code: response.code, headers: { ...response.headers }, body: response.body };
    });
  };
  return {
    get: (path, options) => send('GET', path, undefined, options),
    post: (path, body, options) => send('POST', path, body, options),
    put: (path, body, options) => send('PUT', path, body, options),
    patch: (path, body, options) => send('PATCH', path, body, options),
    delete: (path, body, options) => send('DELETE', path, body, options),
    as: (identity) => {
      if (identity && 'token' in identity && typeof identity.token === 'string') return createHttpApi(transport, driver, { token: identity.token }, credentialsFor);
      if (identity && 'user' in identity && typeof identity.user === 'string') return createHttpApi(transport, driver, credentialsFor(identity.user), credentialsFor);
      throw new TypeError('http.as: pass { user: "jane" } or { token: "…" }');
    },
    get anonymous() {
      return createHttpApi(transport, driver, {}, credentialsFor);
    },
  };
}
