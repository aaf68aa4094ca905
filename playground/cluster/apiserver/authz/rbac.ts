/**
 * RBAC authorizer (plugin/pkg/auth/authorizer/rbac): a request is allowed when a RoleBinding in its
 * namespace or a ClusterRoleBinding binds the user (or one of their groups, or their service
 * account) to a role with a matching rule. RBAC never denies; it has no opinion otherwise.
 */
import type { PolicyRule, Role, RoleBinding, Subject } from '../../api/types';
import type { UserInfo } from '../request';
import { candidateBindings } from './binding-index';
import type { Authorizer, AuthzAttributes } from './types';

/** RbacSource gives the authorizer the current RBAC objects (from the watch cache). */
export interface RbacSource {
  /** The lists must stay the same arrays until the bindings change (they are indexed by identity). */
  clusterRoleBindings(): readonly RoleBinding[];
  roleBindings(namespace: string): readonly RoleBinding[];
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

function has(list: string[] | undefined, value: string): boolean {
  if (list) for (const item of list) if (item === '*' || item === value) return true;
  return false;
}

/** resourceAllowed matches a resource, resource/subresource, a star, or star-slash-subresource, building no strings for plain resources. */
function resourceAllowed(resources: string[] | undefined, resource: string, subresource: string): boolean {
  if (!resources) return false;
  for (const r of resources) {
    if (r === '*') return true;
    if (!subresource) {
      if (r === resource) return true;
    } else if (r.length === resource.length + 1 + subresource.length && r === `${resource}/${subresource}`) return true;
    else if (r.length === subresource.length + 2 && r === `*/${subresource}`) return true;
  }
  return false;
}

/** ruleAllows is RuleAllows: verbs, API groups, resources (`pods/status`, a star, or star-slash-subresource) and names. */
export function ruleAllows(rule: PolicyRule, a: AuthzAttributes): boolean {
  if (!has(rule.verbs, a.verb)) return false;
  if (!a.isResourceRequest) {
    return (rule.nonResourceURLs ?? []).some((url) => url === '*' || url === a.path || (url.endsWith('*') && a.path.startsWith(url.slice(0, -1))));
  }
  if (!has(rule.apiGroups, a.apiGroup)) return false;
  if (!resourceAllowed(rule.resources, a.resource, a.subresource)) return false;
  return !rule.resourceNames?.length || rule.resourceNames.includes(a.name);
}

/**
 * allowingSubject is the binding's subject that matches the user when the bound role has a rule
 * allowing the request; a missing role is noted in `errors` (created on first use).
 */
function allowingSubject(source: RbacSource, binding: RoleBinding, namespace: string, a: AuthzAttributes, errors: { list?: string[] }): Subject | undefined {
  let subject: Subject | undefined;
  const subjects = binding.subjects ?? [];
  for (let i = 0; i < subjects.length && !subject; i++) if (subjectMatches(subjects[i], a.user, namespace)) subject = subjects[i];
  if (!subject) return undefined;
  const ref = binding.roleRef;
  const role = ref.kind === 'ClusterRole' ? source.clusterRole(ref.name) : source.role(namespace, ref.name);
  if (!role) {
    (errors.list ??= []).push(ref.kind === 'ClusterRole' ? `clusterrole.rbac.authorization.k8s.io "${ref.name}" not found` : `role.rbac.authorization.k8s.io "${ref.name}" not found`);
    return undefined;
  }
  const rules = role.rules ?? [];
  for (let i = 0; i < rules.length; i++) if (ruleAllows(rules[i], a)) return subject;
  return undefined;
}

export function rbacAuthorizer(source: RbacSource): Authorizer {
  return {
    name: 'RBAC',
    authorize(a) {
      // Every request is authorized: plain loops, and the error list only when a role is missing.
      const errors: { list?: string[] } = {};
      const clusterBindings = source.clusterRoleBindings();
      const clusterCandidates = candidateBindings(clusterBindings, '', a.user);
      for (let c = 0; c < clusterCandidates.length; c++) {
        const binding = clusterBindings[clusterCandidates[c]];
        const subject = allowingSubject(source, binding, '', a, errors);
        if (subject) return { decision: 'allow', reason: `RBAC: allowed by ClusterRoleBinding "${binding.metadata.name}" of ClusterRole "${binding.roleRef.name}" to ${describe(subject)}` };
      }
      if (a.namespace) {
        const bindings = source.roleBindings(a.namespace);
        const candidates = candidateBindings(bindings, a.namespace, a.user);
        for (let c = 0; c < candidates.length; c++) {
          const binding = bindings[candidates[c]];
          const subject = allowingSubject(source, binding, a.namespace, a, errors);
          if (subject) return { decision: 'allow', reason: `RBAC: allowed by RoleBinding "${binding.metadata.name}/${a.namespace}" of ${binding.roleRef.kind} "${binding.roleRef.name}" to ${describe(subject)}` };
        }
      }
      const list = errors.list ?? [];
      const reason = list.length === 0 ? '' : list.length === 1 ? `RBAC: ${list[0]}` : `RBAC: [${list.join(', ')}]`;
      return { decision: 'no-opinion', reason };
    },
  };
}

function describe(subject: Subject): string {
  return subject.kind === 'ServiceAccount' ? `ServiceAccount "${subject.name}/${subject.namespace ?? ''}"` : `${subject.kind} "${subject.name}"`;
}
