/**
 * The options of createCluster and their defaults, checked strictly: a typo in a step's options
 * should fail with a message naming the option, not produce a cluster that quietly differs.
 */
import type { Taint } from '../api/types';
import type { Setup } from '../host/host-config';
import { ADMIN_IDENTITY, HARD_WAY_ADMIN_IDENTITY } from '../host/node-files';

/** NodeSpec describes one worker node (its kubelet registers it). */
export interface NodeSpec {
  /** Node name; must be a DNS label. */
  name: string;
  /** Allocatable CPU, e.g. "2" or "1500m". Default "2". */
  cpu?: string;
  /** Allocatable memory, e.g. "4Gi". Default "4Gi". */
  memory?: string;
  /** Most pods the node takes. Default 110. */
  pods?: number;
  /** Extra node labels (kubernetes.io/hostname etc. are always set). Default none. */
  labels?: Record<string, string>;
  /** Node taints. Default none. */
  taints?: Taint[];
  /** Images already pulled on the node. Default: only the pause image. */
  images?: string[];
}

/** UserSpec is a user of the API server. */
export interface UserSpec {
  /** User name, as the API server sees it. */
  name: string;
  /**
   * Bearer token. With a token the user is listed in the static token file (--token-auth-file);
   * without one the user authenticates with a (simulated) client certificate, CN=name, O=groups.
   */
  token?: string;
  /** Groups (the certificate's O entries, or the token file's group column). Default none. */
  groups?: string[];
}

/** ClusterOptions configure createCluster. Every field is optional. */
export interface ClusterOptions {
  /**
   * Worker nodes: a count (named node-1, node-2…) or a list of names or NodeSpecs.
   * Default 2 (`node-1`, `node-2`).
   */
  nodes?: number | (string | NodeSpec)[];
  /**
   * Also register the control-plane machine as a Node named `control-plane`, labelled and tainted
   * `node-role.kubernetes.io/control-plane:NoSchedule` as kubeadm does. Default false.
   */
  controlPlaneNode?: boolean;
  /**
   * Users besides the admin. The admin `kubernetes-admin` always exists and is who kubectl and
   * cluster.http act as: kubeadm's admin.conf identity, in group kubeadm:cluster-admins (bound to
   * cluster-admin by RBAC), or with setup 'systemd' the hard way's admin in system:masters. Default none.
   */
  users?: UserSpec[];
  /**
   * Extra kube-apiserver flags on top of the kubeadm manifest (or the systemd unit), as kubeadm's
   * `extraArgs`: `{ 'anonymous-auth': false }` or `['--anonymous-auth=false']`. They are written
   * into the file on the node, so `ps aux` and `cat` show them. Default none.
   */
  apiServerFlags?: Record<string, string | number | boolean> | string[];
  /** Where kube-apiserver's options live: a kubeadm static-pod manifest, or a systemd unit. Default 'kubeadm'. */
  setup?: Setup;
  /** Seed of every id (uids, container ids, generated names). Same seed, same run. Default 1. */
  seed?: number;
  /** Record the trace (requests, etcd operations, watch events, component actions). Default true. */
  trace?: boolean;
}

/** ResolvedOptions are the options with every default applied. */
export interface ResolvedOptions {
  nodes: NodeSpec[];
  controlPlaneNode: boolean;
  users: Required<UserSpec>[];
  apiServerArgs: Record<string, string>;
  setup: Setup;
  seed: number;
  trace: boolean;
}

/** ADMIN_USER is kubeadm's admin.conf identity: kubernetes-admin in group kubeadm:cluster-admins. */
export const ADMIN_USER: Required<UserSpec> = { name: ADMIN_IDENTITY.commonName, token: '', groups: [...ADMIN_IDENTITY.organizations] };

/** adminUser is the admin of a setup: kubeadm's admin.conf user, or the hard way's (system:masters). */
export function adminUser(setup: Setup): Required<UserSpec> {
  if (setup === 'kubeadm') return ADMIN_USER;
  return { name: HARD_WAY_ADMIN_IDENTITY.commonName, token: '', groups: [...HARD_WAY_ADMIN_IDENTITY.organizations] };
}

