/**
 * bindPod is BindingREST.Create (pkg/registry/core/pod/storage/storage.go): the scheduler's POST to
 * pods/<name>/binding becomes a GuaranteedUpdate that sets spec.nodeName, merges the binding's
 * annotations and sets PodScheduled=True — refusing pods already bound or being deleted.
 */
import { badRequest, conflict, invalid, StatusError } from '../../../api/status';
import type { Binding, Pod, PodCondition } from '../../../api/types';
import { timestamp } from '../../../sim/time';
import type { Store } from '../store';

export function bindPod(store: Store, namespace: string, name: string, binding: Binding): Pod {
  if (binding.metadata?.name && binding.metadata.name !== name) {
    throw new StatusError(badRequest('name in URL does not match name in Binding object'));
  }
  const target = binding.target;
  if (!target || !target.name) {
    throw new StatusError(invalid({ group: '', kind: 'Binding' }, name, [{ field: 'target.name', type: 'Required' }]));
  }
  if (target.kind && target.kind !== 'Node') {
    throw new StatusError(invalid({ group: '', kind: 'Binding' }, name, [{ field: 'target.kind', type: 'Invalid', value: target.kind, detail: "must be empty or 'Node'" }]));
  }
  const now = timestamp(store.deps.sim.loop.now());
  // The stored pod is read-only: the bound pod is a new one sharing what the binding leaves alone,
  // its keys in the stored order, so it serializes as the stored pod changed in place would.
  return store.guaranteedUpdateFrom(namespace, name, (existing) => {
    const current = existing as Pod;
    if (current.metadata.deletionTimestamp) {
      throw new StatusError(conflict(store.gr, name, `pod ${name} is being deleted, cannot be assigned to a host`));
    }
    if (current.spec.nodeName) {
      throw new StatusError(conflict(store.gr, name, `pod ${name} is already assigned to node "${current.spec.nodeName}"`));
    }
    const pod: Pod = { ...current, metadata: { ...current.metadata }, spec: { ...current.spec, nodeName: target.name } };
    for (const [key, value] of Object.entries(binding.metadata?.annotations ?? {})) {
      pod.metadata.annotations = { ...pod.metadata.annotations, [key]: value };
    }
    const status = (pod.status = { ...(pod.status ?? {}) });
    const conditions = (status.conditions = status.conditions ? status.conditions.slice() : []);
    const scheduled: PodCondition = { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: now };
    const index = conditions.findIndex((c) => c.type === 'PodScheduled');
    if (index < 0) conditions.push(scheduled);
    else if (conditions[index].status !== 'True') conditions[index] = scheduled;
    return pod;
  }) as Pod;
}
