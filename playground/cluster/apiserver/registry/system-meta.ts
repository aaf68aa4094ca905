/**
 * The object metadata an update keeps from the stored object whatever the client sent: identity,
 * creation and deletion stamps, generation (modelled on rest.BeforeUpdate in k8s.io/apiserver
 * registry/rest/update.go). Split from the store, which only wires storage.
 */
import type { KubeObject } from '../../api/types';

/**
 * keepSystemMeta copies the fields clients cannot set on update (name, namespace when `namespaced`,
 * uid, creationTimestamp, deletion stamps, generation) from `current` onto `updated`, and leaves
 * out any resourceVersion (the store stamps the written one).
 */
export function keepSystemMeta(updated: KubeObject, current: KubeObject, namespaced: boolean): void {
  const meta = (updated.metadata = updated.metadata ?? {});
  const old = current.metadata ?? {};
  meta.name = old.name;
  if (namespaced) meta.namespace = old.namespace;
  meta.uid = old.uid;
  meta.creationTimestamp = old.creationTimestamp;
  // Written out rather than a loop over the three names: every update passes here.
  if (old.deletionTimestamp === undefined) delete meta.deletionTimestamp;
  else meta.deletionTimestamp = old.deletionTimestamp;
  if (old.deletionGracePeriodSeconds === undefined) delete meta.deletionGracePeriodSeconds;
  else meta.deletionGracePeriodSeconds = old.deletionGracePeriodSeconds;
  if (old.generation === undefined) delete meta.generation;
  else meta.generation = old.generation;
  // A copy without the resourceVersion rather than `delete`: deleting a key turns an object into
  // a slow dictionary-mode one in V8 (larger, slower to read and to serialize), and this
  // metadata goes on to the watch cache and every informer. The keys keep their order.
  if ('resourceVersion' in meta) {
    const { resourceVersion: _dropped, ...kept } = meta;
    updated.metadata = kept;
  }
}
