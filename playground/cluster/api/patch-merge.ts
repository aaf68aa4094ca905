/**
 * JSON merge patch (RFC 7386) and strategic merge patch. The strategic variant merges the lists
 * Kubernetes marks `patchStrategy: merge` by their merge key (containers by name, conditions by
 * type, ports by containerPort…), honours `$patch: delete|replace` and `$setElementOrder/<list>`,
 * and `$deleteFromPrimitiveList/<list>`; other lists are replaced as in a merge patch.
 */
import { PatchError } from './patch-error';
import { applyElementOrder, keysOf, NOT_A_KEY, orderMergedList, type Json, type JsonObject } from './patch-merge-order';
import { plainItemCount } from './plain-items';
import { isWireBody } from './transport';

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** mergePatch applies an RFC 7386 merge patch: null deletes, objects merge, everything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const result: JsonObject = isObject(target) ? target : {};
  for (const key of Object.keys(patch)) {
    if (key === PROTO) continue;
    const value = patch[key];
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value) as Json;
  }
  return result;
}

/**
 * PROTO is the one key a patch may hold that no merge may apply: assigning it sets the object's
 * prototype (Object.prototype itself, merged into, is shared by every object in the sandbox). No
 * Kubernetes type has such a field, and the real server, which patches JSON maps and decodes the
 * result into its Go types, drops it: so do the merges here.
 */
const PROTO = '__proto__';

/**
 * MERGE_KEYS are the patchMergeKey of list fields with patchStrategy merge in the types we model
 * (without a prototype: a list field named `constructor` or `toString` has no merge key).
 */
export const MERGE_KEYS: Record<string, string> = Object.assign(Object.create(null) as Record<string, string>, {
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
});

/**
 * ORDER_KEYS is the `$setElementOrder/<list>` key of each list MERGE_KEYS names (only such a list
 * is put in order), and ORDER_FIELDS the list of each such key: the merge reads a list's order,
 * and finds the list an order names, without building a string (and its atom) for each.
 */
const ORDER_KEYS: Record<string, string> = Object.create(null) as Record<string, string>;
const ORDER_FIELDS: Record<string, string> = Object.create(null) as Record<string, string>;
for (const field in MERGE_KEYS) {
  ORDER_KEYS[field] = `$setElementOrder/${field}`;
  ORDER_FIELDS[`$setElementOrder/${field}`] = field;
}

/** PRIMITIVE_SET_LISTS are lists of strings merged as sets (finalizers). */
const PRIMITIVE_SET_LISTS = new Set(['finalizers']);

/**
 * mergeList merges the patch's list for `field` into the `original` list: by merge key for the
 * fields MERGE_KEYS names, as a set for finalizers, and otherwise replaced as in a merge patch. A
 * keyed list comes out in the order of the patch's `$setElementOrder` for it (`order`), if any.
 */
function mergeList(field: string, original: Json[] | undefined, patch: Json[], mode: Mode, order: Json[] | undefined): Json[] {
  const mergeKey = MERGE_KEYS[field];
  if (!mergeKey) {
    if (PRIMITIVE_SET_LISTS.has(field)) return [...(original ?? []).filter((v) => !patch.includes(v)), ...patch];
    return patch.map((item) => stripDirectives(item));
  }
  // A `$patch: replace` item anywhere makes the list the patch's own, whatever the items before it
  // hold: it is met while merging (the merge key test and the delete test read the same fields)
  // rather than by a scan of its own first, and an error from an earlier item (one that is not an
  // object, lacks its merge key, or holds a list that cannot merge) stands only if there is none.
  // What was merged until then is dropped: in place, the items merged into are the target's list
  // items, which the replacement leaves unreachable; copied, nothing was shared.
  try {
    return mergeKeyedList(field, mergeKey, original, patch, mode, order);
  } catch (error) {
    if (hasReplace(patch)) return orderedReplacement(patch, order, mergeKey);
    throw error;
  }
}

