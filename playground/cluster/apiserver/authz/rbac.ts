/**
 * RBAC authorizer (plugin/pkg/auth/authorizer/rbac): a request is allowed when a RoleBinding in its
 * namespace or a ClusterRoleBinding binds the user (or one of their groups, or their service
 * account) to a role with a matching rule. RBAC never denies; it has no opinion otherwise.
 */
import type { PolicyRule, Role, RoleBinding, Subject } from '../../api/types';
import type { UserInfo } from '../request';
import { candidateBindings } from './binding-index';
import { shapeOf, type Authorizer, type AuthzAttributes, type Decision } from './types';

/** RbacSource gives the authorizer the current RBAC objects (from the watch cache). */
export interface RbacSource {
  /** The lists must stay the same arrays until the bindings change (they are indexed by identity). */
  clusterRoleBindings(): readonly RoleBinding[];
  roleBindings(namespace: string): readonly RoleBinding[];
  clusterRole(name: string): Role | undefined;
  role(namespace: string, name: string): Role | undefined;
  /**
   * rolesRevision, when the source has one, is a number that changes whenever any Role or
   * ClusterRole does: while it stays, a remembered decision's roles need not be looked up again.
   */
  rolesRevision?(): number;
  /**
   * revision, when the source has one, is a number that changes whenever any RBAC object does
   * (binding or role): while it stays, a remembered decision stands without reading anything again.
   */
  revision?(): number;
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
  return ruleMatchesAllButName(rule, a) && (!a.isResourceRequest || !rule.resourceNames?.length || rule.resourceNames.includes(a.name));
}

/** ruleMatchesAllButName is ruleAllows without the resourceNames check. */
function ruleMatchesAllButName(rule: PolicyRule, a: AuthzAttributes): boolean {
  if (!has(rule.verbs, a.verb)) return false;
  if (!a.isResourceRequest) {
    return (rule.nonResourceURLs ?? []).some((url) => url === '*' || url === a.path || (url.endsWith('*') && a.path.startsWith(url.slice(0, -1))));
  }
  return has(rule.apiGroups, a.apiGroup) && resourceAllowed(rule.resources, a.resource, a.subresource);
}

/**
 * Walk records what a decision depended on, so it can be reused: the roles read (a role that
 * changes is a new object in the watch cache, a missing one stays undefined) and whether a rule
 * limited to resourceNames was reached, which makes the decision depend on the object's name.
 */
interface Walk {
  roles: (Role | undefined)[];
  refs: { kind: string; name: string; namespace: string }[];
  byName: boolean;
}

/**
 * allowingSubject is the binding's subject that matches the user when the bound role has a rule
 * allowing the request; a missing role is noted in `errors` (created on first use).
 */
function allowingSubject(source: RbacSource, binding: RoleBinding, namespace: string, a: AuthzAttributes, errors: { list?: string[] }, walk: Walk): Subject | undefined {
  let subject: Subject | undefined;
  const subjects = binding.subjects ?? [];
  for (let i = 0; i < subjects.length && !subject; i++) if (subjectMatches(subjects[i], a.user, namespace)) subject = subjects[i];
  if (!subject) return undefined;
  const ref = binding.roleRef;
  const role = ref.kind === 'ClusterRole' ? source.clusterRole(ref.name) : source.role(namespace, ref.name);
  walk.roles.push(role);
  walk.refs.push({ kind: ref.kind, name: ref.name, namespace });
  if (!role) {
    (errors.list ??= []).push(ref.kind === 'ClusterRole' ? `clusterrole.rbac.authorization.k8s.io "${ref.name}" not found` : `role.rbac.authorization.k8s.io "${ref.name}" not found`);
    return undefined;
  }
  const rules = role.rules ?? [];
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i];
    if (!ruleMatchesAllButName(rule, a)) continue;
    if (!a.isResourceRequest || !rule.resourceNames?.length) return subject;
    walk.byName = true;
    if (rule.resourceNames.includes(a.name)) return subject;
  }
  return undefined;
}

/** Remembered is one reusable decision and what it was read from. */
interface Remembered {
  clusterBindings: readonly RoleBinding[];
  bindings: readonly RoleBinding[] | undefined;
  walk: Walk;
  decision: Decision;
  /** The source's rolesRevision when the roles were last found current (undefined without one). */
  rolesRevision: number | undefined;
  /** The source's revision when the decision was made or last found current (undefined without one). */
  revision: number | undefined;
}

