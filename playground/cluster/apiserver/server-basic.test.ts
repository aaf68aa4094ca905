import { describe, expect, it } from 'vitest';
import type { List, Pod, Status } from '../api/types';
import { call, collectWatch, expectOk, newTestApiServer, pod } from './test-support';

describe('kube-apiserver basic path', () => {
  it('creates, reads, lists and deletes a pod with resourceVersion = etcd revision', () => {
    const t = newTestApiServer();
    const kubectl = t.client();
    const created = expectOk(call<Pod>(t.loop, (cb) => kubectl.create({ resource: 'pods', namespace: 'default' }, pod('nginx'), cb)));
    expect(created.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.metadata.creationTimestamp).toMatch(/^2026-01-01T/);
    expect(created.status).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
    const kv = t.etcdServer.client('etcdctl').range({ key: '/registry/pods/default/nginx' }).kvs[0];
    expect(created.metadata.resourceVersion).toBe(String(kv.modRevision));
    expect(JSON.parse(kv.value).metadata.resourceVersion).toBeUndefined();

    const got = expectOk(call<Pod>(t.loop, (cb) => kubectl.get({ resource: 'pods', namespace: 'default', name: 'nginx' }, cb)));
    expect(got).toEqual(created);
    const list = expectOk(call<List<Pod>>(t.loop, (cb) => kubectl.list({ resource: 'pods', namespace: 'default' }, {}, cb)));
    expect(list.kind).toBe('PodList');
    expect(list.items.map((p) => p.metadata.name)).toEqual(['nginx']);
    expect(list.metadata.resourceVersion).toBe(String(t.etcdServer.client('etcdctl').status().revision));

    const deleted = call<Pod | Status>(t.loop, (cb) => kubectl.delete({ resource: 'pods', namespace: 'default', name: 'nginx' }, {}, cb));
    expect(deleted.code).toBe(200);
    const missing = call<Pod>(t.loop, (cb) => kubectl.get({ resource: 'pods', namespace: 'default', name: 'nginx' }, cb));
    expect(missing.ok).toBe(false);
    if (!missing.ok) {
      expect(missing.status).toEqual({
        kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'pods "nginx" not found', reason: 'NotFound', details: { name: 'nginx', kind: 'pods' }, code: 404,
      });
    }
  });

  it('binds a pod, updates its status and streams the changes to a node watcher', () => {
    const t = newTestApiServer();
    const kubectl = t.client();
    const scheduler = t.client('kube-scheduler');
    const kubelet = t.client('kubelet/node-1');
    const watch = collectWatch(kubelet, { resource: 'pods' }, { fieldSelector: 'spec.nodeName=node-1' });
    expectOk(call(t.loop, (cb) => kubectl.create({ resource: 'pods', namespace: 'default' }, pod('web'), cb)));
    const bound = call<Status>(t.loop, (cb) =>
      scheduler.create({ resource: 'pods', namespace: 'default', name: 'web', subresource: 'binding' }, { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'web' }, target: { kind: 'Node', name: 'node-1' } }, cb),
    );
    expect(bound.code).toBe(201);
    expect(expectOk(bound)).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
    t.loop.runUntilQuiet();
    expect(watch.events.map((e) => e.type)).toEqual(['ADDED']);
    const added = watch.events[0].object as Pod;
    expect(added.spec.nodeName).toBe('node-1');
    expect(added.status?.conditions).toEqual([{ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: '2026-01-01T00:00:00Z' }]);

    const again = call<Status>(t.loop, (cb) =>
      scheduler.create({ resource: 'pods', namespace: 'default', name: 'web', subresource: 'binding' }, { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'web' }, target: { kind: 'Node', name: 'node-2' } }, cb),
    );
    expect(again.ok).toBe(false);
    if (!again.ok) {
      expect(again.status).toEqual({
        kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
        message: 'Operation cannot be fulfilled on pods "web": pod web is already assigned to node "node-1"', reason: 'Conflict', details: { name: 'web', kind: 'pods' }, code: 409,
      });
    }

    const patched = expectOk(call<Pod>(t.loop, (cb) => kubelet.patch({ resource: 'pods', namespace: 'default', name: 'web', subresource: 'status' }, { status: { phase: 'Running', podIP: '10.244.1.2' } }, 'strategic', cb)));
    expect(patched.status?.phase).toBe('Running');
    expect(patched.status?.conditions?.[0].type).toBe('PodScheduled');
    t.loop.runUntilQuiet();
    expect(watch.events.map((e) => e.type)).toEqual(['ADDED', 'MODIFIED']);
    expect((watch.events[1].object as Pod).metadata.resourceVersion).toBe(patched.metadata.resourceVersion);
    const traceKinds = t.trace.entries.filter((e) => e.kind === 'watch' && e.to === 'kubelet/node-1').map((e) => (e.kind === 'watch' ? `${e.type} ${e.resource}/${e.name}` : ''));
    expect(traceKinds).toEqual(['ADDED pods/web', 'MODIFIED pods/web']);
  });

  it('records request and response trace entries with the latency of the etcd work', () => {
    const t = newTestApiServer();
    const mark = t.trace.mark();
    const start = t.loop.now();
    expectOk(call(t.loop, (cb) => t.client().create({ resource: 'pods', namespace: 'default' }, pod('nginx'), cb)));
    const entries = t.trace.since(mark).filter((e) => e.kind === 'request' || e.kind === 'response');
    expect(entries).toMatchObject([
      { kind: 'request', from: 'kubectl', to: 'kube-apiserver', method: 'POST', path: '/api/v1/namespaces/default/pods', verb: 'create', user: 'system:anonymous', t: start + 1 },
      { kind: 'response', from: 'kube-apiserver', to: 'kubectl', code: 201, reason: '', summary: 'pods "nginx" created' },
    ]);
    expect(entries[1].t).toBeGreaterThan(entries[0].t);
  });
});
