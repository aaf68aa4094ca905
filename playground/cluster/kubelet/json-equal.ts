/**
 * jsonEqual answers "would JSON.stringify print these two the same?" without printing them. The
 * kubelet asks it for every watch event (did the spec change?) and every status report (did the
 * status change?); building two strings each time was most of that work, and more so in QuickJS.
 */

/**
 * jsonEqual is true when `a` and `b` serialize to the same JSON text: same values, same key order
 * (a reordered spec is a different text, and the kubelet always treated it as a change), with
 * undefined-valued keys ignored as JSON.stringify ignores them. Meant for plain JSON data — decoded
 * API objects and the statuses the kubelet builds — not for Dates, Maps or class instances.
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) {
      // An item JSON prints as `null` (undefined) equals a real null.
      const x: unknown = a[i] === undefined ? null : a[i];
      const y: unknown = b[i] === undefined ? null : b[i];
      if (x !== y && !objectsEqual(x, y)) return false;
    }
    return true;
  }
  if (Array.isArray(b)) return false;
  return mapEqual(a as Record<string, unknown>, b as Record<string, unknown>);
}

/** objectsEqual is jsonEqual for two values already known not to be ===: unequal unless both are objects. */
function objectsEqual(x: unknown, y: unknown): boolean {
  return typeof x === 'object' && typeof y === 'object' && x !== null && y !== null && jsonEqual(x, y);
}

/**
 * mapEqual walks both key lists in order, skipping keys whose value is undefined; leaves are
 * compared in place, without a call. Object.keys, not for-in: the objects come in many shapes
 * (frozen watch-cache pods, statuses), and V8's for-in over ever-changing shapes is several times
 * slower than listing the keys.
 */
function mapEqual(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const aKeys = Object.keys(a);
  const bKeys = Object.keys(b);
  let j = 0;
  for (let i = 0; i < aKeys.length; i++) {
    const key = aKeys[i];
    const x = a[key];
    if (x === undefined) continue;
    while (j < bKeys.length && b[bKeys[j]] === undefined) j++;
    if (j >= bKeys.length || bKeys[j] !== key) return false;
    const y = b[key];
    if (x !== y && !objectsEqual(x, y)) return false;
    j++;
  }
  while (j < bKeys.length && b[bKeys[j]] === undefined) j++;
  return j === bKeys.length;
}
