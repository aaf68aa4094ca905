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
 */
export function statusPatch(previous: PodStatus | undefined, next: PodStatus): Record<string, Json> {
  const patch = withRemovals(previous ?? {}, next, undefined) as Record<string, Json>;
  // $setElementOrder keeps the kubelet's condition order when the server merges by `type`.
  const order: { type: string }[] = [];
  for (const c of next.conditions ?? []) order.push({ type: c.type });
  patch['$setElementOrder/conditions'] = order;
  return patch;
}

function withRemovals(previous: Json, next: Json, listKey: string | undefined): Json {
  if (isMap(previous) && isMap(next)) {
    // Key lists rather than Object.entries: the same keys in the same order, without a pair array per key.
    const out: Record<string, Json> = {};
    const nextKeys = Object.keys(next);
    for (let i = 0; i < nextKeys.length; i++) out[nextKeys[i]] = withRemovals(previous[nextKeys[i]], next[nextKeys[i]], MERGE_KEYS[nextKeys[i]]);
    const previousKeys = Object.keys(previous);
    for (let i = 0; i < previousKeys.length; i++) if (!(previousKeys[i] in next)) out[previousKeys[i]] = null;
    return out;
  }
  if (listKey && Array.isArray(previous) && Array.isArray(next)) {
    const out: Json[] = [];
    for (const item of next) {
      const old = isMap(item) ? findByKey(previous, listKey, item[listKey]) : undefined;
      out.push(old === undefined ? item : withRemovals(old, item, undefined));
    }
    return out;
  }
  return next;
}

/** findByKey is the first map in `list` whose `key` field is `value`. */
function findByKey(list: Json[], key: string, value: Json): Json {
  for (const item of list) if (isMap(item) && item[key] === value) return item;
  return undefined;
}
