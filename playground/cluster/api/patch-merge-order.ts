/**
 * `$setElementOrder/<list>` of the strategic merge patch (see patch-merge): the merged list's items
 * the directive names come first, in its order (a stable sort by the position of the first entry
 * with their merge key); the rest keep theirs, after them. The merge hands over the merge key of
 * each item, which it has at hand, so that ordering reads no item's key again.
 */

/** Json is a JSON value as the merge sees it. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
/** JsonObject is a JSON object. */
export type JsonObject = { [key: string]: Json };

/** NOT_A_KEY stands for the merge key of a list item or order entry that is not an object: no patch item has it. */
export const NOT_A_KEY = Symbol('not a key');
/** UNFILLED marks a position no item went to (list items may be any JSON, undefined included). */
const UNFILLED = Symbol('unfilled');

/** keysOf is the merge key of each item of a list, or of each `$setElementOrder` entry (NOT_A_KEY for one that is not an object). */
export function keysOf(list: Json[], mergeKey: string): unknown[] {
  const keys: unknown[] = [];
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    keys[i] = typeof item === 'object' && item !== null && !Array.isArray(item) ? item[mergeKey] : NOT_A_KEY;
  }
  return keys;
}

/**
 * orderMergedList is applyElementOrder for a list a keyed merge has just built, where `at[i]` is
 * the index in `list` of patch item i (undefined when items were deleted, which moves them). When
 * the order has an entry per patch item, each with that item's key, in the patch's order (a
 * kubelet sends its conditions so), and no other item has one of those keys, the patch's items in
 * their order, then the other items, are the answer: the rule's, without looking for positions.
 */
export function orderMergedList(list: Json[], listKeys: unknown[], at: number[] | undefined, order: Json[], mergeKey: string): Json[] {
  // A kubelet resends its conditions in the order the list has them: then the list (the merge's
  // own new array) is the answer, as applyElementOrder finds first, without the array below.
  if (list.length === order.length && inEntryOrder(listKeys, order, mergeKey)) return list;
  if (at === undefined || at.length !== order.length) return applyElementOrder(list, listKeys, order, mergeKey);
  // Each patch item's place in the merged list is the first with its key (it was found or added
  // so, and a merge keeps the item's key): items at distinct places have distinct keys, and a key
  // named twice, by two patch items merged into one, is one item met twice. Anything else (an
  // entry that is no object or names another key, an item without its key) takes the general rule.
  const out: Json[] = [];
  for (let i = 0; i < at.length; i++) {
    const entry = order[i];
    const item = list[at[i]];
    const key = listKeys[at[i]];
    if (typeof entry !== 'object' || entry === null || (entry as JsonObject)[mergeKey] !== key || key === undefined || out.indexOf(item) >= 0) return applyElementOrder(list, listKeys, order, mergeKey);
    out[i] = item;
  }
  // The items no patch item went to follow, unless one has a key met before it (a named one's
  // first place is before it; the general rule decides then).
  if (list.length > at.length) {
    for (let r = 0; r < list.length; r++) {
      if (at.indexOf(r) >= 0) continue;
      if (listKeys.indexOf(listKeys[r]) !== r) return applyElementOrder(list, listKeys, order, mergeKey);
      out.push(list[r]);
    }
  }
  return out;
}

/**
 * applyElementOrder is `list` in the order a `$setElementOrder` directive (`order`, entries keyed
 * by `mergeKey`) gives it; `listKeys` holds each item's merge key (see keysOf).
 */
export function applyElementOrder(list: Json[], listKeys: unknown[], order: Json[], mergeKey: string): Json[] {
  // A kubelet resends its conditions in the order it sends with them: one entry per item, in
  // place. Then the list is its own answer, found without building the slots below.
  if (list.length === order.length && inEntryOrder(listKeys, order, mergeKey)) return list;
  // Each entry's key is read once, so an item's position is one native indexOf instead of a scan
  // through the entries per item.
  const orderKeys = keysOf(order, mergeKey);
  // Items at distinct positions (merge keys are unique in practice) go straight to their slots,
  // which is the stable sort's answer without sorting, while one pass over the list also tells
  // whether it is in that order already (then it is its own answer).
  const slots: unknown[] = new Array(order.length).fill(UNFILLED);
  let rest: Json[] | undefined;
  let inOrder = true;
  let lastPosition = -1;
  let filled = 0;
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    const key = listKeys[i];
    const position = key === NOT_A_KEY ? -1 : orderKeys.indexOf(key);
    if (position < 0) {
      (rest ??= []).push(item);
      continue;
    }
    if (rest !== undefined || position <= lastPosition) inOrder = false;
    else lastPosition = position;
    // Two items at one position: only a sort keeps them in their list order.
    if (slots[position] !== UNFILLED) return sortByPosition(list, listKeys, orderKeys);
    slots[position] = item;
    filled++;
  }
  if (inOrder) return list;
  // Every entry found its item and no item is left over: the slots are the list.
  if (filled === slots.length && rest === undefined) return slots as Json[];
  const out: Json[] = [];
  for (let i = 0; i < slots.length; i++) if (slots[i] !== UNFILLED) out.push(slots[i] as Json);
  if (rest !== undefined) for (let i = 0; i < rest.length; i++) out.push(rest[i]);
  return out;
}

/**
 * inEntryOrder tells whether every item (of which `listKeys` holds the merge keys) is an object
 * whose merge key is that of the order entry at its own index, and of no entry before it: each
 * item's position is then its index, which is the order applyElementOrder would leave it in.
 */
function inEntryOrder(listKeys: unknown[], order: Json[], mergeKey: string): boolean {
  for (let i = 0; i < listKeys.length; i++) {
    const key = listKeys[i];
    const entry = order[i];
    // What an entry holds is JSON data: never NOT_A_KEY (an item that is no object), and undefined
    // for an entry that is a list (as for an item lacking its key: left to the general rule). The
    // entries before this one have the keys of the items before it: an earlier item with this key
    // is one native indexOf away.
    if (typeof entry !== 'object' || entry === null || (entry as JsonObject)[mergeKey] !== key || key === undefined || listKeys.indexOf(key) !== i) return false;
  }
  return true;
}

/** sortByPosition is applyElementOrder's stable sort, for lists where several items share a position. */
function sortByPosition(list: Json[], listKeys: unknown[], orderKeys: unknown[]): Json[] {
  const ranked: { item: Json; position: number }[] = [];
  const rest: Json[] = [];
  for (let i = 0; i < list.length; i++) {
    const key = listKeys[i];
    const position = key === NOT_A_KEY ? -1 : orderKeys.indexOf(key);
    if (position >= 0) ranked.push({ item: list[i], position });
    else rest.push(list[i]);
  }
  ranked.sort((a, b) => a.position - b.position);
  const out: Json[] = [];
  for (const entry of ranked) out.push(entry.item);
  for (const item of rest) out.push(item);
  return out;
}
