/**
 * The patch `kubectl apply` sends for an existing object: a three-way strategic merge patch
 * (apimachinery's CreateThreeWayMergePatch) between the last applied configuration (from the
 * annotation), the new configuration and the live object. Fields the user removed since the last
 * apply become deletions (`null`, or `$patch: delete` for keyed list items); fields whose live
 * value differs from the new configuration are set; fields only the server or other clients set
 * (status, defaults, nodeName) are left alone. An empty patch means `unchanged`.
 * Written here because no JS library implements Kubernetes' strategic merge; the merge keys are
 * the API server's table (api/patch-merge.ts).
 */
import { MERGE_KEYS } from '../../api/patch-merge';

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => key in b && deepEqual(a[key], b[key]));
  }
  return false;
}

function keyedItems(list: unknown, mergeKey: string): unknown[] {
  return Array.isArray(list) ? list.filter((item) => isObject(item) && item[mergeKey] !== undefined) : [];
}

/** changes computes what must be set on `current` to match `modified` (no deletions). */
function changes(current: unknown, modified: JsonObject): JsonObject {
  const patch: JsonObject = {};
  const live = isObject(current) ? current : {};
  for (const [key, want] of Object.entries(modified)) {
    const have = live[key];
    const mergeKey = MERGE_KEYS[key];
    if (isObject(want) && isObject(have)) {
      const inner = changes(have, want);
      if (Object.keys(inner).length) patch[key] = inner;
    } else if (Array.isArray(want) && mergeKey && want.every((item) => isObject(item) && item[mergeKey] !== undefined)) {
      const liveItems = keyedItems(have, mergeKey) as JsonObject[];
      const items: JsonObject[] = [];
      for (const item of want as JsonObject[]) {
        const match = liveItems.find((l) => l[mergeKey] === item[mergeKey]);
        if (!match) items.push(item);
        else {
          const inner = changes(match, item);
          if (Object.keys(inner).length) items.push({ ...inner, [mergeKey]: item[mergeKey] });
        }
      }
      const order = (want as JsonObject[]).map((item) => item[mergeKey]);
      const liveOrder = liveItems.map((item) => item[mergeKey]).filter((k) => order.includes(k));
      if (items.length || !deepEqual(order, liveOrder)) {
        patch[`$setElementOrder/${key}`] = order.map((k) => ({ [mergeKey]: k }));
        if (items.length) patch[key] = items;
      }
    } else if (!deepEqual(have, want)) patch[key] = want;
  }
  return patch;
}

/** deletions computes what the user removed from their configuration since the last apply. */
function deletions(original: JsonObject, modified: JsonObject): JsonObject {
  const patch: JsonObject = {};
  for (const [key, was] of Object.entries(original)) {
    const now = modified[key];
    if (now === undefined) {
      patch[key] = null;
      continue;
    }
    const mergeKey = MERGE_KEYS[key];
    if (isObject(was) && isObject(now)) {
      const inner = deletions(was, now);
      if (Object.keys(inner).length) patch[key] = inner;
    } else if (Array.isArray(was) && Array.isArray(now) && mergeKey) {
      const kept = new Set(keyedItems(now, mergeKey).map((item) => (item as JsonObject)[mergeKey]));
      const removed = (keyedItems(was, mergeKey) as JsonObject[]).filter((item) => !kept.has(item[mergeKey]));
      const nested: JsonObject[] = [];
      for (const item of keyedItems(was, mergeKey) as JsonObject[]) {
        const counterpart = (now as JsonObject[]).find((n) => isObject(n) && n[mergeKey] === item[mergeKey]);
        if (counterpart) {
          const inner = deletions(item, counterpart);
          if (Object.keys(inner).length) nested.push({ ...inner, [mergeKey]: item[mergeKey] });
        }
      }
      const items = [...nested, ...removed.map((item) => ({ $patch: 'delete', [mergeKey]: item[mergeKey] }))];
      if (items.length) patch[key] = items;
    }
  }
  return patch;
}

/** mergePatches combines a deletions patch into a changes patch (keyed list items are concatenated). */
function mergePatches(base: JsonObject, extra: JsonObject): JsonObject {
  const out: JsonObject = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    const existing = out[key];
    if (isObject(existing) && isObject(value)) out[key] = mergePatches(existing, value);
    else if (Array.isArray(existing) && Array.isArray(value)) out[key] = [...existing, ...value];
    else if (existing === undefined) out[key] = value;
  }
  return out;
}

/** threeWayMergePatch returns the strategic merge patch kubectl apply sends; `{}` when nothing changes. */
export function threeWayMergePatch(original: JsonObject, modified: JsonObject, current: JsonObject): JsonObject {
  return mergePatches(changes(current, modified), deletions(original, modified));
}
