import { describe, expect, it } from 'vitest';
import type { List, Pod, Status } from '../api/types';
import { call, expectOk, newTestApiServer, pod } from './test-support';

function failure(result: { ok: boolean; status?: Status }): Status {
  if (result.ok) throw new Error('expected a failure');
  return result.status!;
}

const ns = { resource: 'pods', namespace: 'default' };

describe('validation (422)', () => {
  it('names the missing field, with causes', () => {
    const t = newTestApiServer();
    const result = call(t.loop, (cb) => t.client().create(ns, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'broken' }, spec: {} }, cb));
    expect(result.code).toBe(422);
    expect(failure(result)).toEqual({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Pod "broken" is invalid: spec.containers: Required value', reason: 'Invalid',
      details: { name: 'broken', kind: 'Pod', causes: [{ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.containers' }] }, code: 422,
    });
  });

  it('lists several errors in brackets, with RFC 1123 wording', () => {
    const t = newTestApiServer(['--disable-admission-plugins=ServiceAccount']);
    const bad = pod('Bad_Name', { spec: { containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 70000 }] }, { name: 'web' }] } });
    const status = failure(call(t.loop, (cb) => t.client().create(ns, bad, cb)));
    expect(status.message).toBe(
      'Pod "Bad_Name" is invalid: [metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\'), spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive, spec.containers[1].name: Duplicate value: "web", spec.containers[1].image: Required value]',
    );
    expect(status.details?.causes?.map((c) => `${c.reason} ${c.field}`)).toEqual([
      'FieldValueInvalid metadata.name',
      'FieldValueInvalid spec.containers[0].ports[0].containerPort',
      'FieldValueDuplicate spec.containers[1].name',
      'FieldValueRequired spec.containers[1].image',
    ]);
  });

  it('forbids pod spec changes other than images', () => {
    const t = newTestApiServer();
    const created = expectOk(call<Pod>(t.loop, (cb) => t.client().create(ns, pod('web'), cb)));
    const moved = { ...created, spec: { ...created.spec, nodeName: 'node-9' } };
    const status = failure(call(t.loop, (cb) => t.client().update({ ...ns, name: 'web' }, moved, cb)));
    expect(status.message).toMatch(/^Pod "web" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers\[\*\].image`/);
    const newImage = { ...created, spec: { ...created.spec, containers: [{ ...created.spec.containers[0], image: 'nginx:1.28' }] } };
    expect(expectOk(call<Pod>(t.loop, (cb) => t.client().update({ ...ns, name: 'web' }, newImage, cb))).spec.containers[0].image).toBe('nginx:1.28');
  });
});

describe('storage semantics', () => {
  it('answers 409 AlreadyExists and supports generateName', () => {
    const t = newTestApiServer();
    expectOk(call(t.loop, (cb) => t.client().create(ns, pod('nginx'), cb)));
    const again = failure(call(t.loop, (cb) => t.client().create(ns, pod('nginx'), cb)));
    expect(again).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'pods "nginx" already exists', reason: 'AlreadyExists', details: { name: 'nginx', kind: 'pods' }, code: 409 });
    const generated = expectOk(call<Pod>(t.loop, (cb) => t.client().create(ns, { ...pod(''), metadata: { generateName: 'web-' } }, cb)));
    expect(generated.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it('rejects an update with a stale resourceVersion (optimistic concurrency)', () => {
    const t = newTestApiServer();
    const first = expectOk(call<Pod>(t.loop, (cb) => t.client().create(ns, pod('web'), cb)));
    const labelled = expectOk(call<Pod>(t.loop, (cb) => t.client().update({ ...ns, name: 'web' }, { ...first, metadata: { ...first.metadata, labels: { a: '1' } } }, cb)));
    expect(Number(labelled.metadata.resourceVersion)).toBeGreaterThan(Number(first.metadata.resourceVersion));
    const stale = call(t.loop, (cb) => t.client().update({ ...ns, name: 'web' }, { ...first, metadata: { ...first.metadata, labels: { b: '2' } } }, cb));
    expect(failure(stale)).toEqual({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
      message: 'Operation cannot be fulfilled on pods "web": the object has been modified; please apply your changes to the latest version and try again',
      reason: 'Conflict', details: { name: 'web', kind: 'pods' }, code: 409,
    });
  });

  it('skips the etcd write when an update changes nothing', () => {
    const t = newTestApiServer();
    const created = expectOk(call<Pod>(t.loop, (cb) => t.client().create(ns, pod('web'), cb)));
    const before = t.etcdServer.client('etcdctl').status().revision;
    const same = expectOk(call<Pod>(t.loop, (cb) => t.client().update({ ...ns, name: 'web' }, created, cb)));
    expect(same.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
    expect(t.etcdServer.client('etcdctl').status().revision).toBe(before);
  });

  it('deletes bound pods gracefully and unbound ones at once', () => {
    const t = newTestApiServer();
    const kubectl = t.client();
    expectOk(call(t.loop, (cb) => kubectl.create(ns, pod('pending'), cb)));
    expectOk(call(t.loop, (cb) => kubectl.create(ns, pod('running', { spec: { nodeName: 'node-1', terminationGracePeriodSeconds: 10, containers: [{ name: 'a', image: 'nginx' }] } }), cb)));
    expectOk(call(t.loop, (cb) => kubectl.delete({ ...ns, name: 'pending' }, {}, cb)));
    expect(call(t.loop, (cb) => kubectl.get({ ...ns, name: 'pending' }, cb)).code).toBe(404);
    const now = t.loop.now();
    const marked = expectOk(call<Pod | Status>(t.loop, (cb) => kubectl.delete({ ...ns, name: 'running' }, {}, cb))) as Pod;
    expect(marked.metadata.deletionGracePeriodSeconds).toBe(10);
    expect(Date.parse(marked.metadata.deletionTimestamp!) - Date.parse('2026-01-01T00:00:00Z')).toBe(Math.floor((now + 1 + 10_000) / 1000) * 1000);
    expect(call(t.loop, (cb) => kubectl.get({ ...ns, name: 'running' }, cb)).code).toBe(200);
    const gone = expectOk(call<Pod | Status>(t.loop, (cb) => kubectl.delete({ ...ns, name: 'running' }, { gracePeriodSeconds: 0 }, cb))) as Pod;
    expect(gone.metadata.name).toBe('running');
    expect(call(t.loop, (cb) => kubectl.get({ ...ns, name: 'running' }, cb)).code).toBe(404);
  });

  it('lists with label and field selectors and pages with limit/continue', () => {
    const t = newTestApiServer();
    const kubectl = t.client();
    const specs: [string, Record<string, string>, string | undefined][] = [
      ['a', { app: 'web', tier: 'front' }, 'node-1'],
      ['b', { app: 'web' }, 'node-2'],
      ['c', { app: 'db' }, undefined],
      ['d', {}, 'node-1'],
    ];
    for (const [name, labels, nodeName] of specs) {
      expectOk(call(t.loop, (cb) => kubectl.create(ns, pod(name, { metadata: { name, labels }, spec: { nodeName, containers: [{ name: 'x', image: 'nginx' }] } }), cb)));
    }
    const names = (options: Record<string, unknown>) => expectOk(call<List<Pod>>(t.loop, (cb) => kubectl.list(ns, options, cb))).items.map((p) => p.metadata.name);
    expect(names({ labelSelector: 'app=web' })).toEqual(['a', 'b']);
    expect(names({ labelSelector: 'app in (web,db),tier!=front' })).toEqual(['b', 'c']);
    expect(names({ labelSelector: '!app' })).toEqual(['d']);
    expect(names({ labelSelector: 'tier' })).toEqual(['a']);
    expect(names({ fieldSelector: 'spec.nodeName=node-1' })).toEqual(['a', 'd']);
    expect(names({ fieldSelector: 'spec.nodeName=' })).toEqual(['c']);
    expect(names({ fieldSelector: 'metadata.name!=a,spec.nodeName==node-1' })).toEqual(['d']);
    const page1 = expectOk(call<List<Pod>>(t.loop, (cb) => kubectl.list(ns, { limit: 3 }, cb)));
    expect(page1.items.map((p) => p.metadata.name)).toEqual(['a', 'b', 'c']);
    expect(page1.metadata.remainingItemCount).toBe(1);
    const page2 = expectOk(call<List<Pod>>(t.loop, (cb) => kubectl.list(ns, { limit: 3, continue: page1.metadata.continue }, cb)));
    expect(page2.items.map((p) => p.metadata.name)).toEqual(['d']);
    expect(page2.metadata.continue).toBeUndefined();
    expect(page2.metadata.resourceVersion).toBe(page1.metadata.resourceVersion);
    const bad = failure(call(t.loop, (cb) => kubectl.list(ns, { fieldSelector: 'spec.color=red' }, cb)));
    expect(bad).toMatchObject({ code: 400, reason: 'BadRequest', message: 'field label not supported: spec.color' });
  });

  it('gives events an etcd lease of --event-ttl', () => {
    const t = newTestApiServer(['--event-ttl=10m']);
    const event = { apiVersion: 'v1', kind: 'Event', metadata: { name: 'nginx.1' }, involvedObject: { kind: 'Pod', name: 'nginx', namespace: 'default' }, reason: 'Scheduled', message: 'ok', type: 'Normal' };
    expectOk(call(t.loop, (cb) => t.client().create({ resource: 'events', namespace: 'default' }, event, cb)));
    const etcd = t.etcdServer.client('etcdctl');
    const kv = etcd.range({ key: '/registry/events/default/nginx.1' }).kvs[0];
    expect(kv.lease).not.toBe(0);
    expect(etcd.leaseTimeToLive(kv.lease).grantedTtl).toBe(630);
  });

  it('answers 415 for an unknown patch type and 405 for a method no route takes (PUT on binding…)', () => {
    const t = newTestApiServer();
    expectOk(call(t.loop, (cb) => t.client().create(ns, pod('web'), cb)));
    const raw = (request: Parameters<ReturnType<typeof t.client>['request']>[0]) => {
      const box: { response?: { code: number; body: unknown } } = {};
      t.client().request(request, (r) => (box.response = r));
      t.loop.runUntil(() => box.response !== undefined);
      return box.response!;
    };
    const patched = raw({ method: 'PATCH', path: '/api/v1/namespaces/default/pods/web', headers: { 'content-type': 'text/plain' }, body: {} });
    expect(patched.code).toBe(415);
    expect((patched.body as Status).reason).toBe('UnsupportedMediaType');
    // The same header answers the same each time; media type parameters do not change the patch type.
    expect(raw({ method: 'PATCH', path: '/api/v1/namespaces/default/pods/web', headers: { 'content-type': 'text/plain' }, body: {} }).code).toBe(415);
    for (let i = 0; i < 2; i++) {
      const labeled = raw({ method: 'PATCH', path: '/api/v1/namespaces/default/pods/web', headers: { 'content-type': 'application/merge-patch+json; charset=utf-8' }, body: { metadata: { labels: { n: `${i}` } } } });
      expect([labeled.code, (labeled.body as Pod).metadata.labels]).toEqual([200, { n: `${i}` }]);
      const status = raw({ method: 'PATCH', path: '/api/v1/namespaces/default/pods/web/status', headers: { 'content-type': ' application/strategic-merge-patch+json ;x=y' }, body: { status: { message: `${i}` } } });
      expect([status.code, (status.body as Pod).status?.message]).toEqual([200, `${i}`]);
    }
    // No route takes the method: go-restful's 405 as kube-apiserver's serviceErrorHandler writes it,
    // a Status without a resource (empty details), for a subresource and a named path alike.
    const noRoute = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the server does not allow this method on the requested resource', reason: 'MethodNotAllowed', details: {}, code: 405 };
    for (const [method, path] of [
      ['PUT', '/api/v1/namespaces/default/pods/web/binding'],
      ['POST', '/api/v1/namespaces/default/pods/web/status'],
      ['POST', '/api/v1/pods'],
      ['POST', '/apis/apps/v1/namespaces/default/replicasets/web'],
    ] as const) {
      const refused = raw({ method, path, body: pod('web') });
      expect([path, refused.code, refused.body]).toEqual([path, 405, noRoute]);
    }
  });

  it('answers 405 for a method with no verb and for HEAD, and splits an escaped slash like any other', () => {
    const t = newTestApiServer();
    expectOk(call(t.loop, (cb) => t.client().create(ns, pod('web'), cb)));
    const raw = (method: string, path: string) => {
      const box: { response?: { code: number; body: unknown } } = {};
      // The client's type admits the five usual methods; reader code in plain JavaScript can send any.
      t.client().request({ method: method as 'GET', path, headers: {} }, (r) => (box.response = r));
      t.loop.runUntil(() => box.response !== undefined);
      return box.response!;
    };
    for (const method of ['OPTIONS', 'TRACE', 'constructor']) {
      const refused = raw(method, '/api/v1/namespaces/default/pods/web');
      expect([refused.code, (refused.body as Status).reason]).toEqual([405, 'MethodNotAllowed']);
    }
    // HEAD is authorized as a get, but no route takes it (go-restful's 405, whether or not the object
    // exists), and Go's server drops the body of any response to HEAD.
    const head = raw('HEAD', '/api/v1/namespaces/default/pods/web');
    expect([head.code, head.body]).toEqual([405, undefined]);
    expect(raw('HEAD', '/api/v1/namespaces/default/pods/nope').code).toBe(405);
    // `web%2Fstatus` is the pod's status subresource, not a pod named `web/status`.
    const viaEscaped = raw('GET', '/api/v1/namespaces/default/pods/web%2Fstatus');
    expect([viaEscaped.code, (viaEscaped.body as Pod).metadata.name]).toEqual([200, 'web']);
    const create = (name: string) => {
      const box: { response?: { code: number; body: unknown } } = {};
      t.client().request({ method: 'POST', path: `/api/v1/namespaces/default/pods/${encodeURIComponent(name)}`, headers: {}, body: pod(name) }, (r) => (box.response = r));
      t.loop.runUntil(() => box.response !== undefined);
      return box.response!;
    };
    // A POST to …/pods/a%2Fb names a subresource `b` of pod `a`: refused, and no object named `a/b` exists.
    expect(create('a/b').code).toBeGreaterThanOrEqual(400);
    expect(t.etcdServer.client('etcdctl').range({ key: '/registry/pods/default/a/b' }).kvs).toEqual([]);
  });

  it('keeps spec and status apart: PUT ignores status, pods/status ignores spec', () => {
    const t = newTestApiServer();
    const created = expectOk(call<Pod>(t.loop, (cb) => t.client().create(ns, pod('web'), cb)));
    const viaMain = expectOk(call<Pod>(t.loop, (cb) => t.client().update({ ...ns, name: 'web' }, { ...created, status: { phase: 'Running' } }, cb)));
    expect(viaMain.status?.phase).toBe('Pending');
    const viaStatus = expectOk(
      call<Pod>(t.loop, (cb) => t.client().update({ ...ns, name: 'web', subresource: 'status' }, { ...viaMain, spec: { ...viaMain.spec, nodeName: 'node-1' }, status: { phase: 'Running' } }, cb)),
    );
    expect(viaStatus.status?.phase).toBe('Running');
    expect(viaStatus.spec.nodeName).toBeUndefined();
  });
});
