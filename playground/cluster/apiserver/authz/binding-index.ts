/**
 * BindingIndex finds the role bindings that can match a user without reading every binding: the
 * RBAC authorizer runs on every request and a cluster has dozens of bindings, most naming other
 * users and groups. Candidates come back in list order, so the first binding that allows a request
 * (the one the decision names) is the same as in a walk over the whole list.
 */
import type { RoleBinding } from '../../api/types';
import type { UserInfo } from '../request';

/** Binding positions by the user name (User and ServiceAccount subjects) or group they name. */
interface Index {
  byUser: Map<string, number[]>;
  byGroup: Map<string, number[]>;
}

/** Indexes by list: lists from the watch cache are kept until the bindings change (Cacher.list). */
const INDEXES = new WeakMap<readonly RoleBinding[], Index>();

function add(map: Map<string, number[]>, key: string, position: number): void {
  const positions = map.get(key);
  if (!positions) map.set(key, [position]);
  else if (positions[positions.length - 1] !== position) positions.push(position);
}

function build(bindings: readonly RoleBinding[], bindingNamespace: string): Index {
  const index: Index = { byUser: new Map(), byGroup: new Map() };
  for (let i = 0; i < bindings.length; i++) {
    const subjects = bindings[i].subjects ?? [];
    for (let j = 0; j < subjects.length; j++) {
      const subject = subjects[j];
      if (subject.kind === 'User') add(index.byUser, subject.name, i);
      else if (subject.kind === 'Group') add(index.byGroup, subject.name, i);
      else if (subject.kind === 'ServiceAccount') add(index.byUser, `system:serviceaccount:${subject.namespace || bindingNamespace}:${subject.name}`, i);
    }
  }
  return index;
}

/**
 * candidateBindings lists, in list order, the positions of the bindings in `bindings` with a
 * subject naming `user` (by name, group or service account). `bindingNamespace` is the namespace
 * of a RoleBinding list ('' for ClusterRoleBindings), where a ServiceAccount subject may omit its own.
 */
export function candidateBindings(bindings: readonly RoleBinding[], bindingNamespace: string, user: UserInfo): number[] {
  let index = INDEXES.get(bindings);
  if (!index) {
    index = build(bindings, bindingNamespace);
    INDEXES.set(bindings, index);
  }
  const found: number[] = [];
  const byName = index.byUser.get(user.name);
  if (byName) for (let i = 0; i < byName.length; i++) found.push(byName[i]);
  for (let g = 0; g < user.groups.length; g++) {
    const byGroup = index.byGroup.get(user.groups[g]);
    if (byGroup) for (let i = 0; i < byGroup.length; i++) found.push(byGroup[i]);
  }
  if (found.length < 2) return found;
  // Insertion sort: a handful of positions, where Array.prototype.sort's setup would dominate.
  for (let i = 1; i < found.length; i++) {
    const position = found[i];
    let j = i - 1;
    for (; j >= 0 && found[j] > position; j--) found[j + 1] = found[j];
    found[j + 1] = position;
  }
  let unique = 1;
  for (let i = 1; i < found.length; i++) if (found[i] !== found[unique - 1]) found[unique++] = found[i];
  found.length = unique;
  return found;
}
