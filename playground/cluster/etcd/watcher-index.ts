/**
 * WatcherIndex finds the watchers whose range contains a written key without looking at every
 * watcher. Almost all watches are on one key or on a prefix (kube-apiserver watches
 * `/registry/pods/`), so those are indexed: one map lookup per key, and a binary search among
 * the prefixes. Only watchers on other ranges are checked one by one.
 */
import { inKeyRange } from './sorted-keys';
import { prefixEnd } from './types';

/** WatchRange is the part of a watcher the index needs: what it watches. */
export interface WatchRange {
  readonly key: string;
  readonly rangeEnd?: string;
}

/**
 * watchedPrefix returns the prefix a [key, rangeEnd) range selects, or undefined when the range is
 * not a prefix range. key "\0" with rangeEnd "\0" is every key: the empty prefix.
 */
export function watchedPrefix(key: string, rangeEnd: string | undefined): string | undefined {
  if (rangeEnd === undefined || rangeEnd === '') return undefined;
  if (rangeEnd === '\0') return key === '\0' ? '' : undefined;
  // A last char of 0xFFFF has no +1, so prefixEnd wraps; such ranges are handled as plain ranges.
  if (key.charCodeAt(key.length - 1) === 0xffff) return undefined;
  return prefixEnd(key) === rangeEnd ? key : undefined;
}

/**
 * WatcherIndex groups watchers by the single key or prefix they watch. Groups are arrays, not
 * Sets: they are read on every write and changed only when a watch opens or closes, and an
 * interpreter walks an array by index without the iterator objects a Set's for-of allocates.
 *
 * Prefixes sit in one sorted list, each linked to the nearest other prefix that encloses it (is a
 * prefix of it). Every indexed prefix of a key encloses the greatest indexed prefix <= the key (a
 * string between a prefix of the key and the key itself starts with that prefix), so a binary
 * search and a walk up that chain of enclosing prefixes find them all: a few string compares per
 * write instead of one check per distinct prefix length.
 */
export class WatcherIndex<W extends WatchRange> {
  private readonly byKey = new Map<string, W[]>();
  private readonly byPrefix = new Map<string, W[]>();
  /** The indexed prefixes in ascending order, their groups, and the enclosing prefix's index (-1: none). */
  private sortedPrefixes: string[] = [];
  private sortedGroups: W[][] = [];
  private enclosing: number[] = [];
  private readonly others = new Set<W>();
  private count = 0;
  /** Whether byKey and others hold anyone: plain fields read on every write, unlike a Map's size getter. */
  private anyByKey = false;
  private anyOthers = false;
  /**
   * The answers of the last two binary searches among the prefixes (the number of prefixes <= the
   * key), most recent first; -1 for none. Writes alternate between a few resources (pods, events),
   * so a key nearly always falls between the same two neighbouring prefixes as a recent one did,
   * which two compares confirm (against the current list: a remembered answer is never trusted).
   */
  private lastBelow = -1;
  private otherBelow = -1;

  /** size is the number of watchers in the index. */
  get size(): number {
    return this.count;
  }

  /** add indexes a watcher. */
  add(watcher: W): void {
    if (watcher.rangeEnd === undefined || watcher.rangeEnd === '') {
      if (addTo(this.byKey, watcher.key, watcher)) this.count++;
      this.anyByKey = true;
      return;
    }
    const prefix = watchedPrefix(watcher.key, watcher.rangeEnd);
    if (prefix === undefined) {
      if (!this.others.has(watcher)) this.count++;
      this.others.add(watcher);
      this.anyOthers = true;
      return;
    }
    const isNew = !this.byPrefix.has(prefix);
    if (addTo(this.byPrefix, prefix, watcher)) this.count++;
    if (isNew) this.sortPrefixes();
  }

  /** remove takes a watcher out of the index; removing an absent watcher does nothing. */
  remove(watcher: W): void {
    if (watcher.rangeEnd === undefined || watcher.rangeEnd === '') {
      if (removeFrom(this.byKey, watcher.key, watcher)) this.count--;
      this.anyByKey = this.byKey.size > 0;
      return;
    }
    const prefix = watchedPrefix(watcher.key, watcher.rangeEnd);
    if (prefix === undefined) {
      if (this.others.delete(watcher)) this.count--;
      this.anyOthers = this.others.size > 0;
      return;
    }
    if (!removeFrom(this.byPrefix, prefix, watcher)) return;
    this.count--;
    if (!this.byPrefix.has(prefix)) this.sortPrefixes();
  }

  /** collectMatching appends to `out` every watcher whose range contains `key`. */
  collectMatching(key: string, out: W[]): void {
    if (this.anyByKey) {
      const exact = this.byKey.get(key);
      if (exact !== undefined) for (let w = 0; w < exact.length; w++) out.push(exact[w]);
    }
    const prefixes = this.sortedPrefixes;
    // The number of indexed prefixes <= key: the greatest of them is the one before that.
    let below = this.lastBelow;
    if (!(below >= 0 && (below === 0 || prefixes[below - 1] <= key) && (below === prefixes.length || key < prefixes[below]))) {
      below = this.otherBelow;
      if (!(below >= 0 && (below === 0 || prefixes[below - 1] <= key) && (below === prefixes.length || key < prefixes[below]))) below = countAtMost(prefixes, key);
      this.otherBelow = this.lastBelow;
      this.lastBelow = below;
    }
    for (let i = below - 1; i >= 0; i = this.enclosing[i]) {
      if (!key.startsWith(prefixes[i])) continue;
      const group = this.sortedGroups[i];
      for (let w = 0; w < group.length; w++) out.push(group[w]);
    }
    if (!this.anyOthers) return;
    for (const watcher of this.others) {
      if (inKeyRange(key, watcher.key, watcher.rangeEnd)) out.push(watcher);
    }
  }

  /**
   * sortPrefixes rebuilds the sorted prefix list and its enclosing links. Run when a prefix comes
   * or goes (a group's array lives exactly that long, so the list holds the live arrays).
   */
  private sortPrefixes(): void {
    const prefixes = [...this.byPrefix.keys()].sort();
    const enclosing: number[] = [];
    // The chain of prefixes enclosing the current one, innermost last.
    const open: number[] = [];
    for (let i = 0; i < prefixes.length; i++) {
      while (open.length > 0 && !prefixes[i].startsWith(prefixes[open[open.length - 1]])) open.pop();
      enclosing.push(open.length > 0 ? open[open.length - 1] : -1);
      open.push(i);
    }
    this.sortedPrefixes = prefixes;
    this.sortedGroups = prefixes.map((prefix) => this.byPrefix.get(prefix)!);
    this.enclosing = enclosing;
  }
}

/** countAtMost is the number of strings in `sorted` that are <= key (a binary search). */
function countAtMost(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * addTo appends a watcher to its group and returns true, or false when it is there already (adding
 * it again changes nothing, as with a Set, and must not count it twice).
 */
function addTo<W>(map: Map<string, W[]>, key: string, watcher: W): boolean {
  const group = map.get(key);
  if (!group) map.set(key, [watcher]);
  else if (!group.includes(watcher)) group.push(watcher);
  else return false;
  return true;
}

/** removeFrom drops a watcher from its group, keeping the others in the order they were added. */
function removeFrom<W>(map: Map<string, W[]>, key: string, watcher: W): boolean {
  const group = map.get(key);
  const at = group ? group.indexOf(watcher) : -1;
  if (at < 0) return false;
  group!.splice(at, 1);
  if (group!.length === 0) map.delete(key);
  return true;
}
