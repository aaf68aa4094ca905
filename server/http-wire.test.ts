/**
 * The local endpoint's HTTP behaviour, request by request with Node's https client: content
 * negotiation (aggregated discovery, Table), OpenAPI v3, watch streams, and the refusals a real
 * server makes in its HTTP layer (untrusted certificate, bad body, unknown media type).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printerFor } from '../playground/cluster/clients/printers/columns';
import { createCertificateAuthority, type PemPair } from './certs';
import { aggregatedDiscoveryMediaType } from './discovery';
import { contentLengthOf } from './wire';
import { startTestServer, type TestServer } from './test-support';

let server: TestServer;
let admin: PemPair;

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.issueClientCertificate('kubernetes-admin', ['system:masters']);
});
afterAll(() => server?.stop());

interface Reply {
  code: number;
  headers: IncomingHttpHeaders;
  contentType: string;
  text: string;
  json: () => any;
}

function call(method: string, path: string, options: { headers?: Record<string, string>; body?: string; identity?: PemPair | null } = {}): Promise<Reply> {
  const identity = options.identity === undefined ? admin : options.identity;
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      `${server.url}${path}`,
      { method, ca: server.caPem, headers: options.headers, ...(identity ? { cert: identity.cert, key: identity.key } : {}) },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ code: res.statusCode ?? 0, headers: res.headers, contentType: String(res.headers['content-type'] ?? ''), text, json: () => JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const A_DISC = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';
const A_TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

describe('local endpoint over HTTPS', () => {
  it('serves aggregated discovery with its exact content type, and legacy discovery to plain JSON clients', async () => {
    const aggregated = await call('GET', '/api?timeout=32s', { headers: { accept: A_DISC } });
    expect(aggregated.contentType).toBe(aggregatedDiscoveryMediaType('v2'));
    const pods = aggregated.json().items[0].versions[0].resources.find((r: { resource: string }) => r.resource === 'pods');
    expect(pods).toMatchObject({ scope: 'Namespaced', shortNames: ['po'], responseKind: { group: '', version: 'v1', kind: 'Pod' } });
    expect(pods.subresources.map((s: { subresource: string }) => s.subresource)).toEqual(['binding', 'status']);
    const groups = await call('GET', '/apis', { headers: { accept: A_DISC } });
    expect(groups.json().items.map((g: { metadata: { name: string } }) => g.metadata.name)).toContain('apps');

    const legacy = await call('GET', '/api', { headers: { accept: 'application/json' } });
    expect(legacy.json()).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
  });

  it('serves OpenAPI v3 that lets kubectl hand validation to the server', async () => {
    const index = await call('GET', '/openapi/v3?timeout=32s');
    const url: string = index.json().paths['api/v1'].serverRelativeURL;
    expect(url).toMatch(/^\/openapi\/v3\/api\/v1\?hash=[0-9A-F]+$/);
    const document = (await call('GET', url)).json();
    const patch = document.paths['/api/v1/namespaces/{namespace}/pods/{name}'].patch;
    expect(patch['x-kubernetes-group-version-kind']).toEqual({ group: '', version: 'v1', kind: 'Pod' });
    expect(patch.parameters.map((p: { name: string }) => p.name)).toContain('fieldValidation');
    expect((await call('GET', '/openapi/v3/apis/nope/v1')).code).toBe(404);
    expect((await call('GET', '/openapi/v3', { identity: null, headers: { authorization: 'Bearer wrong' } })).code).toBe(401);
  });

  it('answers a Table with the printer columns when asked, wide ones at priority 1', async () => {
    const table = (await call('GET', '/api/v1/nodes?limit=500', { headers: { accept: A_TABLE } })).json();
    expect(table.kind).toBe('Table');
    expect(table.metadata.resourceVersion).toMatch(/^\d+$/);
    const printer = printerFor('nodes');
    expect(table.columnDefinitions.map((c: { name: string }) => c.name.toUpperCase())).toEqual(printer.columns(true));
    expect(table.columnDefinitions.map((c: { priority: number }) => c.priority)).toEqual(printer.columns(true).map((h) => (printer.columns(false).includes(h) ? 0 : 1)));
    expect(table.rows.map((r: { cells: string[] }) => r.cells.slice(0, 2))).toEqual([
      ['node-1', 'Ready'],
      ['node-2', 'Ready'],
    ]);
    expect(table.rows[0].object).toMatchObject({ kind: 'PartialObjectMetadata', metadata: { name: 'node-1' } });
    const plain = (await call('GET', '/api/v1/nodes', { headers: { accept: 'application/json' } })).json();
    expect(plain.kind).toBe('NodeList');
  });

  it('streams a watch as JSON lines and ends it after timeoutSeconds', async () => {
    const started = Date.now();
    const reply = await call('GET', '/api/v1/nodes?watch=true&timeoutSeconds=1');
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    const events = reply.text.trim().split('\n').map((line) => JSON.parse(line));
    expect(events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED node-1', 'ADDED node-2']);
  });

  it('refuses what a real server refuses before its handlers', async () => {
    const strangerCa = await createCertificateAuthority('someone-else');
    const forged = await strangerCa.issueClient('kubernetes-admin', ['system:masters']);
    const untrusted = await call('GET', '/api/v1/nodes', { identity: forged });
    expect(untrusted.code).toBe(401);
    expect(untrusted.json()).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });

    const badToken = await call('GET', '/api/v1/nodes', { identity: null, headers: { authorization: 'Bearer nope' } });
    expect(badToken.json()).toMatchObject({ reason: 'Unauthorized', message: 'Unauthorized', code: 401 });

    const badJson = await call('POST', '/api/v1/namespaces/default/pods', { headers: { 'content-type': 'application/json' }, body: '{"kind":' });
    expect(badJson.code).toBe(400);
    expect(badJson.json().message).toMatch(/^couldn't get version\/kind; json parse error: /);

    const protobufOnly = await call('GET', '/api/v1/nodes', { headers: { accept: 'application/vnd.kubernetes.protobuf' } });
    expect(protobufOnly.code).toBe(406);
  });

  it('impersonates for callers allowed to, and runs the request as the impersonated user', async () => {
    const asJane = await call('GET', '/api/v1/namespaces/default/pods', { headers: { 'impersonate-user': 'jane', 'impersonate-group': 'developers' } });
    expect(asJane.code).toBe(403);
    expect(asJane.json().message).toBe('pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "default"');

    const jane = await server.issueClientCertificate('jane');
    const escalation = await call('GET', '/api/v1/nodes', { identity: jane, headers: { 'impersonate-user': 'kubernetes-admin', 'impersonate-group': 'system:masters' } });
    expect(escalation.code).toBe(403);
    expect(escalation.json().message).toBe('users "kubernetes-admin" is forbidden: User "jane" cannot impersonate resource "users" in API group "" at the cluster scope');
  });

  it('answers health checks and /version without credentials, as kube-apiserver does', async () => {
    const health = await call('GET', '/healthz', { identity: null });
    expect([health.code, health.text]).toEqual([200, 'ok']);
    expect((await call('GET', '/version', { identity: null })).json()).toMatchObject({ major: '1', minor: '32' });
  });

  it('hands every method to the apiserver, which answers one it has no route for as kube-apiserver does', async () => {
    // go-restful finds no OPTIONS route for pods: its 405, as the server's serviceErrorHandler writes it.
    const options = await call('OPTIONS', '/api/v1/namespaces/default/pods');
    expect([options.code, options.contentType]).toEqual([405, 'application/json']);
    expect(options.json()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'the server does not allow this method on the requested resource',
      reason: 'MethodNotAllowed',
      details: {},
      code: 405,
    });
    // The health checks and kube-aggregator's group handler never look at the method.
    const health = await call('OPTIONS', '/healthz');
    expect([health.code, health.text]).toEqual([200, 'ok']);
    const group = await call('PROPFIND', '/apis/apps');
    expect([group.code, group.json().kind, group.json().name]).toEqual([200, 'APIGroup', 'apps']);
    // No handler of such a method reads the body: one that cannot be decoded changes nothing.
    const withBody = await call('OPTIONS', '/api/v1/namespaces/default/pods', { headers: { 'content-type': 'text/csv', 'content-length': '3' }, body: 'a,b' });
    expect([withBody.code, withBody.json().reason]).toEqual([405, 'MethodNotAllowed']);
  });

  it('frames answers as Go\'s net/http does: a Content-Length up to 2 KiB, chunked beyond, the handler\'s headers, no body after HEAD', async () => {
    const health = await call('GET', '/healthz', { identity: null });
    expect([health.headers['content-length'], health.headers['transfer-encoding'], health.headers['x-content-type-options']]).toEqual(['2', undefined, 'nosniff']);
    const nodes = await call('GET', '/api/v1/nodes', { headers: { accept: 'application/json' } });
    expect(Buffer.byteLength(nodes.text)).toBeGreaterThan(2048);
    expect([nodes.headers['content-length'], nodes.headers['transfer-encoding']]).toEqual([undefined, 'chunked']);
    expect(nodes.json().kind).toBe('NodeList');

    // HEAD: the answer's status and headers, never a body (nor chunked framing for one).
    // Its Content-Length is the length of what the handler wrote for the HEAD: `ok`, the 405 Status.
    const head = await call('HEAD', '/healthz');
    expect([head.code, head.text, head.contentType, head.headers['x-content-type-options'], head.headers['content-length'], head.headers['transfer-encoding']]).toEqual([200, '', 'text/plain; charset=utf-8', 'nosniff', '2', undefined]);
    const headPods = await call('HEAD', '/api/v1/namespaces/default/pods');
    const options = await call('OPTIONS', '/api/v1/namespaces/default/pods');
    expect([headPods.code, headPods.text, headPods.contentType, headPods.headers['content-length']]).toEqual([405, '', 'application/json', String(Buffer.byteLength(options.text))]);
    // A HEAD refused here, whose Status the wire writes itself, gets that Status's length, as Go gives it.
    const forged = await (await createCertificateAuthority('someone-else')).issueClient('kubernetes-admin', ['system:masters']);
    const refused = await call('HEAD', '/api/v1/nodes', { identity: forged });
    const status = `${JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 })}\n`;
    expect([refused.code, refused.text, refused.headers['content-length']]).toEqual([401, '', String(Buffer.byteLength(status))]);
  });
});

describe('contentLengthOf, the Content-Length Go\'s net/http computes for a handler that set none', () => {
  it('is the body\'s length up to the 2048-byte buffer, none beyond, none for 1xx/204/304 or an empty answer to HEAD', () => {
    expect([contentLengthOf('GET', 200, 0), contentLengthOf('GET', 404, 2048), contentLengthOf('GET', 200, 2049)]).toEqual([0, 2048, undefined]);
    expect([contentLengthOf('HEAD', 200, 2), contentLengthOf('HEAD', 200, 0), contentLengthOf('HEAD', 405, 2049)]).toEqual([2, undefined, undefined]);
    expect([contentLengthOf('GET', 204, 0), contentLengthOf('GET', 304, 0), contentLengthOf('GET', 101, 0)]).toEqual([undefined, undefined, undefined]);
  });
});