/** mergeKeyedList is mergeList for a list with a merge key: items matched by it, added, deleted or (`$patch: replace`) replaced. */
function mergeKeyedList(field: string, mergeKey: string, original: Json[] | undefined, patch: Json[], mode: Mode, order: Json[] | undefined): Json[] {
  // How many leading items of a wire body's list its sender vouched for as plain (see plain-items):
  // new ones are taken over without the isPlainData walk.
  const vouched = mode === COPY_TAKING_ITEMS ? plainItemCount(patch) : 0;
  // The result starts as the original's items, with the merge key of each kept alongside (see
  // keysOf): an item is found by one native indexOf. Both are built in one pass, and grown by
  // index rather than push: no call per item (a status patch merges three or four such lists).
  // The result is made as long as it can get (the original's items and the patch's) and cut to
  // what it holds at the end: it becomes part of the stored object, which the watch cache and every
  // informer keep, and V8 grows a list built up from [] with room for 16 more items it would keep
  // too. Its keys stay a list of their own length: they are searched (indexOf), the result is not.
  const result: Json[] = new Array(original === undefined ? patch.length : original.length + patch.length);
  const resultKeys: unknown[] = [];
  let count = 0;
  if (original !== undefined) {
    for (; count < original.length; count++) {
      const item = original[count];
      result[count] = item;
      resultKeys[count] = typeof item === 'object' && item !== null && !Array.isArray(item) ? item[mergeKey] : NOT_A_KEY;
    }
  }
  // Where each patch item went in the result, when the order may name them one for one (see
  // orderMergedList); a delete, which moves items, leaves the order to the general rule.
  let at: number[] | undefined = order !== undefined && order.length === patch.length ? [] : undefined;
  for (let i = 0; i < patch.length; i++) {
    const item = patch[i];
    if (i < vouched) {
      // A vouched item is an object without directives: a new one (a kubelet's first conditions
      // and container statuses) is added as it is, without the tests below. One whose key the
      // list has, or that lacks its key, takes the general way.
      const keyValue = (item as JsonObject)[mergeKey];
      if (keyValue !== undefined && resultKeys.indexOf(keyValue) < 0) {
        if (at !== undefined) at[i] = count;
        result[count] = item;
        resultKeys[count++] = keyValue;
        continue;
      }
    }
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw new PatchError(`unable to merge list "${field}": element ${JSON.stringify(item)} is not an object with "${mergeKey}"`, true);
    const directive = item.$patch;
    if (directive === 'replace') return orderedReplacement(patch, order, mergeKey);
    const keyValue = item[mergeKey];
    if (keyValue === undefined) throw new PatchError(`map: ${JSON.stringify(item)} does not contain declared merge key: ${mergeKey}`, true);
    const index = resultKeys.indexOf(keyValue);
    if (directive === 'delete') {
      at = undefined;
      if (index >= 0) {
        // The items after it, up to the list's end (unfilled places included), move down one.
        result.splice(index, 1);
        resultKeys.splice(index, 1);
        count--;
      }
      continue;
    }
    // The key kept is the merged item's own: the patch's, unless that was null (the merge drops
    // it, so a later item with a null key is a new one) or an object or list (merged into a copy).
    if (index >= 0) {
      const merged = mergeObject(result[index], item, mode) as JsonObject;
      result[index] = merged;
      resultKeys[index] = merged[mergeKey];
      if (at !== undefined) at[i] = index;
    } else {
      // A new item the server may take as it is: the merge would only copy it.
      const added = mode === COPY_TAKING_ITEMS && (i < vouched || isPlainData(item)) ? item : (mergeObject(undefined, item, mode) as JsonObject);
      if (at !== undefined) at[i] = count;
      result[count] = added;
      resultKeys[count++] = added[mergeKey];
    }
  }
  if (count < result.length) result.length = count;
  return order === undefined ? result : orderMergedList(result, resultKeys, at, order, mergeKey);
}

/** hasReplace tells whether a list patch has a `$patch: replace` item. */
function hasReplace(patch: Json[]): boolean {
  for (let i = 0; i < patch.length; i++) {
    const item = patch[i];
    if (typeof item === 'object' && item !== null && (item as JsonObject).$patch === 'replace' && !Array.isArray(item)) return true;
  }
  return false;
}

