/**
 * Raw HTTP-style calls to kube-apiserver, for the chapter that sends "a POST request directly"
 * instead of using kubectl: `httpRequest(client, 'POST', '/api/v1/namespaces/default/pods', body)`.
 * The request goes through the same Transport (and shows up in the trace) with the client's
 * credentials. formatCurlResponse renders the answer as `curl -i` shows it, and
 * formatCurlRequest the request as `curl -v` shows what it sent.
 */
import type { ApiClient, HttpRequest, HttpResponse } from '../api/client';
import { parseYamlDocuments } from './yaml';

/** HttpMethod is one of the verbs the API server serves. */
export type HttpMethod = HttpRequest['method'];

/** RawResponse is what a raw call returns: status code, headers and the decoded body. */
export type RawResponse = HttpResponse;

/** HttpCallError is a request the client cannot even send (unknown method, body not JSON/YAML). */
export class HttpCallError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HttpCallError';
  }
}

const METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** defaultContentType is what a raw call labels its body with when no content type is given. */
function defaultContentType(method: HttpMethod): string {
  return method === 'PATCH' ? 'application/merge-patch+json' : 'application/json';
}

/**
 * decodeBody turns the body argument into what travels over the Transport: objects pass as they
 * are, strings are parsed as JSON (or YAML for a YAML content type), as the server would decode
 * the bytes it received.
 */
function decodeBody(body: unknown, contentType: string): unknown {
  if (typeof body !== 'string') return body;
  if (/yaml/.test(contentType)) {
    const documents = parseYamlDocuments(body);
    if (documents.length !== 1) throw new HttpCallError(`the body must hold exactly one YAML document, got ${documents.length}`);
    return documents[0];
  }
  try {
    return JSON.parse(body) as unknown;
  } catch (error) {
    throw new HttpCallError(`the body is not valid JSON: ${(error as Error).message}`);
  }
}

/**
 * httpRequest sends `METHOD path` with an optional body (an object, or JSON/YAML text) and
 * content type, using the client's credentials, and calls done with the response.
 */
export function httpRequest(client: ApiClient, method: string, path: string, body: unknown, contentType: string | undefined, done: (response: RawResponse) => void): void {
  const verb = method.toUpperCase() as HttpMethod;
  if (!METHODS.includes(verb)) throw new HttpCallError(`unsupported method ${JSON.stringify(method)}: use one of ${METHODS.join(', ')}`);
  if (!path.startsWith('/')) throw new HttpCallError(`the path must start with "/", got ${JSON.stringify(path)}`);
  const headers: Record<string, string> = { accept: 'application/json' };
  const request: Omit<HttpRequest, 'headers'> & { headers: Record<string, string> } = { method: verb, path, headers };
  if (body !== undefined) {
    const type = contentType ?? defaultContentType(verb);
    headers['content-type'] = type;
    request.body = decodeBody(body, type);
  }
  client.request(request, done);
}

/** formatCurlResponse renders a response as `curl -i` prints it (HTTP/2 status line, headers, pretty JSON). */
export function formatCurlResponse(response: RawResponse): string {
  const lines = [`HTTP/2 ${response.code} `];
  for (const [name, value] of Object.entries(response.headers)) lines.push(`${name.toLowerCase()}: ${value}`);
  const body = typeof response.body === 'string' ? response.body : JSON.stringify(response.body, null, 2);
  return lines.join('\n') + '\n\n' + (body ?? '') + '\n';
}

/** formatCurlRequest renders what was sent as `curl -v` shows it (`> ` lines), for a given server address. */
export function formatCurlRequest(method: string, path: string, options: { server?: string; token?: string; contentType?: string; body?: unknown } = {}): string {
  const lines = [`> ${method.toUpperCase()} ${path} HTTP/2`, `> Host: ${options.server ?? '127.0.0.1:6443'}`, '> User-Agent: curl/8.5.0', '> Accept: application/json'];
  if (options.token) lines.push(`> Authorization: Bearer ${options.token}`);
  if (options.body !== undefined) lines.push(`> Content-Type: ${options.contentType ?? 'application/json'}`);
  lines.push('>');
  let text = lines.join('\n') + '\n';
  if (options.body !== undefined) text += (typeof options.body === 'string' ? options.body : JSON.stringify(options.body)) + '\n';
  return text;
}
