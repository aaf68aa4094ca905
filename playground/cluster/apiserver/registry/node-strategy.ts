/**
 * Node policy (pkg/registry/core/node/strategy.go): spec and status are written separately (the
 * kubelet posts status to nodes/status); nodes are selectable by spec.unschedulable.
 */
import type { FieldError } from '../../api/status';
import type { KubeObject, Node } from '../../api/types';
import { nodeQuantityErrors } from './quantities';
import { baseFields, defaultStrategy, type Strategy } from './strategy';

export const nodeStrategy: Strategy = defaultStrategy({
  fieldLabels: ['metadata.name', 'spec.unschedulable'],
  prepareForUpdate(object, old) {
    (object as Node).status = (old as Node).status;
  },
  validate(object) {
    const node = object as Node;
    const errors: FieldError[] = (node.spec?.taints ?? []).flatMap((t, i) =>
      ['NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(t.effect)
        ? []
        : [{ field: `spec.taints[${i}].effect`, type: 'NotSupported' as const, value: t.effect, detail: 'supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"' }],
    );
    // ValidateNode: capacity and allocatable may not be negative.
    for (const error of nodeQuantityErrors(node)) errors.push(error);
    return errors;
  },
  selectableFields: (object: KubeObject) => ({ ...baseFields(object), 'spec.unschedulable': String((object as Node).spec?.unschedulable ?? false) }),
});

/** nodeStatusStrategy is nodes/status: only status changes. */
export const nodeStatusStrategy: Strategy = {
  ...nodeStrategy,
  // Node defaulting writes nothing (defaultStrategy's), in metadata or elsewhere.
  keepsStoredMetadata: true,
  prepareForUpdate(object, old) {
    (object as Node).spec = (old as Node).spec;
  },
};
