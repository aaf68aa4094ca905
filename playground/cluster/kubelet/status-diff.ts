/**
 * statusDiff is the kubelet's two-way strategic merge patch of a pod status, as
 * pkg/util/pod.PatchPodStatus builds it with strategicpatch.CreateTwoWayMergePatch: only what
 * changed between the status the API holds from this kubelet and the new one.
 */
import type { PodStatus } from '../api/types';
import { jsonEqual } from './json-equal';
import { elementOrder, indexByKey, isMap, plainCopy } from './status-patch';

type Json = unknown;
type JsonMap = Record<string, Json>;

/**
 * DIFF_MERGE_KEYS are the PodStatus lists with patchStrategy merge, by their patchMergeKey: they
 * are diffed item by item; every other list is sent whole when it changed.
 */
const DIFF_MERGE_KEYS: Record<string, string> = {
  conditions: 'type',
  containerStatuses: 'name',
  initContainerStatuses: 'name',
  ephemeralContainerStatuses: 'name',
  podIPs: 'ip',
  hostIPs: 'ip',
};

/**
 * statusDiff is the patch that turns `base` into `next`, or undefined when they are the same
 * data: changed and new fields (new objects copied whole), `null` for fields `base` has and
 * `next` lacks, and for merge-keyed lists only the changed items (each with its merge key), a
 * `{$patch: delete}` item per removed one and `$setElementOrder/<list>` with the new order.
 * Undefined-valued fields count as absent, as in JSON. The patch shares no object with either
 * argument. As in Kubernetes, fields a patch does not name are left as the server has them: a
 * condition another writer added survives, and the kubelet's own unchanged fields are not resent.
 */
export function statusDiff(base: PodStatus, next: PodStatus): JsonMap | undefined {
  return diffMaps(base as JsonMap, next as JsonMap);
}

/**
 * diffMaps is statusDiff for two maps: next's changed keys in next's order, then the nulls. A patch
 * of a list item (`mergeKey` given) starts with the item's merge key, which the server finds it by.
 */
export function diffMaps(base: JsonMap, next: JsonMap, mergeKey?: string): JsonMap | undefined {
  let patch: JsonMap | undefined;
  // How many of next's fields base has too: when that is all of base's fields, none was dropped.
  // A function, or what `__proto__` reads, is base's prototype speaking (JSON data holds neither):
  // not a field of base, so not counted (a PodScheduled from the API may have any field names).
  let kept = 0;
  for (const key in next) {
    const value = next[key];
    if (value === undefined) continue;
    const old = base[key];
    // An unchanged field, the usual case, with one test: JSON data is never what base's prototype
    // gives (a function, or the object `__proto__` reads), so the field is base's own.
    if (value === old) {
      kept++;
      continue;
    }
    if (old !== undefined && typeof old !== 'function' && key !== '__proto__') kept++;
    // Type tests written out: this runs for every field of every report, and a call costs in an interpreter.
    if (typeof value !== 'object' || value === null || typeof old !== 'object' || old === null) {
      (patch ??= started(mergeKey, next))[key] = typeof value === 'object' && value !== null ? plainCopy(value) : value;
    } else if (Array.isArray(value)) {
      const listKey = DIFF_MERGE_KEYS[key];
      if (listKey !== undefined && Array.isArray(old)) {
        const listPatch = diffList(old, value, listKey);
        if (listPatch !== undefined) {
          patch ??= started(mergeKey, next);
          if (listPatch.length > 0) patch[key] = listPatch;
          patch[`$setElementOrder/${key}`] = elementOrder(value, listKey);
        }
      } else if (!jsonEqual(old, value)) (patch ??= started(mergeKey, next))[key] = plainCopy(value);
    } else if (!Array.isArray(old)) {
      const inner = diffMaps(old as JsonMap, value as JsonMap);
      if (inner !== undefined) (patch ??= started(mergeKey, next))[key] = inner;
    } else (patch ??= started(mergeKey, next))[key] = plainCopy(value);
  }
  // Base's fields that next lacks become nulls. Every field of base (JSON data: own fields only) was
  // counted above when they number `kept`, so the walk over base, the usual case, is skipped.
  if (Object.keys(base).length !== kept) {
    for (const key in base) if (base[key] !== undefined && next[key] === undefined) (patch ??= started(mergeKey, next))[key] = null;
  }
  return patch;
}

/** started is a new patch: empty, or for a list item its merge key and value. */
function started(mergeKey: string | undefined, item: JsonMap): JsonMap {
  return mergeKey === undefined ? {} : { [mergeKey]: item[mergeKey] };
}

/**
 * diffList is the patch of the merge-keyed list `base` into `next`: its changed and new items,
 * then a `{$patch: delete}` per removed one; an empty list when only the order changed, undefined
 * when nothing did. Items are matched by merge key; a list with an item that is not an object
 * cannot be, and goes whole.
 */
export function diffList(base: Json[], next: Json[], mergeKey: string): Json[] | undefined {
  let changed: Json[] | undefined;
  let sameOrder = base.length === next.length;
  for (let i = 0; i < next.length; i++) {
    const item = next[i];
    // isMap, inline (as below): this runs for every item of every list a report diffs.
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return plainCopy(next);
    // The very same item at its own index (a part the status builder reused) has neither changed nor moved.
    if (sameOrder && base[i] === item) continue;
    const id = (item as JsonMap)[mergeKey];
    const old = sameOrder ? base[i] : undefined;
    const at = typeof old === 'object' && old !== null && !Array.isArray(old) && (old as JsonMap)[mergeKey] === id ? i : indexByKey(base, mergeKey, id);
    if (at !== i) sameOrder = false;
    if (at < 0) (changed ??= []).push(plainCopy(item));
    // The very same item (a part the status builder reused) has not changed.
    else if (base[at] !== item) {
      const inner = diffMaps(base[at] as JsonMap, item as JsonMap, mergeKey);
      if (inner !== undefined) (changed ??= []).push(inner);
    }
  }
  // Every base item matched the next item at its own index: none was removed.
  if (sameOrder) return changed;
  for (let i = 0; i < base.length; i++) {
    const old = base[i];
    if (isMap(old) && indexByKey(next, mergeKey, old[mergeKey]) < 0) (changed ??= []).push({ $patch: 'delete', [mergeKey]: old[mergeKey] });
  }
  // Only the order changed when nothing else did.
  return changed ?? [];
}
