import { describe, expect, it } from 'vitest';
import { call, newTestApiServer } from '../apiserver/test-support';
import type { RawResponse } from './http';
import { formatCurlRequest, formatCurlResponse, HttpCallError, httpRequest } from './http';

function send(method: string, path: string, body?: unknown, contentType?: string) {
  const t = newTestApiServer();
  const client = t.client('curl');
  const run = (m: string, p: string, b?: unknown, ct?: string): RawResponse => {
    let response: RawResponse | undefined;
    httpRequest(client, m, p, b, ct, (r) => (response = r));
    t.loop.runUntil(() => response !== undefined);
    if (!response) throw new Error('no response');
    return response;
  };
  return { t, run, first: run(method, path, body, contentType) };
}

describe('httpRequest', () => {
  it('creates a pod with a raw POST of JSON text and reads it back', () => {
    const pod = '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"raw"},"spec":{"containers":[{"name":"c","image":"nginx"}]}}';
    const { t, run, first } = send('POST', '/api/v1/namespaces/default/pods', pod);
    expect(first.code).toBe(201);
    expect((first.body as { metadata: { name: string; uid: string } }).metadata.name).toBe('raw');
    const got = run('GET', '/api/v1/namespaces/default/pods/raw');
    expect(got.code).toBe(200);
    const request = t.trace.entries.find((e) => e.kind === 'request' && e.from === 'curl');
    expect(request).toMatchObject({ method: 'POST', path: '/api/v1/namespaces/default/pods' });
    expect(call(t.loop, (cb) => t.client().get({ resource: 'pods', namespace: 'default', name: 'raw' }, cb)).ok).toBe(true);
  });

  it('accepts YAML bodies and merge patches, and returns Status bodies for errors', () => {
    const { run, first } = send('POST', '/api/v1/namespaces/default/pods', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: y\nspec:\n  containers:\n  - name: c\n    image: nginx\n', 'application/yaml');
    expect(first.code).toBe(201);
    const patched = run('PATCH', '/api/v1/namespaces/default/pods/y', { metadata: { labels: { a: 'b' } } });
    expect((patched.body as { metadata: { labels: Record<string, string> } }).metadata.labels).toEqual({ a: 'b' });
    const missing = run('GET', '/api/v1/namespaces/default/pods/nope');
    expect(missing.code).toBe(404);
    expect(missing.body).toMatchObject({ kind: 'Status', reason: 'NotFound', message: 'pods "nope" not found' });
  });

  it('refuses requests it cannot send', () => {
    const t = newTestApiServer();
    expect(() => httpRequest(t.client(), 'FETCH', '/api', undefined, undefined, () => {})).toThrow(HttpCallError);
    expect(() => httpRequest(t.client(), 'POST', '/api/v1/namespaces/default/pods', '{not json', undefined, () => {})).toThrow(/not valid JSON/);
    expect(() => httpRequest(t.client(), 'GET', 'api', undefined, undefined, () => {})).toThrow(/must start with "\/"/);
  });
});

describe('curl-style formatting', () => {
  it('prints a response like curl -i and a request like curl -v', () => {
    expect(formatCurlResponse({ code: 404, headers: { 'Content-Type': 'application/json' }, body: { kind: 'Status', code: 404 } })).toBe(
      'HTTP/2 404 \ncontent-type: application/json\n\n{\n  "kind": "Status",\n  "code": 404\n}\n',
    );
    expect(formatCurlRequest('post', '/api/v1/namespaces/default/pods', { token: 't0k', body: { kind: 'Pod' } })).toBe(
      '> POST /api/v1/namespaces/default/pods HTTP/2\n> Host: 127.0.0.1:6443\n> User-Agent: curl/8.5.0\n> Accept: application/json\n> Authorization: Bearer t0k\n> Content-Type: application/json\n>\n{"kind":"Pod"}\n',
    );
  });
});
