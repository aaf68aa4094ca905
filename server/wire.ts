/**
 * The HTTP side of the local endpoint: reading a Node request into the mini apiserver's
 * HttpRequest (method, path with query, lower-case headers, parsed body, the TLS client
 * certificate's CN/O) and writing an HttpResponse back as JSON, with the framing Go's net/http
 * gives kube-apiserver's answers (Content-Length or chunked, nothing after a HEAD).
 */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { parse as parseYaml } from 'yaml';
import type { ClientCertificate, HttpRequest, HttpResponse } from '../playground/cluster/api/client';
import { badRequest, unsupportedMediaType } from '../playground/cluster/api/status';
import type { Status } from '../playground/cluster/api/types';
import { decodeKubernetesProtobuf, isKubernetesProtobuf, ProtobufError } from './protobuf';

/** MAX_BODY_BYTES is the largest request body accepted (the real server's limit is 3 MiB). */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

/**
 * BODY_METHODS are the methods whose bodies are decoded here: the five the cluster's own clients
 * send (a DELETE may carry DeleteOptions). kube-apiserver takes any method name: RequestInfo and
 * the filters run first, then the handler (go-restful answers a method it has no route for 405,
 * the health checks and /apis answer every method), and no handler of another method (HEAD,
 * OPTIONS, ...) reads the body, so one that cannot be decoded is no reason to refuse the request.
 */
const BODY_METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * GO_BUFFERED_BYTES is net/http's bufferBeforeChunkingSize: a handler that returns having written at
 * most this much gets a Content-Length computed for it; a longer body is on its way before the
 * handler is done, so it goes out chunked (no Content-Length).
 */
const GO_BUFFERED_BYTES = 2048;

const JSON_TYPES = new Set(['application/json', 'application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/json-patch+json', 'application/apply-patch+json']);
const YAML_TYPES = new Set(['application/yaml', 'application/apply-patch+yaml']);

/** WireError is a request refused before it reaches the apiserver, with the Status to answer. */
export class WireError extends Error {
  constructor(
    readonly code: number,
    readonly status: Status,
  ) {
    super(status.message);
    this.name = 'WireError';
  }
}

function failure(code: number, reason: string, message: string): Status {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
}

/** PeerIdentity is what the TLS handshake says about the client. */
export type PeerIdentity = { kind: 'none' } | { kind: 'trusted'; certificate: ClientCertificate } | { kind: 'untrusted'; reason: string };

const asList = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** peerIdentity reads the client certificate: trusted only when it chains to the cluster CA. */
export function peerIdentity(socket: IncomingMessage['socket']): PeerIdentity {
  const tls = socket as TLSSocket;
  if (typeof tls.getPeerCertificate !== 'function') return { kind: 'none' };
  const cert = tls.getPeerCertificate();
  if (!cert || Object.keys(cert).length === 0) return { kind: 'none' };
  if (!tls.authorized) return { kind: 'untrusted', reason: String(tls.authorizationError ?? 'certificate not trusted') };
  const subject = cert.subject as unknown as Record<string, string | string[] | undefined>;
  return { kind: 'trusted', certificate: { commonName: asList(subject.CN)[0] ?? '', organizations: asList(subject.O) } };
}

/** readBody collects the request body, refusing more than `limit` bytes with 413. */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new WireError(413, failure(413, 'RequestEntityTooLarge', `the request body is larger than ${limit} bytes`)));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** unsupportedBody is the 415 for a body the server cannot decode; a PATCH lists the patch types instead. */
function unsupportedBody(method: string): WireError {
  if (method === 'PATCH') return new WireError(415, unsupportedMediaType());
  return new WireError(415, failure(415, 'UnsupportedMediaType', 'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml'));
}

