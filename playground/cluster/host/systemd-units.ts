/**
 * The systemd units of a control plane installed by hand, after "Kubernetes the hard way"
 * (kelseyhightower/kubernetes-the-hard-way `units/`, K8S-FACTS §6): each component is a binary in
 * /usr/local/bin started by its own unit, its flags on the ExecStart line, one per continuation line.
 */
import { HARD_WAY_TOKEN_FILE } from './host-config';
import type { HostConfig } from './host-config';

const LIB = '/var/lib/kubernetes';

/**
 * hardWayApiServerFlags returns the hard way's kube-apiserver flags, in the unit's order; the
 * cluster's extra args replace a flag in place or are appended after it.
 */
export function hardWayApiServerFlags(config: HostConfig): [string, string][] {
  const flags: [string, string][] = [
    ['allow-privileged', 'true'],
    ['apiserver-count', '1'],
    ['audit-log-maxage', '30'],
    ['audit-log-maxbackup', '3'],
    ['audit-log-maxsize', '100'],
    ['audit-log-path', '/var/log/audit.log'],
    ['authorization-mode', 'Node,RBAC'],
    ['bind-address', '0.0.0.0'],
    ['client-ca-file', `${LIB}/ca.crt`],
    ['enable-admission-plugins', 'NamespaceLifecycle,NodeRestriction,LimitRanger,ServiceAccount,DefaultStorageClass,ResourceQuota'],
    ['etcd-servers', 'http://127.0.0.1:2379'],
    ['event-ttl', '1h'],
    ['encryption-provider-config', `${LIB}/encryption-config.yaml`],
    ['kubelet-certificate-authority', `${LIB}/ca.crt`],
    ['kubelet-client-certificate', `${LIB}/kube-api-server.crt`],
    ['kubelet-client-key', `${LIB}/kube-api-server.key`],
    ['runtime-config', "'api/all=true'"],
    ['service-account-key-file', `${LIB}/service-accounts.crt`],
    ['service-account-signing-key-file', `${LIB}/service-accounts.key`],
    ['service-account-issuer', `https://server.kubernetes.local:${config.securePort}`],
    ['service-cluster-ip-range', config.serviceClusterIpRange],
    ['service-node-port-range', '30000-32767'],
    ['tls-cert-file', `${LIB}/kube-api-server.crt`],
    ['tls-private-key-file', `${LIB}/kube-api-server.key`],
  ];
  if (config.tokenUsers.length) flags.push(['token-auth-file', HARD_WAY_TOKEN_FILE]);
  flags.push(['v', '2']);
  for (const [name, value] of Object.entries(config.apiServerArgs)) {
    const existing = flags.find(([flag]) => flag === name);
    if (existing) existing[1] = value;
    else flags.splice(flags.length - 1, 0, [name, value]);
  }
  return flags;
}

function unit(description: string, documentation: string, execStart: string[], type?: string): string {
  const exec = execStart.map((part, i) => (i === 0 ? `ExecStart=${part}` : `  ${part}`)).join(' \\\n');
  return [
    '[Unit]',
    `Description=${description}`,
    `Documentation=${documentation}`,
    '',
    '[Service]',
    ...(type ? [`Type=${type}`] : []),
    exec,
    'Restart=on-failure',
    'RestartSec=5',
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
  ].join('\n');
}

const K8S_DOCS = 'https://github.com/kubernetes/kubernetes';

/** kubeApiServerUnit is /etc/systemd/system/kube-apiserver.service. */
export function kubeApiServerUnit(config: HostConfig): string {
  const flags = hardWayApiServerFlags(config).map(([name, value]) => `--${name}=${value}`);
  return unit('Kubernetes API Server', K8S_DOCS, ['/usr/local/bin/kube-apiserver', ...flags]);
}

/** etcdUnit is /etc/systemd/system/etcd.service (a single member over plain http on localhost). */
export function etcdUnit(config: HostConfig): string {
  return unit('etcd', 'https://github.com/etcd-io/etcd', [
    '/usr/local/bin/etcd',
    `--name ${config.nodeName}`,
    '--initial-advertise-peer-urls http://127.0.0.1:2380',
    '--listen-peer-urls http://127.0.0.1:2380',
    '--listen-client-urls http://127.0.0.1:2379',
    '--advertise-client-urls http://127.0.0.1:2379',
    '--initial-cluster-token etcd-cluster-0',
    `--initial-cluster ${config.nodeName}=http://127.0.0.1:2380`,
    '--initial-cluster-state new',
    '--data-dir=/var/lib/etcd',
  ], 'notify');
}

/** kubeSchedulerUnit is /etc/systemd/system/kube-scheduler.service. */
export function kubeSchedulerUnit(): string {
  return unit('Kubernetes Scheduler', K8S_DOCS, ['/usr/local/bin/kube-scheduler', '--config=/etc/kubernetes/config/kube-scheduler.yaml', '--v=2']);
}

/** kubeControllerManagerUnit is /etc/systemd/system/kube-controller-manager.service. */
export function kubeControllerManagerUnit(config: HostConfig): string {
  return unit('Kubernetes Controller Manager', K8S_DOCS, [
    '/usr/local/bin/kube-controller-manager',
    '--bind-address=0.0.0.0',
    `--cluster-cidr=${config.clusterCidr}`,
    '--cluster-name=kubernetes',
    `--cluster-signing-cert-file=${LIB}/ca.crt`,
    `--cluster-signing-key-file=${LIB}/ca.key`,
    `--kubeconfig=${LIB}/kube-controller-manager.kubeconfig`,
    `--root-ca-file=${LIB}/ca.crt`,
    `--service-account-private-key-file=${LIB}/service-accounts.key`,
    `--service-cluster-ip-range=${config.serviceClusterIpRange}`,
    '--use-service-account-credentials=true',
    '--v=2',
  ]);
}
