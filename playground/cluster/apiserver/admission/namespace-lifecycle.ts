/**
 * NamespaceLifecycle refuses new objects in a namespace that does not exist (404
 * `namespaces "x" not found`) or is being terminated (403 `unable to create new content in
 * namespace x because it is being terminated`), and the deletion of the system namespaces.
 */
import { forbidden, notFound, StatusError } from '../../api/status';
import type { Namespace } from '../../api/types';
import type { AdmissionPlugin } from './types';

const IMMORTAL = ['default', 'kube-system', 'kube-public'];

export const NamespaceLifecycle: AdmissionPlugin = {
  name: 'NamespaceLifecycle',
  // Namespaces can only be refused deletion; other objects only creation.
  operations: ['CREATE', 'DELETE'],
  admit(a, lookups) {
    if (a.resource.resource === 'namespaces') {
      if (a.operation === 'DELETE' && IMMORTAL.includes(a.name)) throw new StatusError(forbidden({ group: a.resource.group, resource: a.resource.resource }, a.name, 'this namespace may not be deleted'));
      return;
    }
    if (!a.resource.namespaced || a.operation !== 'CREATE' || !a.namespace) return;
    const namespace = lookups.namespace(a.namespace) as Namespace | undefined;
    if (!namespace) throw new StatusError(notFound({ group: '', resource: 'namespaces' }, a.namespace));
    if (namespace.status?.phase === 'Terminating') {
      const why = `unable to create new content in namespace ${a.namespace} because it is being terminated`;
      throw new StatusError(forbidden({ group: a.resource.group, resource: a.resource.resource }, a.name, why, [{ reason: 'NamespaceTerminating', message: why, field: 'metadata.namespace' }]));
    }
  },
};
