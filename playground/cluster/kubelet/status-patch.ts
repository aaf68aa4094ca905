import type { PodCondition, PodStatus } from '../api/types';

/** Lists in PodStatus that a strategic merge patch merges item by item, with their merge key. */
const MERGE_KEYS: Record<string, string> = { conditions: 'type', containerStatuses: 'name', initContainerStatuses: 'name' };

type Json = unknown;
/** isMap says whether a JSON value is an object (not a list, not null). */
export const isMap = (value: Json): value is Record<string, Json> => typeof value === 'object' && value !== null && !Array.isArray(value);

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
  return withConditionOrder(withRemovals(previous, next, undefined) as Record<string, Json>, next);
}

/**
 * statusPatchOf is statusPatch(previous, fresh) for a `fresh` status that nothing else holds (built
 * for this one patch, sharing no object with `previous` or anything kept): the nulls are added to
 * it in place and undefined fields dropped from it, which gives the same patch, key for key and in
 * the same order, without copying every object of the status (QuickJS builds objects slowly: a
 * copy costs several times what building the status did).
 */
export function statusPatchOf(previous: PodStatus | undefined, fresh: PodStatus): Record<string, Json> {
  return withConditionOrder(addRemovals(previous, fresh, undefined) as Record<string, Json>, fresh);
}

/**
 * firstStatusPatch is statusPatchOf(undefined, fresh) for a `fresh` status with no undefined value
 * anywhere, as podStatusFromView builds them: with nothing sent before there are no nulls to add
 * and nothing to delete, so the status goes out as it is, with its conditions' order, unwalked.
 * `conditionOrder`, when given, is that order, known to the caller (see builtConditionOrder).
 */
export function firstStatusPatch(fresh: PodStatus, conditionOrder?: Record<string, Json>[]): Record<string, Json> {
  const patch = fresh as Record<string, Json>;
  patch['$setElementOrder/conditions'] = conditionOrder ?? typeOrder(fresh.conditions ?? []);
  return patch;
}

/**
 * typeOrder is elementOrder(conditions, 'type') for a list podStatusFromView built, whose items
 * are all objects: no test per item, and a plain object literal per item (a first report of every
 * pod goes through here).
 */
function typeOrder(conditions: readonly PodCondition[]): Record<string, Json>[] {
  const order: Record<string, Json>[] = [];
  for (let i = 0; i < conditions.length; i++) order.push({ type: conditions[i].type });
  return order;
}

/**
 * withConditionOrder adds `$setElementOrder/conditions` to a whole-status patch: it keeps the
 * kubelet's condition order when the server merges the list by `type`.
 */
function withConditionOrder(patch: Record<string, Json>, status: PodStatus): Record<string, Json> {
  patch['$setElementOrder/conditions'] = elementOrder(status.conditions ?? [], 'type');
  return patch;
}

/** elementOrder is the `$setElementOrder` list of `list`: each item's merge key, in order. */
export function elementOrder(list: readonly Json[], mergeKey: string): Record<string, Json>[] {
  const order: Record<string, Json>[] = [];
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    // isMap, inline: this runs for every item of every list a patch orders.
    order.push({ [mergeKey]: typeof item === 'object' && item !== null && !Array.isArray(item) ? (item as Record<string, Json>)[mergeKey] : null });
  }
  return order;
}

/** plainCopy copies JSON-shaped data, leaving undefined fields out (as JSON would). */
export function plainCopy<T>(value: T): T {
  return withRemovals(undefined, value, undefined) as T;
}

/**
 * addRemovals is withRemovals done in place on `next`: undefined fields are deleted (a list's
 * undefined items become null), and `null` is added after the other fields for each field of
 * `previous` that `next` lacks. A field `next` has with an undefined value counts as present, as
 * in withRemovals.
 */
function addRemovals(previous: Json, next: Json, listKey: string | undefined): Json {
  if (Array.isArray(next)) {
    const keyed = listKey !== undefined && Array.isArray(previous);
    for (let i = 0; i < next.length; i++) {
      const item = next[i] as Json;
      if (item === undefined) next[i] = null;
      else if (typeof item === 'object' && item !== null) {
        const old = keyed && !Array.isArray(item) ? findByKey(previous as Json[], listKey, (item as Record<string, Json>)[listKey]) : undefined;
        addRemovals(old, item, undefined);
      }
    }
    return next;
  }
  if (typeof next !== 'object' || next === null) return next;
  const map = next as Record<string, Json>;
  const before = isMap(previous) ? previous : undefined;
  // The fields to clear are found before any undefined one is deleted, and added after the walk.
  let cleared: string[] | undefined;
  if (before !== undefined) for (const key in before) if (!(key in map)) (cleared ??= []).push(key);
  for (const key in map) {
    const value = map[key];
    if (value === undefined) delete map[key];
    else if (typeof value === 'object' && value !== null) {
      addRemovals(before === undefined ? undefined : before[key], value, Array.isArray(value) ? MERGE_KEYS[key] : undefined);
    }
  }
  if (cleared !== undefined) for (let i = 0; i < cleared.length; i++) map[cleared[i]] = null;
  return map;
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
  const at = indexByKey(list, key, value);
  return at < 0 ? undefined : list[at];
}

/** indexByKey is the index of the first map in `list` whose `mergeKey` field is `value`, or -1. */
export function indexByKey(list: readonly Json[], mergeKey: string, value: Json): number {
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    if (isMap(item) && item[mergeKey] === value) return i;
  }
  return -1;
}