/** parseBody decodes a body by its Content-Type: JSON, or YAML for apply patches and application/yaml. */
export function parseBody(method: string, contentTypeHeader: string | undefined, raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  const contentType = (contentTypeHeader ?? 'application/json').split(';')[0].trim().toLowerCase();
  if (isKubernetesProtobuf(contentType) && method !== 'PATCH') {
    try {
      return decodeKubernetesProtobuf(raw);
    } catch (error) {
      if (!(error instanceof ProtobufError)) throw error;
      if (error.unsupported) throw new WireError(415, failure(415, 'UnsupportedMediaType', error.message));
      throw new WireError(400, badRequest(`unable to decode the protobuf body: ${error.message}`));
    }
  }
  const text = raw.toString('utf8');
  if (JSON_TYPES.has(contentType)) {
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new WireError(400, badRequest(`couldn't get version/kind; json parse error: ${(error as Error).message}`));
    }
  }
  if (YAML_TYPES.has(contentType)) {
    try {
      return parseYaml(text);
    } catch (error) {
      throw new WireError(400, badRequest(`error converting YAML to JSON: ${(error as Error).message}`));
    }
  }
  throw unsupportedBody(method);
}

/** toHttpRequest builds the apiserver's HttpRequest from a Node request and its body. */
export function toHttpRequest(req: IncomingMessage, raw: Buffer, certificate: ClientCertificate | undefined): HttpRequest {
  // Every method goes to the apiserver, which answers the ones it has no route for as
  // kube-apiserver does. Node's parser already refused a name it does not know (400), where Go
  // takes any token; the type lists the five the cluster's own clients send.
  const method = req.method ?? 'GET';
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  const request: HttpRequest = { method: method as HttpRequest['method'], path: req.url ?? '/', headers };
  const body = BODY_METHODS.has(method) ? parseBody(method, headers['content-type'], raw) : undefined;
  if (body !== undefined) request.body = body;
  if (certificate) request.clientCertificate = certificate;
  return request;
}

/** participantOf names the caller in the trace after its User-Agent product (`kubectl/v1.32…` → kubectl). */
export function participantOf(userAgent: string | undefined): string {
  const product = (userAgent ?? '').split(/[\s/]/)[0].replace(/[^\w.-]/g, '');
  return product || 'client';
}

/**
 * contentLengthOf is the Content-Length Go's net/http gives a response whose handler wrote `bytes`
 * and set none (chunkWriter.writeHeader): the body's length if it fitted in the response buffer,
 * none for a longer body (sent chunked), for 1xx/204/304, or for a HEAD the handler wrote nothing
 * to (Go cannot tell "empty" from "skipped because it is HEAD"). A HEAD whose handler wrote its
 * body gets that body's length, though none of it is sent.
 */
export function contentLengthOf(method: string, code: number, bytes: number): number | undefined {
  if (bytes > GO_BUFFERED_BYTES || code < 200 || code === 204 || code === 304) return undefined;
  if (method === 'HEAD' && bytes === 0) return undefined;
  return bytes;
}

/**
 * writeResponse sends an HttpResponse with the apiserver's headers: object bodies as JSON, strings
 * as they are, no body at all when there is none. A response to HEAD comes with the body its
 * handler wrote, which gives its Content-Length; Node, like Go's server, sends none of it.
 */
export function writeResponse(res: ServerResponse, response: HttpResponse, contentType?: string): void {
  const body = response.body;
  const payload = body === undefined ? '' : typeof body === 'string' ? body : `${JSON.stringify(body)}\n`;
  const headers: OutgoingHttpHeaders = {
    ...response.headers,
    'content-type': contentType ?? response.headers['content-type'] ?? (typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json'),
    'cache-control': 'no-cache, private',
  };
  const length = contentLengthOf(res.req?.method ?? 'GET', response.code, Buffer.byteLength(payload));
  if (length !== undefined) headers['content-length'] = length;
  res.writeHead(response.code, headers);
  res.end(payload);
}

/** writeStatus answers with a Status body. */
export function writeStatus(res: ServerResponse, code: number, status: Status): void {
  writeResponse(res, { code, headers: { 'content-type': 'application/json' }, body: status });
}

/** statusOf is a Failure Status with the given code, reason and message. */
export const statusOf = failure;
