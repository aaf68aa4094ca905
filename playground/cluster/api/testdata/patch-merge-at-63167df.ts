// Test fixture, not product code: playground/cluster/api/patch-merge.ts as it was at commit
// 63167df, kept unchanged as the oracle of patch-merge-differential.property.test.ts (the code
// after this session's speed-ups must behave exactly as this did). Do not edit or import it outside
// that test.
/**
 * JSON merge patch (RFC 7386) and strategic merge patch. The strategic variant merges the lists
 * Kubernetes marks `patchStrategy: merge` by their merge key (containers by name, conditions by
 * type, ports by containerPort…), honours `$patch: delete|replace` and `$setElementOrder/<list>`,
 * and `$deleteFromPrimitiveList/<list>`; other lists are replaced as in a merge patch.
 */
import { PatchError } from '../patch-error';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** mergePatch applies an RFC 7386 merge patch: null deletes, objects merge, everything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const result: JsonObject = isObject(target) ? target : {};
  for (const key of Object.keys(patch)) {
    const value = patch[key];
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value) as Json;
  }
  return result;
}

/** MERGE_KEYS are the patchMergeKey of list fields with patchStrategy merge in the types we model. */
export const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  ports: 'containerPort',
  volumeMounts: 'mountPath',
  volumes: 'name',
  imagePullSecrets: 'name',
  conditions: 'type',
  containerStatuses: 'name',
  initContainerStatuses: 'name',
  podIPs: 'ip',
  hostIPs: 'ip',
  addresses: 'type',
  taints: 'key',
  ownerReferences: 'uid',
};

/** PRIMITIVE_SET_LISTS are lists of strings merged as sets (finalizers). */
const PRIMITIVE_SET_LISTS = new Set(['finalizers']);

function mergeList(field: string, original: Json[] | undefined, patch: Json[], copy: boolean): Json[] {
  const mergeKey = MERGE_KEYS[field];
  if (!mergeKey) {
    if (PRIMITIVE_SET_LISTS.has(field)) return [...(original ?? []).filter((v) => !patch.includes(v)), ...patch];
    return patch.map((item) => stripDirectives(item));
  }
  let replaces = false;
  for (let i = 0; i < patch.length && !replaces; i++) {
    const item = patch[i];
    replaces = typeof item === 'object' && item !== null && (item as JsonObject).$patch === 'replace' && !Array.isArray(item);
  }
  if (replaces) {
    return patch.filter((item) => !(isObject(item) && item.$patch === 'replace')).map((item) => stripDirectives(item));
  }
  const result: Json[] = original ? original.slice() : [];
  for (let i = 0; i < patch.length; i++) {
    const item = patch[i];
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw new PatchError(`unable to merge list "${field}": element ${JSON.stringify(item)} is not an object with "${mergeKey}"`, true);
    const keyValue = item[mergeKey];
    if (keyValue === undefined) throw new PatchError(`map: ${JSON.stringify(item)} does not contain declared merge key: ${mergeKey}`, true);
    const index = indexByKey(result, mergeKey, keyValue);
    if (item.$patch === 'delete') {
      if (index >= 0) result.splice(index, 1);
      continue;
    }
    if (index >= 0) result[index] = merge(result[index], item, copy) as Json;
    else result.push(merge(undefined, item, copy) as Json);
  }
  return result;
}

/** indexByKey is the index of the first object in `list` whose `mergeKey` is `value`, or -1. */
function indexByKey(list: Json[], mergeKey: string, value: Json): number {
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    // The key test first: it fails for anything that is not an object carrying the key.
    if (typeof item === 'object' && item !== null && (item as JsonObject)[mergeKey] === value && !Array.isArray(item)) return i;
  }
  return -1;
}

function stripDirectives(value: Json): Json {
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, field] of Object.entries(value)) if (!key.startsWith('$')) out[key] = stripDirectives(field);
  return out;
}

/** NOT_A_KEY stands for the merge key of an order entry that is not an object: no item has it. */
const NOT_A_KEY = Symbol('not a key');
/** UNFILLED marks a position no item went to (list items may be any JSON, undefined included). */
const UNFILLED = Symbol('unfilled');

function applyElementOrder(list: Json[], order: Json[], mergeKey: string): Json[] {
  // A kubelet resends its conditions in the order it sends with them: one entry per item, in
  // place. Then the list is its own answer, found without building the position lists below.
  if (list.length === order.length && inEntryOrder(list, order, mergeKey)) return list;
  // Items named in `order` come first, in that order (a stable sort by the position of the first
  // entry with their key); the rest keep theirs. Each entry's key is read once, so an item's
  // position is one native indexOf instead of a scan through the entries per item.
  const orderKeys: unknown[] = [];
  for (let i = 0; i < order.length; i++) {
    const entry = order[i];
    orderKeys.push(typeof entry === 'object' && entry !== null && !Array.isArray(entry) ? entry[mergeKey] : NOT_A_KEY);
  }
  // Usually the list is in that order already (a kubelet resends its conditions in the order it
  // sent them before): then it is its own answer.
  const positions: number[] = [];
  let inOrder = true;
  let lastPosition = -1;
  let restSeen = false;
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    const position = typeof item === 'object' && item !== null && !Array.isArray(item) ? orderKeys.indexOf(item[mergeKey]) : -1;
    positions.push(position);
    if (position < 0) restSeen = true;
    else if (restSeen || position <= lastPosition) inOrder = false;
    else lastPosition = position;
  }
  if (inOrder) return list;
  // Items at distinct positions (merge keys are unique in practice) go straight to their slots:
  // the stable sort's answer without sorting.
  const slots: unknown[] = [];
  for (let i = 0; i < order.length; i++) slots.push(UNFILLED);
  const rest: Json[] = [];
  for (let i = 0; i < list.length; i++) {
    const position = positions[i];
    if (position < 0) rest.push(list[i]);
    else if (slots[position] === UNFILLED) slots[position] = list[i];
    else return sortByPosition(list, positions);
  }
  const out: Json[] = [];
  for (let i = 0; i < slots.length; i++) if (slots[i] !== UNFILLED) out.push(slots[i] as Json);
  for (let i = 0; i < rest.length; i++) out.push(rest[i]);
  return out;
}