/** current tells whether the RBAC objects a remembered decision was read from are still the ones in the cache. */
function current(source: RbacSource, clusterBindings: readonly RoleBinding[], bindings: readonly RoleBinding[] | undefined, remembered: Remembered): boolean {
  if (clusterBindings !== remembered.clusterBindings || bindings !== remembered.bindings) return false;
  const revision = source.rolesRevision?.();
  if (revision !== undefined && revision === remembered.rolesRevision) return true;
  const { roles, refs } = remembered.walk;
  for (let i = 0; i < refs.length; i++) {
    const ref = refs[i];
    if ((ref.kind === 'ClusterRole' ? source.clusterRole(ref.name) : source.role(ref.namespace, ref.name)) !== roles[i]) return false;
  }
  // Some other role changed: these are still the same, so the revision check may answer next time.
  remembered.rolesRevision = revision;
  return true;
}

/** decide is the RBAC walk: cluster role bindings, then the role bindings of the request's namespace. */
function decide(source: RbacSource, a: AuthzAttributes, clusterBindings: readonly RoleBinding[], bindings: readonly RoleBinding[] | undefined, walk: Walk): Decision {
  // Plain loops, and the error list only when a role is missing.
  const errors: { list?: string[] } = {};
  const clusterCandidates = candidateBindings(clusterBindings, '', a.user);
  for (let c = 0; c < clusterCandidates.length; c++) {
    const binding = clusterBindings[clusterCandidates[c]];
    const subject = allowingSubject(source, binding, '', a, errors, walk);
    if (subject) return { decision: 'allow', reason: `RBAC: allowed by ClusterRoleBinding "${binding.metadata.name}" of ClusterRole "${binding.roleRef.name}" to ${describe(subject)}` };
  }
  if (bindings) {
    const candidates = candidateBindings(bindings, a.namespace, a.user);
    for (let c = 0; c < candidates.length; c++) {
      const binding = bindings[candidates[c]];
      const subject = allowingSubject(source, binding, a.namespace, a, errors, walk);
      if (subject) return { decision: 'allow', reason: `RBAC: allowed by RoleBinding "${binding.metadata.name}/${a.namespace}" of ${binding.roleRef.kind} "${binding.roleRef.name}" to ${describe(subject)}` };
    }
  }
  const list = errors.list ?? [];
  const reason = list.length === 0 ? '' : list.length === 1 ? `RBAC: ${list[0]}` : `RBAC: [${list.join(', ')}]`;
  return { decision: 'no-opinion', reason };
}

/** MAX_REMEMBERED bounds the remembered decisions; past it they are forgotten all at once. */
const MAX_REMEMBERED = 512;

export function rbacAuthorizer(source: RbacSource): Authorizer {
  // Every request is authorized, and a cluster's requests come in few shapes (the scheduler binding
  // pods, kubelets writing events): a decision is remembered by user and request shape, and reused
  // while the bindings and roles it was read from are unchanged and no rule it reached names objects.
  // By the user object itself: users are read-only and shared by every request with the same
  // credential, so no key is built from a user's name and groups on every request.
  let rememberedByUser = new WeakMap<UserInfo, Map<string, Remembered>>();
  let rememberedCount = 0;
  return {
    name: 'RBAC',
    authorize(a) {
      if (!a.isResourceRequest) return decide(source, a, source.clusterRoleBindings(), a.namespace ? source.roleBindings(a.namespace) : undefined, { roles: [], refs: [], byName: false });
      // The rare request whose parts contain a NUL (the separator) is not remembered. Shared
      // attributes (a collection path's requests) bring their shape, worked out once.
      const shape = a.shape !== undefined ? a.shape : shapeOf(a);
      if (shape === null) return decide(source, a, source.clusterRoleBindings(), a.namespace ? source.roleBindings(a.namespace) : undefined, { roles: [], refs: [], byName: false });
      let mine = rememberedByUser.get(a.user);
      const known = mine?.get(shape);
      // No RBAC object changed since the decision was made or last found current (the usual case,
      // on nearly every request): it stands, with no binding list or role to read again.
      const revision = source.revision?.();
      if (known && revision !== undefined && known.revision === revision) return known.decision;
      const clusterBindings = source.clusterRoleBindings();
      const bindings = a.namespace ? source.roleBindings(a.namespace) : undefined;
      if (known && current(source, clusterBindings, bindings, known)) {
        known.revision = revision;
        return known.decision;
      }
      const walk: Walk = { roles: [], refs: [], byName: false };
      const decision = decide(source, a, clusterBindings, bindings, walk);
      if (!walk.byName) {
        if (!known) {
          if (rememberedCount >= MAX_REMEMBERED) {
            rememberedByUser = new WeakMap();
            rememberedCount = 0;
            mine = undefined;
          }
          rememberedCount++;
        }
        if (!mine) rememberedByUser.set(a.user, (mine = new Map()));
        mine.set(shape, { clusterBindings, bindings, walk, decision, rolesRevision: source.rolesRevision?.(), revision });
      }
      return decision;
    },
  };
}

function describe(subject: Subject): string {
  return subject.kind === 'ServiceAccount' ? `ServiceAccount "${subject.name}/${subject.namespace ?? ''}"` : `${subject.kind} "${subject.name}"`;
}
