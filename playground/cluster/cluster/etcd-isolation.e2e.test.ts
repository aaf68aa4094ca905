import { describe, expect, it } from 'vitest';
import { EtcdServer } from '../etcd';
import { TracedEtcdClient } from '../etcd/client';
import { KubeApiServer } from '../apiserver/server';
import { createCluster } from '../index';
import type { Cluster } from './cluster';
import type { ClusterParts } from './cluster';
import { ApiServerProcess } from './apiserver-process';

const ETCD_KUBEADM_CERTS = '--cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/server.crt --key=/etc/kubernetes/pki/etcd/server.key';

/**
 * findEtcdHandles walks every object reachable from `root` through properties (not through closures,
 * which only the network path — the transport to kube-apiserver — may hide) and returns the paths
 * at which it finds an etcd server, an etcd client, or kube-apiserver itself.
 */
function findEtcdHandles(root: unknown, rootName: string): string[] {
  const found: string[] = [];
  const seen = new Set<unknown>();
  const visit = (value: unknown, path: string) => {
    if (value === null || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    const isHandle = value instanceof EtcdServer || value instanceof TracedEtcdClient || value instanceof KubeApiServer || value instanceof ApiServerProcess;
    if (isHandle && value !== root) {
      found.push(`${path} (${value.constructor.name})`);
      return;
    }
    if (value instanceof Map) {
      for (const [key, entry] of value) visit(entry, `${path}.get(${String(key)})`);
      return;
    }
    if (value instanceof Set) {
      let i = 0;
      for (const entry of value) visit(entry, `${path}[set ${i++}]`);
      return;
    }
    for (const key of Reflect.ownKeys(value)) {
      const entry = (value as Record<PropertyKey, unknown>)[key as string];
      visit(entry, `${path}.${String(key)}`);
    }
  };
  visit(root, rootName);
  return found;
}

function partsOf(cluster: Cluster): ClusterParts {
  return (cluster as unknown as { parts: ClusterParts }).parts;
}

describe('only kube-apiserver holds the etcd handle', () => {
  it('no component can reach etcd through its own objects, while kube-apiserver can', async () => {
    const cluster = createCluster({ controlPlaneNode: true });
    await cluster.kubectl('run nginx --image=nginx:1.27');
    await cluster.run();
    const parts = partsOf(cluster);
    const components: [string, unknown][] = [
      ['scheduler', parts.scheduler],
      ['controllerManager', parts.controllerManager],
      ...[...parts.kubelets].map(([name, kubelet]): [string, unknown] => [`kubelet/${name}`, kubelet]),
    ];
    for (const [name, component] of components) expect(findEtcdHandles(component, name)).toEqual([]);
    // The walk does find a handle where there is one (so an empty answer above means something).
    expect(findEtcdHandles(parts.apiServer, 'apiServer')).toEqual(expect.arrayContaining([expect.stringMatching(/^apiServer\.etcd \(TracedEtcdClient\)$/)]));
  });

  it('components were built from an API client and the simulation context only', () => {
    const cluster = createCluster();
    const parts = partsOf(cluster);
    for (const component of [parts.scheduler, parts.controllerManager, ...parts.kubelets.values()]) {
      const held = component as unknown as { client: Record<string, unknown>; ctx: Record<string, unknown> };
      expect(Object.keys(held.client).sort()).toEqual(['create', 'delete', 'get', 'list', 'participant', 'patch', 'request', 'update', 'watch']);
      expect(Object.keys(held.ctx).sort()).toEqual(['ids', 'loop', 'trace']);
    }
  });

  it('every etcd operation in a run comes from kube-apiserver or an admin\'s etcdctl', async () => {
    const cluster = createCluster();
    await cluster.kubectl('run nginx --image=nginx:1.27');
    await cluster.run({ for: '30s' });
    await cluster.etcdctl('get /registry/pods --prefix --keys-only');
    const clients = new Set(cluster.trace.entries.filter((e) => e.kind === 'etcd').map((e) => e.from));
    expect(clients).toEqual(new Set(['kube-apiserver', 'etcdctl']));
  });
});

describe('etcdctl on the control-plane node', () => {
  it('reads the keys kube-apiserver wrote', async () => {
    const cluster = createCluster();
    await cluster.kubectl('run nginx --image=nginx:1.27');
    expect(await cluster.etcdctl('get /registry/pods/default --prefix --keys-only')).toBe('/registry/pods/default/nginx\n\n');
    const viaShell = await cluster.host.sh(`ETCDCTL_API=3 etcdctl ${ETCD_KUBEADM_CERTS} get /registry/minions --prefix --keys-only`);
    expect(viaShell).toBe('/registry/minions/node-1\n\n/registry/minions/node-2\n\n');
  });

  it('needs the client certificate on a kubeadm node, from flags or ETCDCTL_* variables', async () => {
    const cluster = createCluster();
    expect(await cluster.host.sh('etcdctl get /registry/pods --prefix --keys-only')).toBe('Error: context deadline exceeded\n');
    const env = 'ETCDCTL_CACERT=/etc/kubernetes/pki/etcd/ca.crt ETCDCTL_CERT=/etc/kubernetes/pki/etcd/server.crt ETCDCTL_KEY=/etc/kubernetes/pki/etcd/server.key';
    expect(await cluster.host.sh(`${env} etcdctl get /registry/namespaces/default --keys-only`)).toBe('/registry/namespaces/default\n\n');
  });

  it('runs kubectl on the node as the user of its kubeconfig (admin by default)', async () => {
    const cluster = createCluster();
    expect(await cluster.host.sh('kubectl get nodes | grep -c Ready')).toBe('2\n');
    expect(cluster.trace.entries.find((e) => e.kind === 'request')).toMatchObject({ from: 'kubectl', user: 'kubernetes-admin' });
    expect(await cluster.host.sh('kubectl --kubeconfig /etc/kubernetes/scheduler.conf get pods -A')).toBe('No resources found\n');
    expect(await cluster.host.sh('KUBECONFIG=/etc/kubernetes/scheduler.conf kubectl delete node node-1')).toBe(
      'Error from server (Forbidden): nodes "node-1" is forbidden: User "system:kube-scheduler" cannot delete resource "nodes" in API group "" at the cluster scope\n',
    );
    expect(await cluster.host.sh('kubectl --kubeconfig=/nope get pods')).toBe('error: stat /nope: no such file or directory\n');
  });
});
