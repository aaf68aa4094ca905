import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RoleBinding, Subject } from '../../api/types';
import { candidateBindings } from './binding-index';

const names = ['alice', 'bob', 'system:nodes', 'system:serviceaccount:default:builder', 'builder', 'default'];
const subject = fc.record({
  kind: fc.constantFrom('User', 'Group', 'ServiceAccount', 'Robot'),
  name: fc.constantFrom(...names),
  namespace: fc.constantFrom(undefined, '', 'default', 'kube-system'),
}) as fc.Arbitrary<Subject>;
const binding = fc.array(subject, { maxLength: 3 }).map(
  (subjects): RoleBinding => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'b' }, subjects, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' } }),
);

/** matches is the authorizer's own subject test (appliesTo): what the index must agree with. */
function matches(s: Subject, user: { name: string; groups: string[] }, ns: string): boolean {
  if (s.kind === 'User') return s.name === user.name;
  if (s.kind === 'Group') return user.groups.includes(s.name);
  if (s.kind === 'ServiceAccount') return user.name === `system:serviceaccount:${s.namespace || ns}:${s.name}`;
  return false;
}

describe('candidateBindings', () => {
  it('lists exactly the bindings with a subject naming the user, in list order', () => {
    fc.assert(
      fc.property(
        fc.array(binding, { maxLength: 12 }),
        fc.constantFrom('', 'default'),
        fc.constantFrom(...names),
        fc.subarray(names),
        (bindings, ns, name, groups) => {
          const user = { name, groups };
          const expected = bindings.flatMap((b: RoleBinding, i: number) => ((b.subjects ?? []).some((s) => matches(s, user, ns)) ? [i] : []));
          expect(candidateBindings(bindings, ns, user)).toEqual(expected);
        },
      ),
    );
  });
});
