import { describe, expect, it } from 'vitest';
import type { Pod } from '../../../api/types';
import { call, expectOk, newTestApiServer } from '../../test-support';

const binding = { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'web' }, target: { kind: 'Node', name: 'node-1' } };

describe('binding a pod put into etcd by hand', () => {
  it.each([
    ['without a spec', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' } }],
    ['with a null spec', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' }, spec: null, status: null }],
  ])('binds a pod %s as one with an empty spec, instead of a 500', (_shape, planted) => {
    const t = newTestApiServer();
    const client = t.client();
    t.etcdServer.client('etcdctl').put({ key: '/registry/pods/default/web', value: JSON.stringify(planted) });
    t.loop.runUntilQuiet();
    const bound = call(t.loop, (cb) => client.create({ resource: 'pods', namespace: 'default', name: 'web', subresource: 'binding' }, binding, cb));
    expect(bound.ok ? 201 : [bound.code, bound.status.message]).toBe(201);
    t.loop.runUntilQuiet();
    const pod = expectOk(call<Pod>(t.loop, (cb) => client.get({ resource: 'pods', namespace: 'default', name: 'web' }, cb)));
    expect(pod.spec).toEqual({ nodeName: 'node-1' });
    expect(pod.status?.conditions?.map((c) => [c.type, c.status])).toEqual([['PodScheduled', 'True']]);
    // Bound now: a second binding is the usual conflict.
    const again = call(t.loop, (cb) => client.create({ resource: 'pods', namespace: 'default', name: 'web', subresource: 'binding' }, binding, cb));
    expect(again.ok ? 201 : again.code).toBe(409);
  });
});

describe('updating a pod put into etcd without a spec', () => {
  it('refuses a spec change as immutable (422) instead of a 500', () => {
    const t = newTestApiServer();
    const client = t.client();
    t.etcdServer.client('etcdctl').put({ key: '/registry/pods/default/web', value: JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' } }) });
    t.loop.runUntilQuiet();
    const body = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' }, spec: { containers: [{ name: 'app', image: 'nginx' }] } };
    const updated = call(t.loop, (cb) => client.update({ resource: 'pods', namespace: 'default', name: 'web' }, body, cb));
    expect(updated.ok ? 200 : [updated.code, (updated.status.message ?? '').includes('pod updates may not change fields other than')]).toEqual([422, true]);
  });
});

describe('binding a pod whose stored status already has conditions', () => {
  const plant = (conditions: object[]) => {
    const t = newTestApiServer();
    const planted = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' }, spec: { containers: [{ name: 'app', image: 'nginx' }] }, status: { phase: 'Pending', conditions } };
    t.etcdServer.client('etcdctl').put({ key: '/registry/pods/default/web', value: JSON.stringify(planted) });
    t.loop.runUntilQuiet();
    const client = t.client();
    const bound = call(t.loop, (cb) => client.create({ resource: 'pods', namespace: 'default', name: 'web', subresource: 'binding' }, binding, cb));
    expect(bound.ok ? 201 : [bound.code, bound.status.message]).toBe(201);
    t.loop.runUntilQuiet();
    return expectOk(call<Pod>(t.loop, (cb) => client.get({ resource: 'pods', namespace: 'default', name: 'web' }, cb)));
  };

  it('adds PodScheduled after the conditions there are', () => {
    const pod = plant([{ type: 'Initialized', status: 'True' }]);
    expect(pod.spec.nodeName).toBe('node-1');
    expect(pod.status?.conditions?.map((c) => [c.type, c.status])).toEqual([['Initialized', 'True'], ['PodScheduled', 'True']]);
  });

  it('replaces a PodScheduled that is not True in its place, and keeps one that is', () => {
    const replaced = plant([{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }, { type: 'Initialized', status: 'True' }]);
    expect(replaced.status?.conditions?.map((c) => [c.type, c.status, c.reason])).toEqual([['PodScheduled', 'True', undefined], ['Initialized', 'True', undefined]]);
    const kept = plant([{ type: 'PodScheduled', status: 'True', lastTransitionTime: '2020-01-01T00:00:00Z' }]);
    expect(kept.status?.conditions).toEqual([{ type: 'PodScheduled', status: 'True', lastTransitionTime: '2020-01-01T00:00:00Z' }]);
  });
});
