import { describe, expect, it } from 'vitest';
import type { RoleBinding } from '../api/types';
import { createCluster } from '../index';

const FORBIDDEN_LIST = 'Error from server (Forbidden): pods is forbidden: User "kubernetes-admin" cannot list resource "pods" in API group "" in the namespace "default"';

describe('kubeadm admin identity (kubeadm 1.29+)', () => {
  it('writes admin.conf in kubeadm:cluster-admins and only super-admin.conf in system:masters', async () => {
    const cluster = createCluster({ nodes: 1 });
    expect(await cluster.host.sh("grep 'certificate subject' /etc/kubernetes/admin.conf")).toContain('CN=kubernetes-admin, O=kubeadm:cluster-admins');
    expect(await cluster.host.sh("grep 'certificate subject' /etc/kubernetes/super-admin.conf")).toContain('CN=kubernetes-super-admin, O=system:masters');
  });

  it('binds kubeadm:cluster-admins to cluster-admin with a ClusterRoleBinding kubeadm created', async () => {
    const cluster = createCluster({ nodes: 1 });
    const binding = await cluster.client().get<RoleBinding>({ resource: 'clusterrolebindings', name: 'kubeadm:cluster-admins' });
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' });
    expect(binding.subjects).toEqual([{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'kubeadm:cluster-admins' }]);
    // kubeadm wrote it, not the API server's bootstrap policy: no rbac-defaults label.
    expect(binding.metadata.labels?.['kubernetes.io/bootstrapping']).toBeUndefined();
    expect((await cluster.kubectl.run('auth can-i create clusterrolebindings')).stdout).toBe('yes\n');
  });

  it('goes through RBAC: without the binding the admin is forbidden, the super-admin is not', async () => {
    const cluster = createCluster({ nodes: 1 });
    expect(await cluster.kubectl('delete clusterrolebinding kubeadm:cluster-admins')).toBe('clusterrolebinding.rbac.authorization.k8s.io "kubeadm:cluster-admins" deleted\n');
    const denied = await cluster.kubectl.run('get pods');
    expect(denied.stderr).toBe(`${FORBIDDEN_LIST}\n`);
    expect(denied.exitCode).toBe(1);
    expect(await cluster.host.sh('kubectl --kubeconfig=/etc/kubernetes/super-admin.conf get pods')).toBe('No resources found in default namespace.\n');
  });

  it('keeps the hard way admin in system:masters with setup systemd, and creates no binding', async () => {
    const cluster = createCluster({ nodes: 1, setup: 'systemd' });
    expect(await cluster.host.sh("grep 'certificate subject' /root/admin.kubeconfig")).toContain('CN=kubernetes-admin, O=system:masters');
    expect(await cluster.kubectl('get clusterrolebinding kubeadm:cluster-admins')).toBe('Error from server (NotFound): clusterrolebindings.rbac.authorization.k8s.io "kubeadm:cluster-admins" not found\n');
    expect((await cluster.kubectl.run('auth can-i create clusterrolebindings')).stdout).toBe('yes\n');
  });
});
