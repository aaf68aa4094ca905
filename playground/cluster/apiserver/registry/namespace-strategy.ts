/**
 * Namespace policy (pkg/registry/core/namespace/strategy.go): a new namespace is Active with the
 * `kubernetes` finalizer and the `kubernetes.io/metadata.name` label; names are DNS-1123 labels;
 * phase only changes through deletion.
 */
import type { KubeObject, Namespace } from '../../api/types';
import { baseFields, defaultStrategy, type Strategy } from './strategy';

export const namespaceStrategy: Strategy = defaultStrategy({
  nameRule: 'label',
  fieldLabels: ['metadata.name', 'status.phase'],
  returnDeletedObject: true,
  defaults(object) {
    const ns = object as Namespace;
    if (ns.metadata?.name) ns.metadata.labels = { ...ns.metadata.labels, 'kubernetes.io/metadata.name': ns.metadata.name };
  },
  prepareForCreate(object) {
    const ns = object as Namespace;
    ns.spec = { finalizers: ['kubernetes'] };
    ns.status = { phase: 'Active' };
  },
  prepareForUpdate(object, old) {
    const ns = object as Namespace;
    ns.spec = (old as Namespace).spec;
    ns.status = (old as Namespace).status;
  },
  selectableFields: (object: KubeObject) => ({ ...baseFields(object), 'status.phase': (object as Namespace).status?.phase ?? '' }),
});

/** namespaceStatusStrategy lets namespaces/status change the status only. */
export const namespaceStatusStrategy: Strategy = {
  ...namespaceStrategy,
  prepareForUpdate(object, old) {
    (object as Namespace).spec = (old as Namespace).spec;
  },
};
