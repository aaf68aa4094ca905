/**
 * The four static-pod manifests `kubeadm init` writes to /etc/kubernetes/manifests, with this
 * cluster's values. kube-apiserver's flags follow kubeadm's getAPIServerCommand (K8S-FACTS §6):
 * defaults first, then the cluster's extra args override them, and everything is sorted by name.
 */
import { KUBEADM_TOKEN_FILE } from './host-config';
import type { HostConfig } from './host-config';
import { CA_VOLUMES, flagArgs, renderStaticPod } from './static-pod';
import type { HostPathVolume } from './static-pod';

const PKI = '/etc/kubernetes/pki';

/** kubeadmApiServerFlags returns kube-apiserver's flags as kubeadm would write them for `config`. */
export function kubeadmApiServerFlags(config: HostConfig): Record<string, string> {
  const flags: Record<string, string> = {
    'advertise-address': config.advertiseAddress,
    'allow-privileged': 'true',
    'authorization-mode': 'Node,RBAC',
    'client-ca-file': `${PKI}/ca.crt`,
    'enable-admission-plugins': 'NodeRestriction',
    'enable-bootstrap-token-auth': 'true',
    'etcd-cafile': `${PKI}/etcd/ca.crt`,
    'etcd-certfile': `${PKI}/apiserver-etcd-client.crt`,
    'etcd-keyfile': `${PKI}/apiserver-etcd-client.key`,
    'etcd-servers': 'https://127.0.0.1:2379',
    'kubelet-client-certificate': `${PKI}/apiserver-kubelet-client.crt`,
    'kubelet-client-key': `${PKI}/apiserver-kubelet-client.key`,
    'kubelet-preferred-address-types': 'InternalIP,ExternalIP,Hostname',
    'proxy-client-cert-file': `${PKI}/front-proxy-client.crt`,
    'proxy-client-key-file': `${PKI}/front-proxy-client.key`,
    'requestheader-allowed-names': 'front-proxy-client',
    'requestheader-client-ca-file': `${PKI}/front-proxy-ca.crt`,
    'requestheader-extra-headers-prefix': 'X-Remote-Extra-',
    'requestheader-group-headers': 'X-Remote-Group',
    'requestheader-username-headers': 'X-Remote-User',
    'secure-port': String(config.securePort),
    'service-account-issuer': 'https://kubernetes.default.svc.cluster.local',
    'service-account-key-file': `${PKI}/sa.pub`,
    'service-account-signing-key-file': `${PKI}/sa.key`,
    'service-cluster-ip-range': config.serviceClusterIpRange,
    'tls-cert-file': `${PKI}/apiserver.crt`,
    'tls-private-key-file': `${PKI}/apiserver.key`,
  };
  if (config.tokenUsers.length) flags['token-auth-file'] = KUBEADM_TOKEN_FILE;
  return { ...flags, ...config.apiServerArgs };
}

/** kubeApiServerManifest is /etc/kubernetes/manifests/kube-apiserver.yaml. */
export function kubeApiServerManifest(config: HostConfig): string {
  const volumes: HostPathVolume[] = [
    ...CA_VOLUMES,
    { name: 'k8s-certs', hostPath: PKI, type: 'DirectoryOrCreate', mountPath: PKI, readOnly: true },
  ];
  // kubeadm's extraVolumes: the token file is outside pki/, so it needs its own mount.
  if (config.tokenUsers.length) {
    volumes.push({ name: 'token-auth', hostPath: KUBEADM_TOKEN_FILE, type: 'File', mountPath: KUBEADM_TOKEN_FILE, readOnly: true });
  }
  return renderStaticPod({
    name: 'kube-apiserver',
    image: `registry.k8s.io/kube-apiserver:${config.kubernetesVersion}`,
    command: ['kube-apiserver', ...flagArgs(kubeadmApiServerFlags(config))],
    annotations: { 'kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint': `${config.advertiseAddress}:${config.securePort}` },
    probePort: { name: 'probe-port', containerPort: config.securePort },
    probe: { host: config.advertiseAddress, path: { liveness: '/livez', readiness: '/readyz' }, port: 'probe-port', scheme: 'HTTPS' },
    requests: { cpu: '250m' },
    volumes,
  });
}

