/**
 * writeNodeFiles lays out the control-plane node's disk for its setup: what `kubeadm init` leaves
 * in /etc/kubernetes (manifests, kubeconfigs, pki), or what the hard way installs (units in
 * /etc/systemd/system, certificates and kubeconfigs in /var/lib/kubernetes).
 */
import type { HostFileSystem } from './fs';
import { tokenFilePath, tokenFileText } from './host-config';
import type { HostConfig } from './host-config';
import { kubeconfigText } from './kubeconfig';
import type { KubeconfigIdentity } from './kubeconfig';
import { etcdManifest, kubeApiServerManifest, kubeControllerManagerManifest, kubeSchedulerManifest } from './kubeadm-manifests';
import { hardWayPkiFiles, kubeadmPkiFiles, pemNote } from './pki';
import type { PkiFile } from './pki';
import { etcdUnit, kubeApiServerUnit, kubeControllerManagerUnit, kubeSchedulerUnit } from './systemd-units';

/**
 * CLUSTER_ADMINS_GROUP is the group of kubeadm's admin.conf since kubeadm 1.29. Unlike
 * system:masters it passes through authorization: `kubeadm init` binds it to the cluster-admin
 * ClusterRole with a ClusterRoleBinding of the same name, which can be taken away again.
 */
export const CLUSTER_ADMINS_GROUP = 'kubeadm:cluster-admins';

/** ADMIN_IDENTITY is kubeadm's admin.conf user: CN=kubernetes-admin, O=kubeadm:cluster-admins. */
export const ADMIN_IDENTITY: KubeconfigIdentity = { userName: 'kubernetes-admin', commonName: 'kubernetes-admin', organizations: [CLUSTER_ADMINS_GROUP] };

/**
 * SUPER_ADMIN_IDENTITY is kubeadm's super-admin.conf user, the break-glass identity in
 * system:masters, a group that skips authorization altogether.
 */
export const SUPER_ADMIN_IDENTITY: KubeconfigIdentity = { userName: 'kubernetes-super-admin', commonName: 'kubernetes-super-admin', organizations: ['system:masters'] };

/**
 * HARD_WAY_ADMIN_IDENTITY is the admin of the systemd setup: the hard way's admin certificate
 * carries O=system:masters, as every kubeadm admin.conf did before 1.29.
 */
export const HARD_WAY_ADMIN_IDENTITY: KubeconfigIdentity = { userName: 'kubernetes-admin', commonName: 'kubernetes-admin', organizations: ['system:masters'] };

function writePki(fs: HostFileSystem, files: PkiFile[]): void {
  for (const file of files) fs.writeFile(file.path, pemNote(file), file.kind === 'RSA PRIVATE KEY' ? 0o600 : 0o644);
}

const KUBELET_CONFIG = `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
authentication:
  anonymous:
    enabled: false
  webhook:
    enabled: true
  x509:
    clientCAFile: /etc/kubernetes/pki/ca.crt
authorization:
  mode: Webhook
cgroupDriver: systemd
clusterDNS:
- 10.96.0.10
clusterDomain: cluster.local
containerRuntimeEndpoint: ""
nodeStatusReportFrequency: 5m0s
nodeStatusUpdateFrequency: 10s
rotateCertificates: true
staticPodPath: /etc/kubernetes/manifests
`;

const KUBELET_UNIT = `[Unit]
Description=kubelet: The Kubernetes Node Agent
Documentation=https://kubernetes.io/docs/
Wants=network-online.target
After=network-online.target

[Service]
ExecStart=/usr/bin/kubelet
Restart=always
StartLimitInterval=0
RestartSec=10

[Install]
WantedBy=multi-user.target
`;

/** kubeletArgv is the kubelet's command line on a kubeadm node (the unit plus 10-kubeadm.conf). */
export function kubeletArgv(config: HostConfig): string[] {
  return [
  '/usr/bin/kubelet',
  '--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf',
  '--kubeconfig=/etc/kubernetes/kubelet.conf',
  '--config=/var/lib/kubelet/config.yaml',
  '--container-runtime-endpoint=unix:///var/run/containerd/containerd.sock',
  `--node-ip=${config.advertiseAddress}`,
  '--pod-infra-container-image=registry.k8s.io/pause:3.10',
  ];
}