/**
 * inEntryOrder tells whether every item is an object whose merge key is that of the order entry at
 * its own index, and of no entry before it: each item's position is then its index, which is the
 * order applyElementOrder would leave it in.
 */
function inEntryOrder(list: Json[], order: Json[], mergeKey: string): boolean {
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    const entry = order[i];
    if (typeof item !== 'object' || item === null || Array.isArray(item) || typeof entry !== 'object' || entry === null || Array.isArray(entry)) return false;
    const key = item[mergeKey];
    if (entry[mergeKey] !== key) return false;
    for (let j = 0; j < i; j++) if ((order[j] as JsonObject)[mergeKey] === key) return false;
  }
  return true;
}

/** sortByPosition is applyElementOrder's stable sort, for lists where several items share a position. */
function sortByPosition(list: Json[], positions: number[]): Json[] {
  const ranked: { item: Json; position: number }[] = [];
  const rest: Json[] = [];
  for (let i = 0; i < list.length; i++) {
    const position = positions[i];
    if (position >= 0) ranked.push({ item: list[i], position });
    else rest.push(list[i]);
  }
  ranked.sort((a, b) => a.position - b.position);
  const out: Json[] = [];
  for (const entry of ranked) out.push(entry.item);
  for (const item of rest) out.push(item);
  return out;
}

/** strategicMergePatch applies a strategic merge patch to `target` (modified in place and returned). */
export function strategicMergePatch(target: unknown, patch: unknown): unknown {
  return merge(target, patch, false);
}

/**
 * strategicMergePatchShared applies a strategic merge patch without changing `target`: every object
 * and list on the patch's path is copied (keys keep their order, so the result serializes exactly as
 * an in-place patch of a copy would), and the rest of the result is `target`'s own parts. It lets a
 * read-only stored object be patched without decoding a full copy of it first.
 */
export function strategicMergePatchShared(target: unknown, patch: unknown): unknown {
  return merge(target, patch, true);
}

const SET_ELEMENT_ORDER = '$setElementOrder/';
const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList/';
const DOLLAR = 36;

/** merge is the strategic merge of `patch` into `target`, in place or (`copy`) into copies of what it changes. */
function merge(target: unknown, patchValue: unknown, copy: boolean): unknown {
  // Type tests written out rather than through isObject: merge runs once per patched object, and a call costs in an interpreter.
  if (typeof patchValue !== 'object' || patchValue === null || Array.isArray(patchValue)) return patchValue;
  const patch = patchValue as JsonObject;
  const directive = patch.$patch;
  if (directive === 'replace') return stripDirectives(patch);
  if (directive === 'delete') return undefined;
  const result: JsonObject = typeof target === 'object' && target !== null && !Array.isArray(target) ? (copy ? { ...(target as JsonObject) } : (target as JsonObject)) : {};
  const keys = Object.keys(patch);
  let ordersElements = false;
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k];
    const value = patch[key];
    // Directives start with `$`: one character test keeps ordinary keys off the string comparisons.
    if (key.charCodeAt(0) === DOLLAR) {
      if (key.startsWith(SET_ELEMENT_ORDER)) {
        ordersElements = true;
        continue;
      }
      if (key === '$patch' || key === '$retainKeys') continue;
      if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
        const field = key.slice(DELETE_FROM_PRIMITIVE_LIST.length);
        const current = result[field];
        if (Array.isArray(current) && Array.isArray(value)) result[field] = current.filter((v) => !value.includes(v));
        continue;
      }
    }
    // Scalars (most fields) first: one typeof before any call.
    if (typeof value !== 'object') result[key] = value;
    else if (value === null) delete result[key];
    else if (Array.isArray(value)) {
      const current = result[key];
      result[key] = mergeList(key, Array.isArray(current) ? current : undefined, value, copy);
    } else {
      const merged = merge(result[key], value, copy);
      if (merged === undefined) delete result[key];
      else result[key] = merged as Json;
    }
  }
  if (!ordersElements) return result;
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k];
    const order = patch[key];
    if (key.charCodeAt(0) !== DOLLAR || !key.startsWith(SET_ELEMENT_ORDER) || !Array.isArray(order)) continue;
    const field = key.slice(SET_ELEMENT_ORDER.length);
    const mergeKey = MERGE_KEYS[field];
    if (mergeKey && Array.isArray(result[field])) result[field] = applyElementOrder(result[field] as Json[], order, mergeKey);
  }
  return result;
}
