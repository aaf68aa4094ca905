/**
 * WatcherIndex finds the watchers whose range contains a written key without looking at every
 * watcher. Almost all watches are on one key or on a prefix (kube-apiserver watches
 * `/registry/pods/`), so those are kept in maps: one lookup per key, plus one per distinct
 * prefix length in use. Only watchers on other ranges are checked one by one.
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
 */
export class WatcherIndex<W extends WatchRange> {
  private readonly byKey = new Map<string, W[]>();
  private readonly byPrefix = new Map<string, W[]>();
  /** How many prefixes of each length are indexed, and those lengths in ascending order. */
  private readonly prefixLengthUse = new Map<number, number>();
  private prefixLengths: number[] = [];
  /**
   * For each indexed prefix length, the char codes prefixes of that length end with. Most prefixes
   * end in "/", so checking the key's char at that position skips most map lookups.
   */
  private readonly lastCharsByLength = new Map<number, Map<number, number>>();
  private lastCharSets: (Set<number> | undefined)[] = [];
  /** Per indexed length: the one char code its prefixes end with, or -1 (several, or length 0). */
  private lastCharOnly: number[] = [];
  /**
   * Per indexed length: the prefix when it is the only one of that length (the usual case), and
   * its group, so a key is tested with startsWith instead of slicing it for a map lookup.
   */
  private onlyPrefix: (string | undefined)[] = [];
  private onlyGroup: (W[] | undefined)[] = [];
  private readonly others = new Set<W>();
  private count = 0;

  /** size is the number of watchers in the index. */
  get size(): number {
    return this.count;
  }

  /** add indexes a watcher. */
  add(watcher: W): void {
    this.count++;
    if (watcher.rangeEnd === undefined || watcher.rangeEnd === '') {
      addTo(this.byKey, watcher.key, watcher);
      return;
    }
    const prefix = watchedPrefix(watcher.key, watcher.rangeEnd);
    if (prefix === undefined) {
      this.others.add(watcher);
      return;
    }
    const isNew = !this.byPrefix.has(prefix);
    if (isNew) this.trackPrefix(prefix, +1);
    addTo(this.byPrefix, prefix, watcher);
    if (isNew) this.findOnlyPrefixes();
  }

  /** remove takes a watcher out of the index; removing an absent watcher does nothing. */
  remove(watcher: W): void {
    if (watcher.rangeEnd === undefined || watcher.rangeEnd === '') {
      if (removeFrom(this.byKey, watcher.key, watcher)) this.count--;
      return;
    }
    const prefix = watchedPrefix(watcher.key, watcher.rangeEnd);
    if (prefix === undefined) {
      if (this.others.delete(watcher)) this.count--;
      return;
    }
    if (!removeFrom(this.byPrefix, prefix, watcher)) return;
    this.count--;
    if (!this.byPrefix.has(prefix)) {
      this.trackPrefix(prefix, -1);
      this.findOnlyPrefixes();
    }
  }

  /** collectMatching appends to `out` every watcher whose range contains `key`. */
  collectMatching(key: string, out: W[]): void {
    const exact = this.byKey.get(key);
    if (exact !== undefined) for (let w = 0; w < exact.length; w++) out.push(exact[w]);
    const lengths = this.prefixLengths;
    const keyLength = key.length;
    for (let i = 0; i < lengths.length; i++) {
      const length = lengths[i];
      if (length > keyLength) break;
      const single = this.onlyPrefix[i];
      if (single !== undefined) {
        if (key.startsWith(single)) {
          const group = this.onlyGroup[i]!;
          for (let w = 0; w < group.length; w++) out.push(group[w]);
        }
        continue;
      }
      // Nearly every prefix length has one last char ("/"): an integer compare, not a Set lookup.
      const only = this.lastCharOnly[i];
      if (only >= 0) {
        if (key.charCodeAt(length - 1) !== only) continue;
      } else {
        const lastChars = this.lastCharSets[i];
        if (lastChars && !lastChars.has(key.charCodeAt(length - 1))) continue;
      }
      const group = this.byPrefix.get(length === keyLength ? key : key.slice(0, length));
      if (group !== undefined) for (let w = 0; w < group.length; w++) out.push(group[w]);
    }
    if (this.others.size === 0) return;
    for (const watcher of this.others) {
      if (inKeyRange(key, watcher.key, watcher.rangeEnd)) out.push(watcher);
    }
  }

  /**
   * findOnlyPrefixes records, for each indexed length, the prefix and group when that length has
   * just one prefix. Run when a prefix comes or goes: a group's array lives exactly that long.
   */
  private findOnlyPrefixes(): void {
    const lengths = this.prefixLengths;
    this.onlyPrefix = lengths.map(() => undefined);
    this.onlyGroup = lengths.map(() => undefined);
    for (const [prefix, group] of this.byPrefix) {
      const i = lengths.indexOf(prefix.length);
      if (this.prefixLengthUse.get(prefix.length) !== 1) continue;
      this.onlyPrefix[i] = prefix;
      this.onlyGroup[i] = group;
    }
  }

  /** trackPrefix counts a distinct prefix in (+1) or out (-1) of the per-length tables. */
  private trackPrefix(prefix: string, delta: 1 | -1): void {
    const length = prefix.length;
    const uses = (this.prefixLengthUse.get(length) ?? 0) + delta;
    if (uses > 0) this.prefixLengthUse.set(length, uses);
    else this.prefixLengthUse.delete(length);
    if (length > 0) {
      const code = prefix.charCodeAt(length - 1);
      let chars = this.lastCharsByLength.get(length);
      if (!chars) {
        chars = new Map();
        this.lastCharsByLength.set(length, chars);
      }
      const charUses = (chars.get(code) ?? 0) + delta;
      if (charUses > 0) chars.set(code, charUses);
      else chars.delete(code);
      if (chars.size === 0) this.lastCharsByLength.delete(length);
    }
    this.prefixLengths = [...this.prefixLengthUse.keys()].sort((a, b) => a - b);
    this.lastCharSets = this.prefixLengths.map((l) => {
      const chars = this.lastCharsByLength.get(l);
      return chars ? new Set(chars.keys()) : undefined;
    });
    this.lastCharOnly = this.lastCharSets.map((chars) => (chars && chars.size === 1 ? chars.values().next().value! : -1));
  }
}

/** addTo appends a watcher to its group (once: adding it again changes nothing, as with a Set). */
function addTo<W>(map: Map<string, W[]>, key: string, watcher: W): void {
  const group = map.get(key);
  if (!group) map.set(key, [watcher]);
  else if (!group.includes(watcher)) group.push(watcher);
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