/** etcdManifest is /etc/kubernetes/manifests/etcd.yaml. */
export function etcdManifest(config: HostConfig): string {
  const ip = config.advertiseAddress;
  const flags: Record<string, string> = {
    'advertise-client-urls': `https://${ip}:2379`,
    'cert-file': `${PKI}/etcd/server.crt`,
    'client-cert-auth': 'true',
    'data-dir': '/var/lib/etcd',
    'experimental-initial-corrupt-check': 'true',
    'experimental-watch-progress-notify-interval': '5s',
    'initial-advertise-peer-urls': `https://${ip}:2380`,
    'initial-cluster': `${config.nodeName}=https://${ip}:2380`,
    'key-file': `${PKI}/etcd/server.key`,
    'listen-client-urls': `https://127.0.0.1:2379,https://${ip}:2379`,
    'listen-metrics-urls': 'http://127.0.0.1:2381',
    'listen-peer-urls': `https://${ip}:2380`,
    name: config.nodeName,
    'peer-cert-file': `${PKI}/etcd/peer.crt`,
    'peer-client-cert-auth': 'true',
    'peer-key-file': `${PKI}/etcd/peer.key`,
    'peer-trusted-ca-file': `${PKI}/etcd/ca.crt`,
    'snapshot-count': '10000',
    'trusted-ca-file': `${PKI}/etcd/ca.crt`,
  };
  return renderStaticPod({
    name: 'etcd',
    image: 'registry.k8s.io/etcd:3.5.16-0',
    command: ['etcd', ...flagArgs(flags)],
    annotations: { 'kubeadm.kubernetes.io/etcd.advertise-client-urls': `https://${ip}:2379` },
    probe: { host: '127.0.0.1', path: { liveness: '/livez', readiness: '/readyz' }, port: 2381, scheme: 'HTTP' },
    requests: { cpu: '100m', memory: '100Mi' },
    volumes: [
      { name: 'etcd-certs', hostPath: `${PKI}/etcd`, type: 'DirectoryOrCreate', mountPath: `${PKI}/etcd`, readOnly: false },
      { name: 'etcd-data', hostPath: '/var/lib/etcd', type: 'DirectoryOrCreate', mountPath: '/var/lib/etcd', readOnly: false },
    ],
  });
}

/** kubeSchedulerManifest is /etc/kubernetes/manifests/kube-scheduler.yaml. */
export function kubeSchedulerManifest(config: HostConfig): string {
  const kubeconfig = '/etc/kubernetes/scheduler.conf';
  return renderStaticPod({
    name: 'kube-scheduler',
    image: `registry.k8s.io/kube-scheduler:${config.kubernetesVersion}`,
    command: [
      'kube-scheduler',
      ...flagArgs({
        'authentication-kubeconfig': kubeconfig,
        'authorization-kubeconfig': kubeconfig,
        'bind-address': '127.0.0.1',
        kubeconfig,
        'leader-elect': 'true',
      }),
    ],
    probe: { host: '127.0.0.1', path: { liveness: '/healthz' }, port: 10259, scheme: 'HTTPS' },
    requests: { cpu: '100m' },
    volumes: [{ name: 'kubeconfig', hostPath: kubeconfig, type: 'FileOrCreate', mountPath: kubeconfig, readOnly: true }],
  });
}

/** kubeControllerManagerManifest is /etc/kubernetes/manifests/kube-controller-manager.yaml. */
export function kubeControllerManagerManifest(config: HostConfig): string {
  const kubeconfig = '/etc/kubernetes/controller-manager.conf';
  return renderStaticPod({
    name: 'kube-controller-manager',
    image: `registry.k8s.io/kube-controller-manager:${config.kubernetesVersion}`,
    command: [
      'kube-controller-manager',
      ...flagArgs({
        'allocate-node-cidrs': 'true',
        'authentication-kubeconfig': kubeconfig,
        'authorization-kubeconfig': kubeconfig,
        'bind-address': '127.0.0.1',
        'client-ca-file': `${PKI}/ca.crt`,
        'cluster-cidr': config.clusterCidr,
        'cluster-name': 'kubernetes',
        'cluster-signing-cert-file': `${PKI}/ca.crt`,
        'cluster-signing-key-file': `${PKI}/ca.key`,
        controllers: '*,bootstrapsigner,tokencleaner',
        kubeconfig,
        'leader-elect': 'true',
        'requestheader-client-ca-file': `${PKI}/front-proxy-ca.crt`,
        'root-ca-file': `${PKI}/ca.crt`,
        'service-account-private-key-file': `${PKI}/sa.key`,
        'service-cluster-ip-range': config.serviceClusterIpRange,
        'use-service-account-credentials': 'true',
      }),
    ],
    probe: { host: '127.0.0.1', path: { liveness: '/healthz' }, port: 10257, scheme: 'HTTPS' },
    requests: { cpu: '200m' },
    volumes: [
      ...CA_VOLUMES,
      { name: 'flexvolume-dir', hostPath: '/usr/libexec/kubernetes/kubelet-plugins/volume/exec', type: 'DirectoryOrCreate', mountPath: '/usr/libexec/kubernetes/kubelet-plugins/volume/exec', readOnly: false },
      { name: 'k8s-certs', hostPath: PKI, type: 'DirectoryOrCreate', mountPath: PKI, readOnly: true },
      { name: 'kubeconfig', hostPath: kubeconfig, type: 'FileOrCreate', mountPath: kubeconfig, readOnly: true },
    ],
  });
}
