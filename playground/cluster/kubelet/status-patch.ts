import type { PodStatus } from '../api/types';

/** Lists in PodStatus that a strategic merge patch merges item by item, with their merge key. */
const MERGE_KEYS: Record<string, string> = { conditions: 'type', containerStatuses: 'name', initContainerStatuses: 'name' };

type Json = unknown;
const isMap = (value: Json): value is Record<string, Json> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * statusPatch is the body of the kubelet's strategic-merge PATCH of pods/<name>/status: the new
 * status, plus `null` for every field it sent before that is gone now. Without the nulls the
 * server keeps stale fields — a running container would still carry `state.waiting` and kubectl
 * would print ContainerCreating forever. The real kubelet gets the same effect from a two-way
 * merge patch between the old and new status (pkg/util/pod.PatchPodStatus).
 *
 * The patch is built fresh, as plain JSON data (undefined fields left out, as JSON would leave
 * them), and shares nothing with `previous` or `next`: so it can be handed over to the transport
 * without a copy, and nothing the server does with it reaches the kubelet's own status.
 */
export function statusPatch(previous: PodStatus | undefined, next: PodStatus): Record<string, Json> {
  const patch = withRemovals(previous, next, undefined) as Record<string, Json>;
  // $setElementOrder keeps the kubelet's condition order when the server merges by `type`.
  const order: { type: string }[] = [];
  const conditions = next.conditions;
  if (conditions) for (let i = 0; i < conditions.length; i++) order.push({ type: conditions[i].type });
  patch['$setElementOrder/conditions'] = order;
  return patch;
}

/**
 * withRemovals copies `next`, adding `null` for the fields of `previous` that `next` lacks.
 * Scalars (most of a status: strings, numbers, booleans) are copied where they are met rather
 * than through a call each, and lists are walked by index: a patch goes out with most status
 * changes, and an interpreter pays for every call and iterator.
 */
function withRemovals(previous: Json, next: Json, listKey: string | undefined): Json {
  if (Array.isArray(next)) {
    const out: Json[] = [];
    const keyed = listKey !== undefined && Array.isArray(previous);
    for (let i = 0; i < next.length; i++) {
      const item = next[i] as Json;
      // JSON writes a missing element as null.
      if (item === undefined) out.push(null);
      else if (typeof item !== 'object' || item === null) out.push(item);
      else {
        const old = keyed && !Array.isArray(item) ? findByKey(previous as Json[], listKey, (item as Record<string, Json>)[listKey]) : undefined;
        out.push(withRemovals(old, item, undefined));
      }
    }
    return out;
  }
  if (typeof next !== 'object' || next === null) return next;
  // Key lists rather than Object.entries: the same keys in the same order, without a pair array per key.
  const map = next as Record<string, Json>;
  const out: Record<string, Json> = {};
  const before = isMap(previous) ? previous : undefined;
  const nextKeys = Object.keys(map);
  for (let i = 0; i < nextKeys.length; i++) {
    const key = nextKeys[i];
    const value = map[key];
    if (value === undefined) continue;
    if (typeof value !== 'object' || value === null) out[key] = value;
    else out[key] = withRemovals(before === undefined ? undefined : before[key], value, Array.isArray(value) ? MERGE_KEYS[key] : undefined);
  }
  if (before) {
    const previousKeys = Object.keys(before);
    for (let i = 0; i < previousKeys.length; i++) if (!(previousKeys[i] in map)) out[previousKeys[i]] = null;
  }
  return out;
}

/** findByKey is the first map in `list` whose `key` field is `value`. */
function findByKey(list: Json[], key: string, value: Json): Json {
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    if (isMap(item) && item[key] === value) return item;
  }
  return undefined;
}
