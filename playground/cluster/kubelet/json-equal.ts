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
    for (let i = 0; i < a.length; i++) if (!itemEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  return mapEqual(a as Record<string, unknown>, b as Record<string, unknown>);
}

/** An array item that JSON prints as `null` (undefined) equals a real null. */
function itemEqual(a: unknown, b: unknown): boolean {
  return jsonEqual(a === undefined ? null : a, b === undefined ? null : b);
}

/** mapEqual walks both key lists in order, skipping keys whose value is undefined. */
function mapEqual(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const aKeys = Object.keys(a);
  const bKeys = Object.keys(b);
  let j = 0;
  for (let i = 0; i < aKeys.length; i++) {
    const key = aKeys[i];
    const value = a[key];
    if (value === undefined) continue;
    while (j < bKeys.length && b[bKeys[j]] === undefined) j++;
    if (j >= bKeys.length || bKeys[j] !== key || !jsonEqual(value, b[key])) return false;
    j++;
  }
  while (j < bKeys.length && b[bKeys[j]] === undefined) j++;
  return j === bKeys.length;
}
