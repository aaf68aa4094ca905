/**
 * RBAC authorizer (plugin/pkg/auth/authorizer/rbac): a request is allowed when a RoleBinding in its
 * namespace or a ClusterRoleBinding binds the user (or one of their groups, or their service
 * account) to a role with a matching rule. RBAC never denies; it has no opinion otherwise.
 */
import type { PolicyRule, Role, RoleBinding, Subject } from '../../api/types';
import type { UserInfo } from '../request';
import type { Authorizer, AuthzAttributes } from './types';

/** RbacSource gives the authorizer the current RBAC objects (from the watch cache). */
export interface RbacSource {
  clusterRoleBindings(): RoleBinding[];
  roleBindings(namespace: string): RoleBinding[];
  clusterRole(name: string): Role | undefined;
  role(namespace: string, name: string): Role | undefined;
}

function subjectMatches(subject: Subject, user: UserInfo, bindingNamespace: string): boolean {
  switch (subject.kind) {
    case 'User':
      return subject.name === user.name;
    case 'Group':
      return user.groups.includes(subject.name);
    case 'ServiceAccount':
      return user.name === `system:serviceaccount:${subject.namespace || bindingNamespace}:${subject.name}`;
    default:
      return false;
  }
}

const has = (list: string[] | undefined, value: string) => (list ?? []).some((item) => item === '*' || item === value);

/** ruleAllows is RuleAllows: verbs, API groups, resources (`pods/status`, a star, or star-slash-subresource) and names. */
export function ruleAllows(rule: PolicyRule, a: AuthzAttributes): boolean {
  if (!has(rule.verbs, a.verb)) return false;
  if (!a.isResourceRequest) {
    return (rule.nonResourceURLs ?? []).some((url) => url === '*' || url === a.path || (url.endsWith('*') && a.path.startsWith(url.slice(0, -1))));
  }
  if (!has(rule.apiGroups, a.apiGroup)) return false;
  const combined = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const resourceOk = (rule.resources ?? []).some(
    (r) => r === '*' || r === combined || (a.subresource && r === `*/${a.subresource}`),
  );
  if (!resourceOk) return false;
  return !rule.resourceNames?.length || rule.resourceNames.includes(a.name);
}

export function rbacAuthorizer(source: RbacSource): Authorizer {
  return {
    name: 'RBAC',
    authorize(a) {
      const errors: string[] = [];
      const check = (binding: RoleBinding, namespace: string): Subject | undefined => {
        const subject = (binding.subjects ?? []).find((s) => subjectMatches(s, a.user, namespace));
        if (!subject) return undefined;
        const ref = binding.roleRef;
        const role = ref.kind === 'ClusterRole' ? source.clusterRole(ref.name) : source.role(namespace, ref.name);
        if (!role) {
          errors.push(ref.kind === 'ClusterRole' ? `clusterrole.rbac.authorization.k8s.io "${ref.name}" not found` : `role.rbac.authorization.k8s.io "${ref.name}" not found`);
          return undefined;
        }
        return (role.rules ?? []).some((rule) => ruleAllows(rule, a)) ? subject : undefined;
      };
      for (const binding of source.clusterRoleBindings()) {
        const subject = check(binding, '');
        if (subject) return { decision: 'allow', reason: `RBAC: allowed by ClusterRoleBinding "${binding.metadata.name}" of ClusterRole "${binding.roleRef.name}" to ${describe(subject)}` };
      }
      if (a.namespace) {
        for (const binding of source.roleBindings(a.namespace)) {
          const subject = check(binding, a.namespace);
          if (subject) return { decision: 'allow', reason: `RBAC: allowed by RoleBinding "${binding.metadata.name}/${a.namespace}" of ${binding.roleRef.kind} "${binding.roleRef.name}" to ${describe(subject)}` };
        }
      }
      const reason = errors.length === 0 ? '' : errors.length === 1 ? `RBAC: ${errors[0]}` : `RBAC: [${errors.join(', ')}]`;
      return { decision: 'no-opinion', reason };
    },
  };
}

function describe(subject: Subject): string {
  return subject.kind === 'ServiceAccount' ? `ServiceAccount "${subject.name}/${subject.namespace ?? ''}"` : `${subject.kind} "${subject.name}"`;
}
