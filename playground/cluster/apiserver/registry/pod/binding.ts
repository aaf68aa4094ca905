/**
 * bindPod is BindingREST.Create (pkg/registry/core/pod/storage/storage.go): the scheduler's POST to
 * pods/<name>/binding becomes a GuaranteedUpdate that sets spec.nodeName, merges the binding's
 * annotations and sets PodScheduled=True — refusing pods already bound or being deleted.
 */
import { badRequest, conflict, invalid, StatusError } from '../../../api/status';
import type { Binding, Pod, PodCondition } from '../../../api/types';
import { timestamp } from '../../../sim/time';
import { carryDecodedSpec } from '../quantities';
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
  return store.guaranteedUpdateFrom(namespace, name, (stored) => {
    const current = stored.existing() as Pod;
    if (current.metadata.deletionTimestamp) {
      throw new StatusError(conflict(store.gr, name, `pod ${name} is being deleted, cannot be assigned to a host`));
    }
    // A pod put into etcd without a spec (or with a null one) decodes with an empty spec, as Go's does.
    if (current.spec?.nodeName) {
      throw new StatusError(conflict(store.gr, name, `pod ${name} is already assigned to node "${current.spec.nodeName}"`));
    }
    // A stored pod of unusual shape (a status that is no object…) is bound in place on a decoded
    // copy, so it fails or succeeds exactly as it always did.
    if (!isMap(current.metadata) || !isMap(current.spec) || !(current.status == null || (isMap(current.status) && (current.status.conditions == null || Array.isArray(current.status.conditions))))) {
      const copy = stored.copy() as Pod;
      if (copy.spec == null) copy.spec = {} as Pod['spec'];
      return bindInPlace(copy, target.name, binding, now);
    }
    // The stored pod is read-only: the bound pod is a new one sharing what the binding leaves alone,
    // its keys in the stored order, so it serializes as the stored pod changed in place would.
    const metadata = { ...current.metadata };
    const spec = { ...current.spec };
    const pod: Pod = { ...current, metadata, spec };
    // Its conditions list is the stored one until bindInPlace changes it (it then makes a new one).
    pod.status = { ...(current.status ?? {}) };
    bindInPlace(pod, target.name, binding, now);
    // What the copies hold is known here: the store's encoder need not compare them with the
    // stored parts key by key (metadata as stored unless the binding brought annotations; the
    // spec as stored plus nodeName at its end, unless the stored spec had the key already).
    if (pod.metadata === metadata && metadata.annotations === current.metadata.annotations) stored.encoding.markStoredCopy(metadata, current.metadata);
    if (typeof target.name === 'string' && !('nodeName' in current.spec)) stored.encoding.markKeyAdded(spec, current.spec, 'nodeName', target.name);
    // The bound spec decodes exactly when the stored one did: nodeName holds no quantity.
    carryDecodedSpec(spec, current.spec);
    return pod;
  }) as Pod;
}

function isMap(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * bindInPlace sets the node, merges the binding's annotations and marks the pod scheduled, changing
 * `pod`. Its conditions list is replaced, not changed: it may be the stored pod's.
 */
function bindInPlace(pod: Pod, nodeName: string, binding: Binding, now: string): Pod {
  pod.spec.nodeName = nodeName;
  // Bindings rarely carry annotations: no entries list (nor iterator) for the usual empty case.
  const annotations = binding.metadata?.annotations;
  if (annotations) {
    for (const [key, value] of Object.entries(annotations)) {
      pod.metadata.annotations = { ...pod.metadata.annotations, [key]: value };
    }
  }
  const status = (pod.status = pod.status ?? {});
  const conditions = (status.conditions = status.conditions ?? (NO_CONDITIONS as PodCondition[]));
  const scheduled: PodCondition = { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: now };
  let index = -1;
  if (Array.isArray(conditions)) {
    for (let i = 0; i < conditions.length && index < 0; i++) if (conditions[i].type === 'PodScheduled') index = i;
  } else {
    // A stored status whose conditions are no list fails exactly as it always has.
    index = (conditions as PodCondition[]).findIndex((c) => c.type === 'PodScheduled');
  }
  // The new list is made at its final length: a list grown by push keeps room for 16 more items in
  // V8, and the bound pod's list is kept (watch cache, informers) until the kubelet's first status.
  if (index < 0) status.conditions = conditions.concat(scheduled);
  else if (conditions[index].status !== 'True') {
    const replaced = conditions.slice();
    replaced[index] = scheduled;
    status.conditions = replaced;
  }
  return pod;
}

/** NO_CONDITIONS stands for a status without conditions: bindInPlace makes the list it keeps. */
const NO_CONDITIONS: readonly PodCondition[] = Object.freeze([]);
