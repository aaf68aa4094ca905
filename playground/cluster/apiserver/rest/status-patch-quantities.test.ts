import { describe, expect, it } from 'vitest';
import type { Pod } from '../../api/types';
import { call, expectOk, newTestApiServer, pod } from '../test-support';

const ref = { resource: 'pods', namespace: 'default', name: 'web', subresource: 'status' };
const UNDECODABLE = 'Pod in version "v1" cannot be handled as a Pod: quantities must match the regular expression';

describe('pod status patches and resource quantities', () => {
  it('skip nothing the real decoder would refuse: a spec the patch touches, or one etcd holds without the server having written it', () => {
    const t = newTestApiServer();
    const client = t.client();
    expectOk(call<Pod>(t.loop, (cb) => client.create({ resource: 'pods', namespace: 'default' }, pod('web', { spec: { containers: [{ name: 'app', image: 'nginx', resources: { requests: { cpu: '100m' } } }] } }), cb)));
    t.loop.runUntilQuiet();
    const patch = (body: object) => call<Pod>(t.loop, (cb) => client.patch(ref, body, 'strategic', cb));
    // The stored spec, written by the server: the status patch goes through.
    expect(expectOk(patch({ status: { phase: 'Running' } })).status?.phase).toBe('Running');
    // A patch that brings a bad quantity into the spec is refused, though the spec is kept anyway.
    const touched = patch({ spec: { containers: [{ name: 'app', resources: { requests: { cpu: 'lots' } } }] }, status: { phase: 'Failed' } });
    expect(touched.ok ? 200 : [touched.code, (touched.status.message ?? '').startsWith(UNDECODABLE)]).toEqual([400, true]);
    // A spec put straight into etcd (never decoded by the server) is checked on every status write.
    const key = '/registry/pods/default/web';
    const etcd = t.etcdServer.client('etcdctl');
    const stored = JSON.parse(etcd.range({ key }).kvs[0].value) as Pod;
    stored.spec.containers[0].resources = { requests: { cpu: 'lots' } };
    etcd.put({ key, value: JSON.stringify(stored) });
    t.loop.runUntilQuiet();
    const planted = patch({ status: { phase: 'Succeeded' } });
    expect(planted.ok ? 200 : [planted.code, (planted.status.message ?? '').startsWith(UNDECODABLE)]).toEqual([400, true]);
  });
  it('check a spec planted in etcd that a later server write carried over without decoding it (a binding)', () => {
    const t = newTestApiServer();
    const client = t.client();
    expectOk(call<Pod>(t.loop, (cb) => client.create({ resource: 'pods', namespace: 'default' }, pod('web', { spec: { containers: [{ name: 'app', image: 'nginx' }] } }), cb)));
    t.loop.runUntilQuiet();
    const key = '/registry/pods/default/web';
    const etcd = t.etcdServer.client('etcdctl');
    const stored = JSON.parse(etcd.range({ key }).kvs[0].value) as Pod;
    stored.spec.containers[0].resources = { requests: { cpu: 'lots' } };
    etcd.put({ key, value: JSON.stringify(stored) });
    t.loop.runUntilQuiet();
    // The binding copies the planted spec into a pod the server stores itself, never decoding its quantities.
    const binding = { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'web' }, target: { kind: 'Node', name: 'node-1' } };
    expectOk(call(t.loop, (cb) => client.create({ resource: 'pods', namespace: 'default', name: 'web', subresource: 'binding' }, binding, cb)));
    t.loop.runUntilQuiet();
    const planted = call<Pod>(t.loop, (cb) => client.patch(ref, { status: { phase: 'Running' } }, 'strategic', cb));
    expect(planted.ok ? 200 : [planted.code, (planted.status.message ?? '').startsWith(UNDECODABLE)]).toEqual([400, true]);
  });
});