const KNOWN = ['nodes', 'controlPlaneNode', 'users', 'apiServerFlags', 'setup', 'seed', 'trace'];
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function fail(message: string): never {
  throw new TypeError(`createCluster: ${message}`);
}

function resolveNodes(nodes: ClusterOptions['nodes']): NodeSpec[] {
  if (nodes === undefined) nodes = 2;
  if (typeof nodes === 'number') {
    if (!Number.isInteger(nodes) || nodes < 0 || nodes > 50) fail(`nodes must be a whole number from 0 to 50, got ${nodes}`);
    return Array.from({ length: nodes }, (_, i) => ({ name: `node-${i + 1}` }));
  }
  if (!Array.isArray(nodes)) fail('nodes must be a number or a list of names / { name, cpu, memory, pods, labels, taints }');
  const specs = nodes.map((node, i): NodeSpec => {
    const spec = typeof node === 'string' ? { name: node } : node;
    if (!spec || typeof spec.name !== 'string' || !DNS_LABEL.test(spec.name) || spec.name.length > 63) {
      fail(`nodes[${i}].name must be a lower-case DNS label such as "node-1", got ${JSON.stringify(spec?.name)}`);
    }
    if (spec.name === 'control-plane') fail('the node name "control-plane" is the control-plane machine; use controlPlaneNode: true to register it');
    return { ...spec };
  });
  const names = new Set<string>();
  for (const spec of specs) {
    if (names.has(spec.name)) fail(`node "${spec.name}" appears twice`);
    names.add(spec.name);
  }
  return specs;
}

function resolveFlags(flags: ClusterOptions['apiServerFlags']): Record<string, string> {
  if (flags === undefined) return {};
  const out: Record<string, string> = {};
  if (Array.isArray(flags)) {
    for (const flag of flags) {
      const match = /^--([a-z0-9-]+)(?:=(.*))?$/.exec(String(flag));
      if (!match) fail(`apiServerFlags entries look like "--name=value", got ${JSON.stringify(flag)}`);
      out[match[1]] = match[2] ?? 'true';
    }
    return out;
  }
  if (typeof flags !== 'object' || flags === null) fail('apiServerFlags must be an object like { "anonymous-auth": false } or a list like ["--anonymous-auth=false"]');
  for (const [name, value] of Object.entries(flags)) {
    const bare = name.replace(/^--/, '');
    if (!/^[a-z0-9-]+$/.test(bare)) fail(`apiServerFlags: ${JSON.stringify(name)} is not a flag name`);
    out[bare] = String(value);
  }
  return out;
}

/** resolveOptions applies the defaults and checks every field. */
export function resolveOptions(options: ClusterOptions = {}): ResolvedOptions {
  if (options === null || typeof options !== 'object') fail('options must be an object');
  for (const key of Object.keys(options)) if (!KNOWN.includes(key)) fail(`unknown option "${key}" (known: ${KNOWN.join(', ')})`);
  const setup = options.setup ?? 'kubeadm';
  if (setup !== 'kubeadm' && setup !== 'systemd') fail(`setup must be "kubeadm" or "systemd", got ${JSON.stringify(setup)}`);
  const seed = options.seed ?? 1;
  if (!Number.isInteger(seed)) fail(`seed must be an integer, got ${seed}`);
  const users: Required<UserSpec>[] = [adminUser(setup)];
  for (const [i, user] of (options.users ?? []).entries()) {
    if (!user || typeof user.name !== 'string' || user.name === '') fail(`users[${i}] needs a name`);
    if (user.token !== undefined && (typeof user.token !== 'string' || /[\s,]/.test(user.token) || user.token === '')) {
      fail(`users[${i}].token must be a non-empty string without spaces or commas`);
    }
    if (users.some((u) => u.name === user.name)) fail(`user "${user.name}" is defined twice (the admin kubernetes-admin always exists)`);
    if (user.token && users.some((u) => u.token === user.token)) fail(`users[${i}].token is already another user's token`);
    users.push({ name: user.name, token: user.token ?? '', groups: [...(user.groups ?? [])] });
  }
  return {
    nodes: resolveNodes(options.nodes),
    controlPlaneNode: options.controlPlaneNode ?? false,
    users,
    apiServerArgs: resolveFlags(options.apiServerFlags),
    setup,
    seed,
    trace: options.trace ?? true,
  };
}
