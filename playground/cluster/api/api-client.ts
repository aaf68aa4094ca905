/**
 * createApiClient builds the typed, callback-style ApiClient over a Transport: each call becomes
 * the HTTP request a client-go clientset would send (real paths, query strings, patch content
 * types, `Authorization: Bearer` or a client certificate), and each response a Result.
 */
import type { ApiClient, Callback, ClientCertificate, HttpRequest, HttpResponse, PatchType, Result, SendOptions, Transport } from './client';
import { ignoreResult, PATCH_CONTENT_TYPES } from './client';
import { createPath, listQuery, resourcePath } from './paths';
import { internalError, isStatus } from './status';
import { handOverRequest, shortCertificateCopy } from './transport';
import type { ApiWatchEvent, KubeObject } from './types';

/** Credentials a client presents: a bearer token and/or a client certificate. */
export interface ClientCredentials {
  token?: string;
  clientCertificate?: ClientCertificate;
}

function toResult<T>(response: HttpResponse): Result<T> {
  if (response.code >= 200 && response.code < 300) return { ok: true, code: response.code, value: response.body as T };
  const status = isStatus(response.body) ? response.body : internalError(`unexpected response ${response.code}: ${JSON.stringify(response.body)}`);
  return { ok: false, code: response.code, status };
}

/** The frozen headers of a call without a body, for every client without a token. */
const NO_TOKEN_NO_BODY_HEADERS: Readonly<Record<string, string>> = Object.freeze({ accept: 'application/json' });

/** The frozen headers of a call with a body, by content type, for every client without a token (filled as they are asked for). */
const NO_TOKEN_BODY_HEADERS: Record<string, Readonly<Record<string, string>>> = {};

export function createApiClient(transport: Transport, participant: string, credentials: ClientCredentials = {}, sendOptions: SendOptions = {}): ApiClient {
  const authorization = credentials.token ? `Bearer ${credentials.token}` : undefined;
  // Headers in kubectl's order: accept, then the body's content type or the caller's own, then authorization.
  const headers = (contentType?: string, extra?: Record<string, string>): Record<string, string> => {
    const all: Record<string, string> = extra ? { accept: 'application/json', ...extra } : { accept: 'application/json' };
    if (contentType !== undefined) all['content-type'] = contentType;
    if (authorization) all.authorization = authorization;
    return all;
  };
  // The headers of the client's own calls, built once per content type and frozen: every request
  // starts from the same object, and the transport may put it on the wire as it is. Without a
  // token they are the same for every client (each component presents a certificate instead):
  // those are shared, rather than kept per client (a kubelet's would be five objects per node).
  const shared = authorization === undefined;
  const noBodyHeaders = shared ? NO_TOKEN_NO_BODY_HEADERS : Object.freeze(headers());
  const bodyHeaders: Record<string, Readonly<Record<string, string>>> = shared ? NO_TOKEN_BODY_HEADERS : {};
  const headersFor = (contentType: string) => (bodyHeaders[contentType] ??= Object.freeze(headers(contentType)));
  // JSON bodies (every create and update: the Events above all) take theirs without the lookup call.
  const jsonBodyHeaders = headersFor('application/json');
  const send = (request: HttpRequest, onResponse: (response: HttpResponse) => void) =>
    transport.send(participant, credentials.clientCertificate ? { ...request, clientCertificate: credentials.clientCertificate } : request, onResponse, undefined, sendOptions);
  // The organizations of the certificate as last presented when it named one or none (as nearly
  // every certificate does: a kubelet's system:nodes), frozen. Each call's certificate is a copy of
  // its own, but while the certificate names the same organization the copies share this list,
  // which nothing can change: one object per call instead of two, and the server tells the list it
  // remembered by identity (RememberedAuthenticator).
  let organizationsSent: readonly string[] | undefined;
  const certificateCopy = (certificate: ClientCertificate): ClientCertificate => {
    const organizations = certificate.organizations;
    const sent = organizationsSent;
    if (sent !== undefined && Array.isArray(organizations) && organizations.length === sent.length && (sent.length === 0 || organizations[0] === sent[0])) {
      return { commonName: certificate.commonName, organizations: sent as string[] };
    }
    const copy = shortCertificateCopy(certificate);
    if (copy === undefined) return { commonName: certificate.commonName, organizations: [...certificate.organizations] };
    organizationsSent = Object.freeze(copy.organizations);
    return copy;
  };
  const call = <T>(method: HttpRequest['method'], path: string, body: unknown, cb: Callback<T>, contentType?: string) => {
    const callHeaders = body === undefined ? noBodyHeaders : contentType === undefined ? jsonBodyHeaders : headersFor(contentType);
    const request: HttpRequest = { method, path, headers: callHeaders as Record<string, string> };
    if (body !== undefined) request.body = body;
    // The certificate as it is now (a reader may change or replace it after making the client),
    // copied: the request is handed over, so the transport copies nothing.
    const certificate = credentials.clientCertificate;
    if (certificate) request.clientCertificate = certificateCopy(certificate);
    // Built for this call, its headers frozen and its certificate its own: the transport may put it on the wire without a copy.
    transport.send(participant, handOverRequest(request), cb === ignoreResult ? ignoreResult : (response) => cb(toResult<T>(response)), undefined, sendOptions);
  };

  return {
    participant,
    get: (ref, cb) => call('GET', resourcePath(ref), undefined, cb),
    list: (ref, options, cb) => call('GET', resourcePath(ref) + listQuery(options, false), undefined, cb),
    create: (ref, object, cb) => call('POST', createPath(ref), object, cb),
    update: (ref, object, cb) => call('PUT', resourcePath(ref), object, cb),
    patch: (ref, patch, type: PatchType, cb) => call('PATCH', resourcePath(ref), patch, cb, PATCH_CONTENT_TYPES[type]),
    delete: (ref, options, cb) => call('DELETE', resourcePath(ref), options, cb),
    watch<T extends KubeObject>(ref: Parameters<ApiClient['watch']>[0], options: Parameters<ApiClient['watch']>[1], onEvent: (event: ApiWatchEvent<T>) => void, onClose?: () => void) {
      let closed = false;
      const finish = () => {
        if (closed) return;
        closed = true;
        onClose?.();
      };
      const request: HttpRequest = { method: 'GET', path: resourcePath(ref) + listQuery(options, true), headers: noBodyHeaders as Record<string, string> };
      const handle = transport.send(
        participant,
        credentials.clientCertificate ? { ...request, clientCertificate: credentials.clientCertificate } : request,
        (response) => {
          // A refused watch (401, 403, 400…) arrives as a response, not as an event: surface it as ERROR.
          if (response.code !== 200 && isStatus(response.body)) onEvent({ type: 'ERROR', object: response.body });
        },
        // Events go to onEvent as they are, without a wrapper call each: a transport delivers none
        // after the stream's end (onClose), which is when `closed` is set.
        { onWatchEvent: onEvent as (event: ApiWatchEvent) => void, onClose: finish },
        sendOptions,
      );
      return {
        stop: () => {
          handle.close();
          finish();
        },
      };
    },
    request: (request, cb) => send({ ...request, headers: headers(undefined, request.headers) }, cb),
  };
}
