/**
 * HostConfig is what the control-plane node's files are written from: the node's address, the
 * Kubernetes version, where the API server's options live (kubeadm static pod or systemd unit),
 * the extra API-server flags a cluster asked for and the users with static tokens. The host turns
 * it into the text of the manifests, the unit and the kubeconfig, as `kubeadm init` or an
 * administrator following "Kubernetes the hard way" would have written them.
 */

/** Setup says where kube-apiserver's command line lives on the control-plane node. */
export type Setup = 'kubeadm' | 'systemd';

/** TokenUser is one line of the static token file (`token,user,uid,"group1,group2"`). */
export interface TokenUser {
  name: string;
  token: string;
  uid: string;
  groups: string[];
}

/** HostConfig holds the values the control-plane node's files are written from. */
export interface HostConfig {
  /** Host name of the control-plane machine (and its Node name, when registered). */
  nodeName: string;
  /** The address kube-apiserver advertises and listens on. */
  advertiseAddress: string;
  /** --secure-port. */
  securePort: number;
  /** Kubernetes version shown in image tags and binaries, e.g. `v1.32.0`. */
  kubernetesVersion: string;
  setup: Setup;
  /** Extra kube-apiserver flags (name without dashes → value); they override the defaults. */
  apiServerArgs: Record<string, string>;
  /** Users authenticated by static bearer tokens; non-empty adds --token-auth-file. */
  tokenUsers: TokenUser[];
  /** kubeadm's default service subnet (10.96.0.0/12); the hard way uses 10.32.0.0/24. */
  serviceClusterIpRange: string;
  /** The pod network; node N gets 10.244.N.0/24 from it. */
  clusterCidr: string;
}

/** KUBEADM_TOKEN_FILE is where the static token file lives on a kubeadm node. */
export const KUBEADM_TOKEN_FILE = '/etc/kubernetes/token.csv';
/** HARD_WAY_TOKEN_FILE is where it lives next to the hard way's other API-server files. */
export const HARD_WAY_TOKEN_FILE = '/var/lib/kubernetes/token.csv';
/** APISERVER_MANIFEST is the static-pod manifest the kubelet watches. */
export const APISERVER_MANIFEST = '/etc/kubernetes/manifests/kube-apiserver.yaml';
/** APISERVER_UNIT is the systemd unit of the hard-way setup. */
export const APISERVER_UNIT = '/etc/systemd/system/kube-apiserver.service';

/** tokenFilePath is where the token file lives for this setup. */
export function tokenFilePath(setup: Setup): string {
  return setup === 'kubeadm' ? KUBEADM_TOKEN_FILE : HARD_WAY_TOKEN_FILE;
}

/** tokenFileText renders the CSV kube-apiserver reads with --token-auth-file. */
export function tokenFileText(users: TokenUser[]): string {
  return users.map((u) => `${u.token},${u.name},${u.uid}${u.groups.length ? `,"${u.groups.join(',')}"` : ''}\n`).join('');
}

/** defaultHostConfig is a kubeadm node at 10.0.0.10 running v1.32.0 with no extra flags. */
export function defaultHostConfig(overrides: Partial<HostConfig> = {}): HostConfig {
  const setup = overrides.setup ?? 'kubeadm';
  return {
    nodeName: 'control-plane',
    advertiseAddress: '10.0.0.10',
    securePort: 6443,
    kubernetesVersion: 'v1.32.0',
    setup,
    apiServerArgs: {},
    tokenUsers: [],
    serviceClusterIpRange: setup === 'kubeadm' ? '10.96.0.0/12' : '10.32.0.0/24',
    clusterCidr: '10.244.0.0/16',
    ...overrides,
  };
}
