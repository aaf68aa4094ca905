/**
 * The request as it travels down the handler chain: the HTTP message plus what the filters learn
 * about it (request info, user). Each filter reads what the outer ones set, as the real chain
 * passes these through the request context.
 */
import type { HttpRequest, HttpResponse } from '../api/client';
import type { ApiWatchEvent } from '../api/types';
import { isShared } from './registry/codec';

/** RequestInfo is what the RequestInfo filter parses from method and path (k8s.io/apiserver request.RequestInfo). */
export interface RequestInfo {
  isResourceRequest: boolean;
  /** Path without the query string. */
  path: string;
  /** get, list, watch, create, update, patch, delete, deletecollection; lower-case HTTP method for non-resource paths. */
  verb: string;
  apiPrefix: string;
  apiGroup: string;
  apiVersion: string;
  namespace: string;
  resource: string;
  subresource: string;
  name: string;
  /** Decoded query parameters: a repeated one keeps its first value, the one ListOptions decoding reads (Convert_Slice_string_To_string). */
  query: Record<string, string>;
}

/** UserInfo is the authenticated identity (user.Info). */
export interface UserInfo {
  name: string;
  uid?: string;
  groups: string[];
}

/** WatchSink receives a watch stream's events; end() closes it from the server side. */
export interface WatchSink {
  event(event: ApiWatchEvent): void;
  end(): void;
}

/** ApiRequest is one request inside the chain. */
export interface ApiRequest {
  readonly http: HttpRequest;
  /** Trace participant that sent it. */
  readonly from: string;
  /** The client treats what it receives as read-only (SendOptions.sharedResults). */
  readonly sharedResults: boolean;
  /** Set by the RequestInfo filter; read-only (requests to the same collection path share it). */
  info?: RequestInfo;
  /** Set by the Authentication filter; read-only (requests with the same credential share it). */
  user?: UserInfo;
  /** Present for requests that may stream (watch). */
  readonly sink?: WatchSink;
  /** Set by a handler that opened a watch, so the client (or a restart) can close it. */
  openedWatch?: { close(): void };
  /** Set by ownedResponse: a response body made for this request alone, which the client may have without a copy. */
  ownedBody?: object;
  /** Records the trace `request` entry once (the audit filter calls it, or the server before replying). */
  noteRequest(): void;
}

/** Handler serves a request synchronously; streaming happens later through `sink`. */
export type Handler = (request: ApiRequest) => HttpResponse;

/**
 * parseQuery decodes `a=b&c=d` (`+` is a space, as in form encoding). A repeated parameter keeps its
 * first value: the server decodes every single-valued parameter from the first (`?watch=false&watch=true` lists).
 */
export function parseQuery(query: string): Record<string, string> {
  const params: Record<string, string> = {};
  if (query === '') return params;
  for (const part of query.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const key = decodeQueryComponent(eq < 0 ? part : part.slice(0, eq));
    if (!Object.prototype.hasOwnProperty.call(params, key)) params[key] = eq < 0 ? '' : decodeQueryComponent(part.slice(eq + 1));
  }
  return params;
}

/** decodeQueryComponent decodes one key or value of a query (`+` is a space); a bad escape throws a URIError. */
export function decodeQueryComponent(text: string): string {
  return decodeURIComponent(text.replace(/\+/g, ' '));
}

/**
 * ownedResponse is jsonResponse for a body made for this response alone — decoded from etcd for
 * it, or the object this request just wrote — that nothing in the server keeps: the server may
 * hand it to the client without the defensive deep copy every other response gets. The request
 * remembers the body (ApiRequest.ownedBody); a client that shares results gets no copy anyway.
 */
export function ownedResponse(request: ApiRequest, code: number, body: object): HttpResponse {
  // A written object handed to the watch cache is shared: it still needs a copy.
  if (!request.sharedResults && !isShared(body)) request.ownedBody = body;
  return jsonResponse(code, body);
}

/**
 * JSON_HEADERS are the headers of every JSON response: one frozen object, as a response's headers
 * are read, never written, by the control plane's own clients. A client that may change what it
 * receives gets a copy of its own (KubeApiServer.reply).
 */
const JSON_HEADERS: Readonly<Record<string, string>> = Object.freeze({ 'content-type': 'application/json' });

/** jsonResponse wraps a body with the JSON content type every API response has. */
export function jsonResponse(code: number, body: unknown): HttpResponse {
  return { code, headers: JSON_HEADERS as Record<string, string>, body };
}
