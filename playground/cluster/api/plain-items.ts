/**
 * Plain-item marks: a component that builds a list for a request body it hands over (see
 * handOver) may say how many of its leading items are plain data — objects whose strategic merge
 * into nothing is a copy of themselves, key for key: no `$` directive keys, no `__proto__` key, no
 * nulls, no lists, nested objects alike. The strategic merge of the server's own wire body then
 * takes such a new item over without walking it first (isPlainData), which matters for a kubelet's
 * first status patch: a few thousand fields per second of the bench's pods.
 *
 * The mark is a non-enumerable property under a symbol of this module: JSON, Object.keys, for-in
 * and spreads never see it, so a body copied through JSON (any body not handed over, such as a
 * reader's) arrives unmarked, and reader code, which cannot reach the symbol, cannot mark one.
 */

/** PLAIN_ITEMS keys the count of leading plain items on a marked list. */
const PLAIN_ITEMS = Symbol('plain items');

type Marked = { [PLAIN_ITEMS]?: number };

/**
 * markPlainItems marks the first `count` items of `list` as plain data (see above) and returns the
 * list. The marker vouches for it: it built those items from values it checked, for one request
 * body it hands over and never changes again.
 */
export function markPlainItems<T extends unknown[]>(list: T, count: number): T {
  Object.defineProperty(list, PLAIN_ITEMS, { value: count });
  return list;
}

/** plainItemCount is how many leading items of `list` a marker vouched for as plain data (0 for an unmarked list). */
export function plainItemCount(list: readonly unknown[]): number {
  return (list as Marked)[PLAIN_ITEMS] ?? 0;
}
