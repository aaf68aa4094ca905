/**
 * WatcherIndex finds the watchers whose range contains a written key without looking at every
 * watcher. Almost all watches are on a prefix (kube-apiserver watches `/registry/pods/`) or on
 * one key, so those are indexed: a list kept ready per interval between prefixes, and one map
 * lookup per key. Only watchers on other ranges are checked one by one.
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
 * WatcherIndex groups watchers by the single key or prefix they watch, and answers "who watches
 * this key" with a list it keeps ready. The indexed prefixes and the ends of their ranges cut the
 * keyspace into intervals, and every key of one interval lies inside exactly the same prefix
 * ranges (a range starts and ends on interval bounds): each interval's prefix watchers are listed
 * once, when watchers come or go (rare: a watch opens or closes), so a write finds its watchers
 * with two string compares in the usual case instead of a walk among the prefixes.
 *
 * Groups are arrays, not Sets: an interpreter walks an array by index without the iterator
 * objects a Set's for-of allocates.
 */
export class WatcherIndex<W extends WatchRange> {
  private readonly byKey = new Map<string, W[]>();
  private readonly byPrefix = new Map<string, W[]>();
  private readonly others = new Set<W>();
  /** Every watcher with the number of its add: matches are listed in the order their watchers came. */
  private readonly addedAt = new Map<W, number>();
  private adds = 0;
  /** Whether every watcher watches a prefix (nearly always): an interval's list is then the whole answer. */
  private onlyPrefixes = true;
  /**
   * The interval bounds in ascending order: every indexed prefix and the end of its range.
   * Interval j holds the keys with exactly j bounds <= them; intervalWatchers[j] lists the
   * watchers of the prefixes holding those keys, in the order they were added.
   */
  private bounds: string[] = [];
  private intervalWatchers: W[][] = [[]];
  /**
   * The intervals of the last two lookups, most recent first. Writes alternate between a few
   * resources (pods, events), so a key nearly always falls in the interval a recent one did,
   * which two compares confirm (against the current bounds: a remembered answer is never trusted).
   */
  private lastInterval = 0;
  private otherInterval = 0;
  /** Where matching() builds its answer when some watchers are not prefix watchers. */
  private readonly mixed: W[] = [];

  /** size is the number of watchers in the index. */
  get size(): number {
    return this.addedAt.size;
  }

  /** add indexes a watcher; adding one already there changes nothing. */
  add(watcher: W): void {
    if (this.addedAt.has(watcher)) return;
    this.addedAt.set(watcher, this.adds++);
    if (watcher.rangeEnd === undefined || watcher.rangeEnd === '') {
      addTo(this.byKey, watcher.key, watcher);
      this.onlyPrefixes = false;
      return;
    }
    const prefix = watchedPrefix(watcher.key, watcher.rangeEnd);
    if (prefix === undefined) {
      this.others.add(watcher);
      this.onlyPrefixes = false;
      return;
    }
    const group = this.byPrefix.get(prefix);
    if (group === undefined) {
      // A new prefix cuts the keyspace anew.
      this.byPrefix.set(prefix, [watcher]);
      this.listIntervals();
      return;
    }
    // A prefix already indexed (every API watch on a resource when the watch cache is off): the
    // intervals stay, and the newest watcher goes last in each list of theirs that holds the
    // prefix. Listing them all again would copy every watcher per add, quadratic in the watchers.
    group.push(watcher);
    const bounds = this.bounds;
    for (let interval = 1; interval <= bounds.length; interval++) {
      if (bounds[interval - 1].startsWith(prefix)) this.intervalWatchers[interval].push(watcher);
    }
  }