/** orderedReplacement is replacement(patch) in the `order` given for it, if any. */
function orderedReplacement(patch: Json[], order: Json[] | undefined, mergeKey: string): Json[] {
  const list = replacement(patch);
  return order === undefined ? list : applyElementOrder(list, keysOf(list, mergeKey), order, mergeKey);
}

/** replacement is the list a patch with a `$patch: replace` item sets: its other items, directives stripped. */
function replacement(patch: Json[]): Json[] {
  return patch.filter((item) => !(isObject(item) && item.$patch === 'replace')).map((item) => stripDirectives(item));
}

/** stripDirectives is a copy of `value` without its `$` directive keys, at every depth (a replacement list's items). */
function stripDirectives(value: Json): Json {
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, field] of Object.entries(value)) if (!key.startsWith('$') && key !== PROTO) out[key] = stripDirectives(field);
  return out;
}

/**
 * Mode is how merge builds its result: IN_PLACE writes into the target; COPY copies every object
 * and list on the patch's path; COPY_TAKING_ITEMS copies too, but takes a new keyed-list item of
 * the patch over as it is when the merge would only copy it (see isPlainData), or when its sender
 * vouched for it (see plain-items).
 */
type Mode = 0 | 1 | 2;
const IN_PLACE = 0;
const COPY = 1;
const COPY_TAKING_ITEMS = 2;

/** strategicMergePatch applies a strategic merge patch to `target` (modified in place and returned). */
export function strategicMergePatch(target: unknown, patch: unknown): unknown {
  return merge(target, patch, IN_PLACE);
}

/**
 * strategicMergePatchShared applies a strategic merge patch without changing `target`: every object
 * and list on the patch's path is copied (keys keep their order, so the result serializes exactly as
 * an in-place patch of a copy would), and the rest of the result is `target`'s own parts. It lets a
 * read-only stored object be patched without decoding a full copy of it first. `wireBody` says
 * whether the patch's parts are the served request's wire body's (a patch built from that body's
 * values passes what isWireBody said of the body).
 */
export function strategicMergePatchShared(target: unknown, patch: unknown, wireBody = isWireBody(patch)): unknown {
  // The wire body of the request being served is the server's own (nobody else holds it, see
  // isWireBody): the new items of its lists, a kubelet's first conditions and container statuses,
  // may become part of the result as they are. The merge never writes to the patch, so a retried
  // merge of the same patch gives the same result.
  return merge(target, patch, wireBody ? COPY_TAKING_ITEMS : COPY);
}

/**
 * isPlainData tells whether merging `item` into nothing would give a copy of it, key for key in
 * the same order: no directive keys, no nulls to drop, no lists to merge, nested objects alike, and
 * no own `__proto__` key (which the merge would assign as a prototype). Undefined values stay, in
 * the copy as in the item.
 */
function isPlainData(item: JsonObject): boolean {
  for (const key in item) {
    // '$' and '_' sort before 'a': one string comparison clears a field name (they start with a
    // lower-case letter) without the call and the second test.
    if (key < 'a' && (key.charCodeAt(0) === DOLLAR || key === '__proto__')) return false;
    const value = item[key];
    if (typeof value === 'object' && (value === null || Array.isArray(value) || !isPlainData(value))) return false;
  }
  return true;
}

const SET_ELEMENT_ORDER = '$setElementOrder/';
const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList/';
const DOLLAR = 36;

/** merge is the strategic merge of `patchValue` into `target`, built as `mode` says (in place, or into copies of what it changes). */
function merge(target: unknown, patchValue: unknown, mode: Mode): unknown {
  if (typeof patchValue !== 'object' || patchValue === null || Array.isArray(patchValue)) return patchValue;
  return mergeObject(target, patchValue as JsonObject, mode);
}

/**
 * mergeObject is merge for a patch that is an object (not a list, not null): the merge itself
 * calls it for the objects it meets, whose type it has just tested, instead of testing it again.
 */
