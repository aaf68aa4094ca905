import { describe, expect, it } from 'vitest';
import type { Pod } from '../api/types';
import { call, expectOk, newTestApiServer, pod } from './test-support';

describe('validation of updates', () => {
  it('refuses bad labels on an update, and leaves the stored name alone (ValidateObjectMetaUpdate never checks its format)', () => {
    const t = newTestApiServer();
    const client = t.client();
    expectOk(call<Pod>(t.loop, (cb) => client.create({ resource: 'pods', namespace: 'default' }, pod('web'), cb)));
    t.loop.runUntilQuiet();
    const labelled = call<Pod>(t.loop, (cb) => client.patch({ resource: 'pods', namespace: 'default', name: 'web' }, { metadata: { labels: { app: '-bad' } } }, 'strategic', cb));
    expect(labelled.ok ? 200 : [labelled.code, labelled.status.reason]).toEqual([422, 'Invalid']);
    // A pod put into etcd under a name the server would never have accepted still takes status writes.
    const etcd = t.etcdServer.client('etcdctl');
    const stored = JSON.parse(etcd.range({ key: '/registry/pods/default/web' }).kvs[0].value) as Pod;
    stored.metadata.name = 'Bad_Name';
    etcd.put({ key: '/registry/pods/default/Bad_Name', value: JSON.stringify(stored) });
    t.loop.runUntilQuiet();
    const patched = call<Pod>(t.loop, (cb) => client.patch({ resource: 'pods', namespace: 'default', name: 'Bad_Name', subresource: 'status' }, { status: { phase: 'Running' } }, 'strategic', cb));
    expect(expectOk(patched).status?.phase).toBe('Running');
  });
});