  /** remove takes a watcher out of the index; removing an absent watcher does nothing. */
  remove(watcher: W): void {
    if (!this.addedAt.delete(watcher)) return;
    if (watcher.rangeEnd === undefined || watcher.rangeEnd === '') removeFrom(this.byKey, watcher.key, watcher);
    else {
      const prefix = watchedPrefix(watcher.key, watcher.rangeEnd);
      if (prefix === undefined) this.others.delete(watcher);
      else {
        removeFrom(this.byPrefix, prefix, watcher);
        if (!this.byPrefix.has(prefix)) this.listIntervals();
        else {
          // Others still watch the prefix: the intervals stay, and only this watcher leaves their lists.
          const bounds = this.bounds;
          for (let interval = 1; interval <= bounds.length; interval++) {
            if (bounds[interval - 1].startsWith(prefix)) {
              const list = this.intervalWatchers[interval];
              list.splice(list.indexOf(watcher), 1);
            }
          }
        }
      }
    }
    this.onlyPrefixes = this.byKey.size === 0 && this.others.size === 0;
  }

  /**
   * matching returns the watchers whose range contains `key`, in the order they were added. The
   * list is the index's own: read it before the next call or the next add or remove (which may
   * change it), and never change it.
   */
  matching(key: string): readonly W[] {
    const bounds = this.bounds;
    let interval = this.lastInterval;
    if (!((interval === 0 || bounds[interval - 1] <= key) && (interval === bounds.length || key < bounds[interval]))) {
      interval = this.otherInterval;
      if (!((interval === 0 || bounds[interval - 1] <= key) && (interval === bounds.length || key < bounds[interval]))) interval = countAtMost(bounds, key);
      this.otherInterval = this.lastInterval;
      this.lastInterval = interval;
    }
    const prefixWatchers = this.intervalWatchers[interval];
    if (this.onlyPrefixes) return prefixWatchers;
    const mixed = this.mixed;
    mixed.length = 0;
    const exact = this.byKey.get(key);
    if (exact !== undefined) mixed.push(...exact);
    mixed.push(...prefixWatchers);
    for (const watcher of this.others) if (inKeyRange(key, watcher.key, watcher.rangeEnd)) mixed.push(watcher);
    return mixed.sort((a, b) => this.addedAt.get(a)! - this.addedAt.get(b)!);
  }

  /**
   * listIntervals cuts the keyspace at every indexed prefix and its range's end, and lists each
   * interval's prefix watchers: those of the prefixes that its lowest key starts with (which are
   * the prefixes whose range holds it, as `prefix <= key < prefixEnd(prefix)` says the same).
   */
  private listIntervals(): void {
    const cuts = new Set<string>();
    for (const prefix of this.byPrefix.keys()) {
      cuts.add(prefix);
      // The empty prefix (every key) has no end.
      if (prefix !== '') cuts.add(prefixEnd(prefix));
    }
    const bounds = [...cuts].sort();
    const prefixes = [...this.byPrefix.keys()];
    const intervalWatchers: W[][] = [];
    for (let interval = 0; interval <= bounds.length; interval++) {
      // Interval 0 lies below every bound: no prefix holds those keys ('' would be a bound below them).
      const lowest = interval === 0 ? undefined : bounds[interval - 1];
      const holding = lowest === undefined ? [] : prefixes.filter((prefix) => lowest.startsWith(prefix));
      const watchers = holding.flatMap((prefix) => this.byPrefix.get(prefix)!);
      if (holding.length > 1) watchers.sort((a, b) => this.addedAt.get(a)! - this.addedAt.get(b)!);
      intervalWatchers.push(watchers);
    }
    this.bounds = bounds;
    this.intervalWatchers = intervalWatchers;
    // Remembered intervals index the old bounds: start again from one that exists.
    this.lastInterval = 0;
    this.otherInterval = 0;
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

/** addTo appends a watcher to its group (the index adds each watcher once). */
function addTo<W>(map: Map<string, W[]>, key: string, watcher: W): void {
  const group = map.get(key);
  if (group === undefined) map.set(key, [watcher]);
  else group.push(watcher);
}

/** removeFrom drops a watcher from its group, keeping the others in the order they were added. */
function removeFrom<W>(map: Map<string, W[]>, key: string, watcher: W): void {
  const group = map.get(key)!;
  group.splice(group.indexOf(watcher), 1);
  if (group.length === 0) map.delete(key);
}
