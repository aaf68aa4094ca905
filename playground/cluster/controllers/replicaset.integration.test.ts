import { describe, expect, it } from 'vitest';
import type { Event, Pod, ReplicaSet } from '../api/types';
import { startTestCluster } from './test-cluster';

const replicaSet: ReplicaSet = {
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } },
  },
};

describe('ReplicaSet controller against the real API server', () => {
  it('keeps 3 pods running: a deleted pod is replaced', () => {
    const cluster = startTestCluster();
    cluster.create('replicasets', 'default', replicaSet);
    cluster.run();
    const pods = () => cluster.list<Pod>('pods', 'default').filter((p) => !p.metadata.deletionTimestamp);
    expect(pods().map((p) => p.status?.phase)).toEqual(['Running', 'Running', 'Running']);
    expect(pods().every((p) => p.metadata.name!.startsWith('web-') && p.metadata.ownerReferences?.[0].controller === true)).toBe(true);
    expect(cluster.get<ReplicaSet>('replicasets', 'default', 'web')!.status).toMatchObject({ replicas: 3, readyReplicas: 3, availableReplicas: 3 });
    const nodes = new Set(pods().map((p) => p.spec.nodeName));
    expect(nodes.size).toBe(3);

    const victim = pods()[0].metadata.name!;
    let deleted = false;
    cluster.admin.delete({ resource: 'pods', namespace: 'default', name: victim }, {}, () => (deleted = true));
    cluster.ctx.loop.runUntil(() => deleted);
    cluster.run();
    const names = pods().map((p) => p.metadata.name);
    expect(names).toHaveLength(3);
    expect(names).not.toContain(victim);
    expect(pods().every((p) => p.status?.phase === 'Running')).toBe(true);
    const created = cluster.list<Event>('events', 'default').filter((e) => e.reason === 'SuccessfulCreate');
    expect(created).toHaveLength(4);
    expect(created[0]).toMatchObject({ source: { component: 'replicaset-controller' }, involvedObject: { kind: 'ReplicaSet', name: 'web' } });
  });
});

describe('components under kubeadm-style authorization (Node,RBAC)', () => {
  it('scheduler, kubelets and controller manager are never forbidden', () => {
    const cluster = startTestCluster({ apiServer: { authorizationModes: ['Node', 'RBAC'], clientCaFile: '/etc/kubernetes/pki/ca.crt' } });
    cluster.create('replicasets', 'default', { ...replicaSet, spec: { ...replicaSet.spec, replicas: 2 } });
    cluster.run();
    cluster.kubelets.get('node-3')!.stop();
    cluster.advance(60_000);
    const pods = cluster.list<Pod>('pods', 'default');
    expect(pods.map((p) => p.status?.phase)).toEqual(['Running', 'Running']);
    const denied = cluster.ctx.trace.entries.filter((e) => e.kind === 'response' && (e.code === 401 || e.code === 403));
    expect(denied).toEqual([]);
  });
});
