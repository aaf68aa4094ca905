import { describe, expect, it } from 'vitest';
import type { Pod } from '../api/types';
import { createCluster } from '../index';
import { expectPodRunning, expectTraceOrder, podsOnNode, snapshot } from '../testing';

describe('createCluster', () => {
  it('returns with every node registered and Ready, and a trace that starts empty', async () => {
    const cluster = createCluster();
    expect(cluster.trace.entries).toEqual([]);
    const out = await cluster.kubectl('get nodes');
    expect(out).toMatch(/^NAME +STATUS +ROLES +AGE +VERSION\nnode-1 +Ready +<none> .*\nnode-2 +Ready +<none> .*\n$/);
    expect(cluster.trace.entries.filter((e) => e.kind === 'request').map((e) => e.from)).toEqual(['kubectl']);
  });

  it('registers the control-plane node tainted NoSchedule when asked, and custom workers', async () => {
    const cluster = createCluster({ controlPlaneNode: true, nodes: [{ name: 'big', cpu: '8', memory: '16Gi', labels: { disk: 'ssd' } }] });
    const out = await cluster.kubectl('get nodes');
    expect(out).toMatch(/\ncontrol-plane +Ready +control-plane /);
    expect(out).toMatch(/\nbig +Ready +<none> /);
    const node = await cluster.client().get({ resource: 'nodes', name: 'control-plane' });
    expect((node as { spec: { taints?: unknown[] } }).spec.taints).toEqual([{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }]);
    expect(await cluster.kubectl('get nodes -l disk=ssd -o name')).toBe('node/big\n');
  });

  it('runs without recording when trace is off', async () => {
    const cluster = createCluster({ trace: false });
    await cluster.kubectl('run quiet --image=nginx:1.27');
    await expectPodRunning(cluster, 'quiet');
    expect(cluster.trace.entries).toEqual([]);
  });

  it('lets kubectl act as another user with --as', async () => {
    const cluster = createCluster({ users: [{ name: 'jane', token: 'jane-token' }] });
    expect(await cluster.kubectl('get pods --as jane')).toBe(
      'Error from server (Forbidden): pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "default"\n',
    );
    expect(cluster.trace.entries.find((e) => e.kind === 'request')).toMatchObject({ user: 'jane', path: '/api/v1/namespaces/default/pods' });
  });

  it('rejects options it does not know, with the option named', () => {
    expect(() => createCluster({ node: 3 } as never)).toThrow('createCluster: unknown option "node"');
    expect(() => createCluster({ nodes: ['Node_1'] })).toThrow(/nodes\[0\]\.name must be a lower-case DNS label/);
    expect(() => createCluster({ setup: 'docker' as never })).toThrow('setup must be "kubeadm" or "systemd"');
  });
});

