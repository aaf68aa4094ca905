/**
 * The resource table: every API resource the mini API server serves, with the names Kubernetes uses
 * for it. The server routes and stores by it, the typed client builds paths from it, and kubectl
 * uses it for discovery and aliases (`po`, `no`, `rs`…).
 */

/** ResourceInfo describes one served resource. */
export interface ResourceInfo {
  /** Plural, lower-case resource name as in URLs: pods, replicasets. */
  resource: string;
  singular: string;
  /** API group; "" is the core (legacy) group served under /api/v1. */
  group: string;
  version: string;
  kind: string;
  listKind: string;
  namespaced: boolean;
  /** etcd key prefix under /registry (nodes live under `minions`, as in the real server). */
  etcdPrefix: string;
  shortNames: string[];
  verbs: string[];
  /** Subresources served: status, binding. */
  subresources: string[];
  /** Stored in etcd; false for review resources that only compute an answer. */
  stored: boolean;
  /** Objects get an etcd lease of --event-ttl seconds, so they expire on their own (events). */
  usesTtl?: boolean;
}

const CRUD = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

function resource(
  spec: Pick<ResourceInfo, 'resource' | 'singular' | 'group' | 'version' | 'kind' | 'namespaced'> & Partial<ResourceInfo>,
): ResourceInfo {
  return {
    listKind: `${spec.kind}List`,
    etcdPrefix: spec.resource,
    shortNames: [],
    verbs: CRUD,
    subresources: [],
    stored: true,
    ...spec,
  };
}

/** RESOURCES lists every served resource, in discovery order. */
export const RESOURCES: readonly ResourceInfo[] = [
  resource({ resource: 'namespaces', singular: 'namespace', group: '', version: 'v1', kind: 'Namespace', namespaced: false, shortNames: ['ns'], subresources: ['status'], verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] }),
  resource({ resource: 'pods', singular: 'pod', group: '', version: 'v1', kind: 'Pod', namespaced: true, shortNames: ['po'], subresources: ['binding', 'status'] }),
  resource({ resource: 'nodes', singular: 'node', group: '', version: 'v1', kind: 'Node', namespaced: false, shortNames: ['no'], etcdPrefix: 'minions', subresources: ['status'] }),
  resource({ resource: 'events', singular: 'event', group: '', version: 'v1', kind: 'Event', namespaced: true, shortNames: ['ev'], usesTtl: true }),
  resource({ resource: 'serviceaccounts', singular: 'serviceaccount', group: '', version: 'v1', kind: 'ServiceAccount', namespaced: true, shortNames: ['sa'] }),
  resource({ resource: 'replicasets', singular: 'replicaset', group: 'apps', version: 'v1', kind: 'ReplicaSet', namespaced: true, shortNames: ['rs'], subresources: ['status'] }),
  resource({ resource: 'leases', singular: 'lease', group: 'coordination.k8s.io', version: 'v1', kind: 'Lease', namespaced: true }),
  resource({ resource: 'roles', singular: 'role', group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'Role', namespaced: true }),
  resource({ resource: 'rolebindings', singular: 'rolebinding', group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'RoleBinding', namespaced: true }),
  resource({ resource: 'clusterroles', singular: 'clusterrole', group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'ClusterRole', namespaced: false }),
  resource({ resource: 'clusterrolebindings', singular: 'clusterrolebinding', group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'ClusterRoleBinding', namespaced: false }),
  resource({ resource: 'selfsubjectreviews', singular: 'selfsubjectreview', group: 'authentication.k8s.io', version: 'v1', kind: 'SelfSubjectReview', namespaced: false, verbs: ['create'], stored: false }),
  resource({ resource: 'selfsubjectaccessreviews', singular: 'selfsubjectaccessreview', group: 'authorization.k8s.io', version: 'v1', kind: 'SelfSubjectAccessReview', namespaced: false, verbs: ['create'], stored: false }),
];

/** apiVersionOf gives the apiVersion field for a resource: `v1`, `apps/v1`. */
export function apiVersionOf(info: Pick<ResourceInfo, 'group' | 'version'>): string {
  return info.group ? `${info.group}/${info.version}` : info.version;
}

/** Resources by plural name, then by kind and apiVersion: every request looks one up, often several times. */
const BY_PLURAL = new Map<string, ResourceInfo[]>();
const BY_KIND = new Map<string, ResourceInfo>();
for (const info of RESOURCES) {
  BY_PLURAL.set(info.resource, [...(BY_PLURAL.get(info.resource) ?? []), info]);
  const kindKey = `${apiVersionOf(info)} ${info.kind}`;
  if (!BY_KIND.has(kindKey)) BY_KIND.set(kindKey, info);
}

/** findResource looks a resource up by plural name (and group, when two groups could share it). */
export function findResource(plural: string, group?: string): ResourceInfo | undefined {
  const candidates = BY_PLURAL.get(plural);
  if (!candidates) return undefined;
  if (group === undefined) return candidates[0];
  for (const info of candidates) if (info.group === group) return info;
  return undefined;
}

/**
 * resolveResource maps what a kubectl user types (plural, singular, kind or short name, any case,
 * optionally `name.group`) to a resource: `po`, `pod`, `Pods`, `replicasets.apps`.
 */
export function resolveResource(typed: string): ResourceInfo | undefined {
  const lower = typed.toLowerCase();
  const dot = lower.indexOf('.');
  const name = dot < 0 ? lower : lower.slice(0, dot);
  const group = dot < 0 ? undefined : lower.slice(dot + 1);
  return RESOURCES.find(
    (r) =>
      (group === undefined || r.group === group) &&
      (r.resource === name || r.singular === name || r.kind.toLowerCase() === name || r.shortNames.includes(name)),
  );
}

/** resourceForKind finds the resource that stores objects of an apiVersion/kind (for `kubectl apply -f`). */
export function resourceForKind(apiVersion: string, kind: string): ResourceInfo | undefined {
  return BY_KIND.get(`${apiVersion} ${kind}`);
}

/** groupResource is the (group, plural) pair errors are reported against. */
export function groupResource(info: ResourceInfo): { group: string; resource: string } {
  return { group: info.group, resource: info.resource };
}
