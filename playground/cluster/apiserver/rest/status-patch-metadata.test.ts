/**
 * A status patch's metadata as stored: the encoder reuses the stored text of metadata that stores
 * as before (a patch without metadata, or one that only restates stored values, like a kubelet's
 * uid precondition). Each stored value must still be exactly the JSON of the object, whatever the
 * patch did to metadata.
 */
import { describe, expect, it } from 'vitest';
import type { Pod } from '../../api/types';
import { call, expectOk, newTestApiServer, pod } from '../test-support';

const pods = { resource: 'pods', namespace: 'default' };
const status = { ...pods, name: 'a', subresource: 'status' };

describe('status patches and the stored metadata', () => {
  it('store each patched pod as its own JSON, metadata restated, changed or left out', () => {
    const t = newTestApiServer();
    const reader = t.client();
    const created = expectOk(call<Pod>(t.loop, (cb) => reader.create(pods, pod('a', { metadata: { name: 'a', labels: { app: 'a' } } }), cb)));
    const uid = created.metadata.uid!;
    const patches: object[] = [
      { metadata: { uid }, status: { phase: 'Running' } },
      { status: { podIP: '10.0.0.7' } },
      { metadata: { uid, name: 'a', namespace: 'default' }, status: { phase: 'Running', hostIP: '10.0.0.1' } },
      { metadata: { uid, labels: { app: 'b' } }, status: { phase: 'Succeeded' } },
      { metadata: { uid, annotations: { note: 'x' } }, status: { message: 'done' } },
      { metadata: { uid: 'someone-else' }, status: { reason: 'Kept' } },
    ];
    const etcd = t.etcdServer.client('test');
    for (const body of patches) {
      const patched = expectOk(call<Pod>(t.loop, (cb) => reader.patch(status, body, 'strategic', cb)));
      const stored = etcd.range({ key: '/registry/pods/default/a' }).kvs[0];
      expect(patched.metadata.resourceVersion).toBe(String(stored.modRevision));
      const { resourceVersion: _rv, ...metadata } = patched.metadata;
      expect(stored.value).toBe(JSON.stringify({ ...patched, metadata }));
    }
    const last = JSON.parse(etcd.range({ key: '/registry/pods/default/a' }).kvs[0].value) as Pod;
    expect(last.metadata.uid).toBe(uid);
    expect(last.metadata.labels).toEqual({ app: 'b' });
    expect(last.metadata.annotations).toEqual({ note: 'x' });
    expect(last.status).toMatchObject({ phase: 'Succeeded', podIP: '10.0.0.7', hostIP: '10.0.0.1', message: 'done', reason: 'Kept' });
  });
});