describe('a pod, end to end', () => {
  it('kubectl run gives a Running pod with an IP on a node, through the documented path', async () => {
    const cluster = createCluster();
    expect(await cluster.kubectl('run nginx --image=nginx:1.27')).toBe('pod/nginx created\n');
    const summary = await cluster.run();
    expect(summary.quiet).toBe(true);
    expect(summary.summary).toMatch(/^ran \d+ events over [\d.]+s of virtual time; the cluster is quiet$/);

    const pod = await expectPodRunning(cluster, 'nginx');
    const node = pod.spec.nodeName!;
    expect(pod.status!.podIP).toMatch(/^10\.244\.\d+\.\d+$/);
    expect(await podsOnNode(cluster, node)).toEqual(['nginx']);
    expect(await cluster.kubectl('get pods -o wide')).toMatch(new RegExp(`^NAME .*\\nnginx +1/1 +Running +0 +\\d+s +${pod.status!.podIP!.replace(/\./g, '\\.')} +${node} `));

    const kubelet = `kubelet/${node}`;
    const runtime = `containerd/${node}`;
    expectTraceOrder(cluster.trace.entries, [
      { kind: 'request', from: 'kubectl', method: 'POST', path: '/api/v1/namespaces/default/pods' },
      { kind: 'etcd', from: 'kube-apiserver', op: 'txn', key: '/registry/pods/default/nginx', detail: 'succeeded' },
      { kind: 'response', to: 'kubectl', code: 201 },
      { kind: 'watch', to: 'kube-scheduler', type: 'ADDED', name: 'nginx' },
      { kind: 'action', from: 'kube-scheduler', action: 'schedule', summary: new RegExp(`default/nginx → ${node}`) },
      { kind: 'request', from: 'kube-scheduler', method: 'POST', path: '/api/v1/namespaces/default/pods/nginx/binding' },
      { kind: 'etcd', from: 'kube-apiserver', op: 'txn', key: '/registry/pods/default/nginx' },
      { kind: 'watch', to: kubelet, type: 'ADDED', name: 'nginx' },
      { kind: 'action', from: kubelet, to: runtime, action: 'RunPodSandbox' },
      { kind: 'action', from: kubelet, to: runtime, action: 'PullImage' },
      { kind: 'action', from: kubelet, to: runtime, action: 'CreateContainer' },
      { kind: 'action', from: kubelet, to: runtime, action: 'StartContainer' },
      { kind: 'request', from: kubelet, method: 'PATCH', path: '/api/v1/namespaces/default/pods/nginx/status' },
      { kind: 'etcd', from: 'kube-apiserver', op: 'txn', key: '/registry/pods/default/nginx' },
    ]);
    // Only kube-apiserver ever talked to etcd.
    expect(new Set(cluster.trace.entries.filter((e) => e.kind === 'etcd').map((e) => e.from))).toEqual(new Set(['kube-apiserver']));
  });

  it('stores the pod under its registry key with resourceVersion = the key mod revision', async () => {
    const cluster = createCluster();
    await cluster.kubectl('run web --image=nginx:1.27');
    await cluster.run();
    const key = cluster.etcdKeys().find((k) => k.key === '/registry/pods/default/web')!;
    const pod = await cluster.client().get<Pod>({ resource: 'pods', name: 'web' });
    expect(pod.metadata.resourceVersion).toBe(String(key.modRevision));
    expect((key.value as Pod).metadata.uid).toBe(pod.metadata.uid);
    expect(key.version).toBeGreaterThan(1);
  });
});

describe('determinism', () => {
  async function scenario(seed: number): Promise<string> {
    const cluster = createCluster({ seed });
    await cluster.kubectl('run nginx --image=nginx:1.27');
    const replicaSet = ['apiVersion: apps/v1', 'kind: ReplicaSet', 'metadata:', '  name: web', 'spec:', '  replicas: 2', '  selector:', '    matchLabels: {app: web}', '  template:', '    metadata:', '      labels: {app: web}', '    spec:', '      containers:', '      - name: web', '        image: nginx:1.27'].join('\n');
    expect(await cluster.kubectl('apply -f -', replicaSet)).toBe('replicaset.apps/web created\n');
    await Promise.all([cluster.kubectl('run a --image=busybox'), cluster.http.get('/api/v1/nodes')]);
    await cluster.run();
    await cluster.kubectl('delete pod a');
    await cluster.run({ for: '45s' });
    return snapshot(cluster);
  }

  it('gives byte-identical trace and keyspace for the same seed, and other uids for another seed', async () => {
    const first = await scenario(7);
    const second = await scenario(7);
    expect(second).toBe(first);
    const other = await scenario(8);
    const uids = (text: string) => [...text.matchAll(/"uid":"([0-9a-f-]{36})"/g)].map((m) => m[1]);
    expect(uids(first).length).toBeGreaterThan(0);
    expect(uids(other)).not.toEqual(uids(first));
    expect(first).toContain('"key":"/registry/replicasets/default/web"');
  });
});
