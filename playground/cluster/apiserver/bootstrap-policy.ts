/**
 * The default RBAC policy the real server reconciles at start (plugin/pkg/auth/authorizer/rbac/
 * bootstrappolicy), cut down to the roles this cluster's components and readers use. Simplified:
 * admin/edit/view are written out instead of aggregated, and kube-controller-manager has one broad
 * role instead of a service account per controller.
 */
import type { PolicyRule, Role, RoleBinding, Subject } from '../api/types';

const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'delete', 'deletecollection', 'patch', 'update'];
const rule = (apiGroups: string[], resources: string[], verbs: string[]): PolicyRule => ({ apiGroups, resources, verbs });
const BOOTSTRAP_META = { labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' }, annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' } };

function clusterRole(name: string, rules: PolicyRule[]): Role {
  return { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name, ...structuredMeta() }, rules };
}

function clusterRoleBinding(name: string, role: string, subjects: Subject[]): RoleBinding {
  return { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name, ...structuredMeta() }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role }, subjects };
}

function structuredMeta() {
  return JSON.parse(JSON.stringify(BOOTSTRAP_META)) as typeof BOOTSTRAP_META;
}

const group = (name: string): Subject => ({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name });
const user = (name: string): Subject => ({ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name });

const VIEW_RULES = [
  rule([''], ['pods', 'pods/status', 'events', 'serviceaccounts', 'namespaces', 'namespaces/status'], READ),
  rule(['apps'], ['replicasets', 'replicasets/status'], READ),
  rule(['coordination.k8s.io'], ['leases'], READ),
];
const EDIT_RULES = [...VIEW_RULES, rule([''], ['pods', 'serviceaccounts', 'events'], WRITE), rule(['apps'], ['replicasets'], WRITE)];

/** bootstrapClusterRoles are the default ClusterRoles. */
export function bootstrapClusterRoles(): Role[] {
  return [
    clusterRole('cluster-admin', [rule(['*'], ['*'], ['*']), { nonResourceURLs: ['*'], verbs: ['*'] }]),
    clusterRole('admin', [...EDIT_RULES, rule(['rbac.authorization.k8s.io'], ['roles', 'rolebindings'], [...READ, ...WRITE])]),
    clusterRole('edit', EDIT_RULES),
    clusterRole('view', VIEW_RULES),
    clusterRole('system:basic-user', [
      rule(['authentication.k8s.io'], ['selfsubjectreviews'], ['create']),
      rule(['authorization.k8s.io'], ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'], ['create']),
    ]),
    clusterRole('system:discovery', [{ nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/'], verbs: ['get'] }]),
    clusterRole('system:public-info-viewer', [{ nonResourceURLs: ['/healthz', '/livez', '/readyz', '/version', '/version/'], verbs: ['get'] }]),
    // Read access to the monitoring endpoints, the health checks one by one included (the model
    // serves no /metrics; the rule names it as the real one does).
    clusterRole('system:monitoring', [
      { nonResourceURLs: ['/metrics', '/metrics/slis', '/livez', '/readyz', '/healthz', '/livez/*', '/readyz/*', '/healthz/*'], verbs: ['get'] },
    ]),
    clusterRole('system:kube-scheduler', [
      rule(['', 'events.k8s.io'], ['events'], ['create', 'patch', 'update']),
      rule(['coordination.k8s.io'], ['leases'], ['create', 'get', 'update']),
      rule([''], ['nodes'], READ),
      rule([''], ['pods'], [...READ, 'delete']),
      rule([''], ['bindings', 'pods/binding'], ['create']),
      rule([''], ['pods/status'], ['patch', 'update']),
      rule([''], ['namespaces'], READ),
      rule(['apps'], ['replicasets'], READ),
      rule(['authorization.k8s.io'], ['subjectaccessreviews'], ['create']),
    ]),
    clusterRole('system:kube-controller-manager', [
      rule(['', 'events.k8s.io'], ['events'], ['create', 'patch', 'update']),
      rule(['coordination.k8s.io'], ['leases'], [...READ, ...WRITE]),
      rule([''], ['pods', 'pods/status', 'nodes', 'nodes/status', 'namespaces', 'namespaces/status', 'serviceaccounts'], [...READ, ...WRITE]),
      rule(['apps'], ['replicasets', 'replicasets/status'], [...READ, ...WRITE]),
    ]),
    clusterRole('system:node', [
      rule([''], ['nodes'], [...READ, 'create', 'delete', 'patch', 'update']),
      rule([''], ['nodes/status'], ['patch', 'update']),
      rule([''], ['pods'], [...READ, 'create', 'delete']),
      rule([''], ['pods/status'], ['patch', 'update']),
      rule(['', 'events.k8s.io'], ['events'], ['create', 'patch', 'update']),
      rule(['coordination.k8s.io'], ['leases'], [...READ, 'create', 'delete', 'patch', 'update']),
      rule(['authorization.k8s.io'], ['selfsubjectaccessreviews'], ['create']),
    ]),
  ];
}

/** bootstrapClusterRoleBindings bind the defaults to their well-known users and groups. */
export function bootstrapClusterRoleBindings(): RoleBinding[] {
  return [
    clusterRoleBinding('cluster-admin', 'cluster-admin', [group('system:masters')]),
    clusterRoleBinding('system:basic-user', 'system:basic-user', [group('system:authenticated')]),
    clusterRoleBinding('system:discovery', 'system:discovery', [group('system:authenticated')]),
    clusterRoleBinding('system:public-info-viewer', 'system:public-info-viewer', [group('system:authenticated'), group('system:unauthenticated')]),
    clusterRoleBinding('system:monitoring', 'system:monitoring', [group('system:monitoring')]),
    clusterRoleBinding('system:kube-scheduler', 'system:kube-scheduler', [user('system:kube-scheduler')]),
    clusterRoleBinding('system:kube-controller-manager', 'system:kube-controller-manager', [user('system:kube-controller-manager')]),
    // The real binding exists with no subjects: nodes are authorized by the Node authorizer.
    clusterRoleBinding('system:node', 'system:node', []),
  ];
}