function mergeObject(target: unknown, patch: JsonObject, mode: Mode): unknown {
  const directive = patch.$patch;
  // One test for the usual patch, which has no directive.
  if (directive !== undefined) {
    if (directive === 'replace') return stripDirectives(patch);
    if (directive === 'delete') return undefined;
  }
  // Type tests written out rather than through isObject: this runs once per patched object, and a call costs in an interpreter.
  let result: JsonObject = typeof target === 'object' && target !== null && !Array.isArray(target) ? (mode !== IN_PLACE ? { ...(target as JsonObject) } : (target as JsonObject)) : {};
  // The `$setElementOrder` keys of lists the patch does not hold (a list it holds is put in order
  // as it is merged), in patch order: applied once every list is merged.
  let orderKeys: string[] | undefined;
  // for-in rather than Object.keys: the same keys in the same order (a patch is JSON data, with
  // no inherited enumerable keys, as isPlainData assumes too), without building an array of them
  // per patched object (~6% of a kubelet status patch's merge in QuickJS).
  for (const key in patch) {
    const value = patch[key];
    // Directives start with `$`, and `__proto__` (see PROTO) with '_', both before 'a': one string
    // comparison (no call) keeps ordinary keys, which start with a lower-case letter, off the tests.
    if (key < 'a') {
      // '$' sorts just before '%': one more comparison before the character test.
      if (key < '%') {
        if (key.charCodeAt(0) === DOLLAR) {
          const orderedField = ORDER_FIELDS[key];
          if (orderedField !== undefined || key.startsWith(SET_ELEMENT_ORDER)) {
            if (!Array.isArray(patch[orderedField ?? key.slice(SET_ELEMENT_ORDER.length)])) (orderKeys ??= []).push(key);
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
      } else if (key === PROTO) continue;
    }
    // Scalars (most fields) first: one typeof before any call.
    if (typeof value !== 'object') result[key] = value;
    else if (value === null) result = removeKey(result, key, mode);
    else if (Array.isArray(value)) {
      const current = result[key];
      const orderKey = ORDER_KEYS[key];
      const order = orderKey === undefined ? undefined : patch[orderKey];
      result[key] = mergeList(key, Array.isArray(current) ? current : undefined, value, mode, Array.isArray(order) ? order : undefined);
    } else {
      const merged = mergeObject(result[key], value, mode);
      if (merged === undefined) result = removeKey(result, key, mode);
      else result[key] = merged as Json;
    }
  }
  if (orderKeys !== undefined) orderElements(result, patch, orderKeys);
  return result;
}

/**
 * removeKey drops `key` from a merge result: in place with IN_PLACE, otherwise by copying the
 * result (the merge's own copy) without it, the other keys in their order. `delete` of a key an
 * object has turns it into a slow dictionary-mode object in V8 (several times larger, slower to
 * read and serialize); a kubelet's `null` for a condition's cleared reason would make one of every
 * stored pod's conditions, kept by the watch cache and every informer.
 */
function removeKey(result: JsonObject, key: string, mode: Mode): JsonObject {
  if (mode === IN_PLACE) delete result[key];
  // `in` rather than a hasOwnProperty call (one call less per nulled key): it also finds what only
  // Object.prototype has (`toString`, `constructor`), whose copy without it is an equal copy.
  else if (key in result) {
    const { [key]: _removed, ...kept } = result;
    return kept;
  }
  return result;
}

/** orderElements applies the patch's `$setElementOrder/<list>` directives (`orderKeys`, in patch order) to the merged `result`. */
function orderElements(result: JsonObject, patch: JsonObject, orderKeys: string[]): void {
  for (let k = 0; k < orderKeys.length; k++) {
    const key = orderKeys[k];
    const order = patch[key];
    if (!Array.isArray(order)) continue;
    const field = key.slice(SET_ELEMENT_ORDER.length);
    const mergeKey = MERGE_KEYS[field];
    const list = result[field];
    if (mergeKey && Array.isArray(list)) result[field] = applyElementOrder(list, keysOf(list, mergeKey), order, mergeKey);
  }
}
