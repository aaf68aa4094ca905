/**
 * What a pod status PATCH stores when the store reuses the stored text of the unchanged spec and
 * metadata (registry/encode-update.ts): after each write, etcd holds exactly the canonical JSON of
 * the object the API serves, with the patch's status, the kept spec, and metadata changes the
 * status endpoint allows (labels) — and requests refused before the write (a stale
 * resourceVersion, another node's kubelet) leave the stored bytes alone.
 */
import { describe, expect, it } from 'vitest';
import type { Pod } from '../api/types';
import { setFreezeGuard } from '../sim/freeze';
import { call, expectOk, newTestApiServer, pod } from './test-support';

const TOKENS = 'admin-token,admin,1000,"system:masters"\nnode1-token,system:node:node-1,2001,system:nodes\nnode2-token,system:node:node-2,2002,system:nodes\n';
const FLAGS = ['kube-apiserver', '--authorization-mode=Node,RBAC', '--enable-admission-plugins=NodeRestriction', '--token-auth-file=/tokens.csv'];

for (const guard of [true, false]) {
  describe(`pod status patches in etcd (freeze guard ${guard ? 'on' : 'off'})`, () => {
    it('store the canonical JSON of the served pod through patches, relabels, deletion and refusals', () => {
      setFreezeGuard(guard);
      try {
        const t = newTestApiServer(FLAGS, { '/tokens.csv': TOKENS });
        const etcd = t.etcdServer.client('test');
        const stored = () => etcd.range({ key: '/registry/pods/default/web' }).kvs[0].value;
        const admin = t.client('kubectl', { token: 'admin-token' });
        const kubelet = t.client('kubelet/node-1', { token: 'node1-token' });
        const other = t.client('kubelet/node-2', { token: 'node2-token' });
        const ref = { resource: 'pods', namespace: 'default', name: 'web', subresource: 'status' };
        const created = expectOk(call<Pod>(t.loop, (cb) => admin.create({ resource: 'pods', namespace: 'default' }, pod('web', { metadata: { name: 'web', labels: { app: 'web' } }, spec: { nodeName: 'node-1', containers: [{ name: 'app', image: 'nginx' }] } }), cb)));
        t.loop.runUntilQuiet();
        const served = (): Pod => expectOk(call<Pod>(t.loop, (cb) => admin.get({ resource: 'pods', namespace: 'default', name: 'web' }, cb)));
        /** expectStored checks etcd holds the served pod's canonical JSON (no resourceVersion) and returns it. */
        const expectStored = (): Pod => {
          const text = stored();
          const pod = served();
          const { resourceVersion: _rv, ...metadata } = pod.metadata;
          expect(text).toBe(JSON.stringify({ ...pod, metadata }));
          return pod;
        };
        const patch = (client: typeof admin, body: object) => call<Pod>(t.loop, (cb) => client.patch(ref, body, 'strategic', cb));

        expectOk(patch(kubelet, { metadata: { uid: created.metadata.uid }, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], '$setElementOrder/conditions': [{ type: 'Ready' }, { type: 'PodScheduled' }] } }));
        t.loop.runUntilQuiet();
        let now = expectStored();
        expect(now.status?.phase).toBe('Running');
        expect(now.status?.conditions?.map((c) => c.type)).toEqual(['Ready']);

        // A second patch (the stored text is the one the first patch spliced).
        expectOk(patch(kubelet, { status: { podIP: '10.0.0.5', conditions: [{ type: 'Ready', status: 'False', reason: 'Probe' }] } }));
        t.loop.runUntilQuiet();
        now = expectStored();
        expect(now.status?.podIP).toBe('10.0.0.5');

        // A status patch that also tries to move the pod and relabels it: the spec is kept, the labels change.
        expectOk(patch(admin, { metadata: { labels: { app: 'web', tier: 'front' } }, spec: { nodeName: 'node-2' }, status: { message: 'relabelled' } }));
        t.loop.runUntilQuiet();
        now = expectStored();
        expect(now.spec?.nodeName).toBe('node-1');
        expect(now.metadata.labels).toEqual({ app: 'web', tier: 'front' });
        expect(now.status?.message).toBe('relabelled');

        // Refused before the write: a stale resourceVersion, another node's kubelet.
        const before = stored();
        expect(patch(kubelet, { metadata: { resourceVersion: created.metadata.resourceVersion }, status: { phase: 'Failed' } })).toMatchObject({ ok: false, code: 409 });
        expect(patch(other, { status: { phase: 'Failed' } })).toMatchObject({ ok: false, code: 403 });
        expect(stored()).toBe(before);

        // A pod being deleted (a deletionTimestamp in its metadata) still takes its kubelet's status.
        expectOk(call(t.loop, (cb) => admin.delete({ resource: 'pods', namespace: 'default', name: 'web' }, { gracePeriodSeconds: 30 }, cb)));
        t.loop.runUntilQuiet();
        expectOk(patch(kubelet, { status: { phase: 'Failed', reason: 'Evicted' } }));
        t.loop.runUntilQuiet();
        now = expectStored();
        expect(now.metadata.deletionTimestamp).toBeDefined();
        expect(now.status?.reason).toBe('Evicted');
      } finally {
        setFreezeGuard(true);
      }
    });
  });
}