/** writeNodeFiles writes every file of the node for `config.setup`. */
export function writeNodeFiles(fs: HostFileSystem, config: HostConfig): void {
  const server = `https://${config.advertiseAddress}:${config.securePort}`;
  fs.mkdir('/root');
  fs.mkdir('/tmp');
  if (config.tokenUsers.length) fs.writeFile(tokenFilePath(config.setup), tokenFileText(config.tokenUsers), 0o600);
  if (config.setup === 'kubeadm') {
    fs.writeFile('/etc/kubernetes/manifests/etcd.yaml', etcdManifest(config), 0o600);
    fs.writeFile('/etc/kubernetes/manifests/kube-apiserver.yaml', kubeApiServerManifest(config), 0o600);
    fs.writeFile('/etc/kubernetes/manifests/kube-controller-manager.yaml', kubeControllerManagerManifest(config), 0o600);
    fs.writeFile('/etc/kubernetes/manifests/kube-scheduler.yaml', kubeSchedulerManifest(config), 0o600);
    const admin = kubeconfigText(server, ADMIN_IDENTITY);
    fs.writeFile('/etc/kubernetes/admin.conf', admin, 0o600);
    fs.writeFile('/etc/kubernetes/super-admin.conf', kubeconfigText(server, SUPER_ADMIN_IDENTITY), 0o600);
    fs.writeFile('/etc/kubernetes/controller-manager.conf', kubeconfigText(server, { userName: 'system:kube-controller-manager', commonName: 'system:kube-controller-manager', organizations: [] }), 0o600);
    fs.writeFile('/etc/kubernetes/scheduler.conf', kubeconfigText(server, { userName: 'system:kube-scheduler', commonName: 'system:kube-scheduler', organizations: [] }), 0o600);
    fs.writeFile('/etc/kubernetes/kubelet.conf', kubeconfigText(server, { userName: `system:node:${config.nodeName}`, commonName: `system:node:${config.nodeName}`, organizations: ['system:nodes'] }), 0o600);
    writePki(fs, kubeadmPkiFiles());
    fs.writeFile('/var/lib/kubelet/config.yaml', KUBELET_CONFIG, 0o644);
    fs.writeFile('/usr/lib/systemd/system/kubelet.service', KUBELET_UNIT, 0o644);
    fs.writeFile('/root/.kube/config', admin, 0o600);
    fs.mkdir('/var/lib/etcd');
    return;
  }
  fs.writeFile('/etc/systemd/system/etcd.service', etcdUnit(config), 0o644);
  fs.writeFile('/etc/systemd/system/kube-apiserver.service', kubeApiServerUnit(config), 0o644);
  fs.writeFile('/etc/systemd/system/kube-controller-manager.service', kubeControllerManagerUnit(config), 0o644);
  fs.writeFile('/etc/systemd/system/kube-scheduler.service', kubeSchedulerUnit(), 0o644);
  writePki(fs, hardWayPkiFiles());
  fs.writeFile('/var/lib/kubernetes/encryption-config.yaml', '# Simulated: secrets are not encrypted at rest in this playground.\nkind: EncryptionConfiguration\napiVersion: apiserver.config.k8s.io/v1\nresources:\n  - resources:\n      - secrets\n    providers:\n      - identity: {}\n', 0o644);
  fs.writeFile('/var/lib/kubernetes/kube-controller-manager.kubeconfig', kubeconfigText('https://server.kubernetes.local:6443', { userName: 'system:kube-controller-manager', commonName: 'system:kube-controller-manager', organizations: ['system:kube-controller-manager'] }), 0o600);
  fs.writeFile('/var/lib/kubernetes/kube-scheduler.kubeconfig', kubeconfigText('https://server.kubernetes.local:6443', { userName: 'system:kube-scheduler', commonName: 'system:kube-scheduler', organizations: ['system:kube-scheduler'] }), 0o600);
  fs.writeFile('/etc/kubernetes/config/kube-scheduler.yaml', 'apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\nclientConnection:\n  kubeconfig: "/var/lib/kubernetes/kube-scheduler.kubeconfig"\nleaderElection:\n  leaderElect: true\n', 0o644);
  fs.writeFile('/root/admin.kubeconfig', kubeconfigText(server, HARD_WAY_ADMIN_IDENTITY), 0o600);
  fs.mkdir('/var/lib/etcd');
}
