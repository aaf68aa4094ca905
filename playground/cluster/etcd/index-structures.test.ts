import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SortedKeys, inKeyRange } from './sorted-keys';
import { WatcherIndex, watchedPrefix } from './watcher-index';
import { prefixEnd } from './types';

// Short keys over a tiny alphabet collide and nest often, which is where range bugs live.
const keyArb = fc.string({ unit: fc.constantFrom('/', 'a', 'b', 'c', '0'), minLength: 1, maxLength: 4 });
const rangeEndArb = fc.oneof(fc.constant(undefined), fc.constant('\0'), keyArb);

describe('SortedKeys', () => {
  it('matches a naive sorted array for inserts, removes, range scans and counts', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.tuple(fc.boolean(), keyArb), { maxLength: 120 }),
        fc.array(fc.tuple(keyArb, rangeEndArb), { maxLength: 10 }),
        (chunkLoad, ops, queries) => {
          const keys = new SortedKeys(chunkLoad);
          const naive = new Set<string>();
          for (const [insert, key] of ops) {
            if (insert) expect(keys.insert(key)).toBe(!naive.has(key));
            else expect(keys.remove(key)).toBe(naive.has(key));
            if (insert) naive.add(key);
            else naive.delete(key);
          }
          const sorted = [...naive].sort();
          expect(keys.toArray()).toEqual(sorted);
          expect(keys.size).toBe(sorted.length);
          for (const [start, end] of queries) {
            const expected = sorted.filter((k) => inKeyRange(k, start, end));
            const seen: string[] = [];
            keys.forEachInRange(start, end, (k) => {
              seen.push(k);
            });
            expect(seen).toEqual(expected);
            expect(keys.countInRange(start, end)).toBe(expected.length);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('matches a naive sorted set when inserts wait to be merged, with reads in between', () => {
    const op = fc.oneof(
      fc.tuple(fc.constantFrom('insert', 'add', 'remove'), keyArb),
      fc.tuple(fc.constant('scan'), keyArb, rangeEndArb),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.array(op, { maxLength: 200 }), (chunkLoad, ops) => {
        const keys = new SortedKeys(chunkLoad);
        const naive = new Set<string>();
        for (const [kind, key, end] of ops as [string, string, string | undefined][]) {
          if (kind === 'insert') {
            expect(keys.insert(key)).toBe(!naive.has(key));
            naive.add(key);
          } else if (kind === 'add') {
            keys.add(key);
            naive.add(key);
          } else if (kind === 'remove') {
            expect(keys.remove(key)).toBe(naive.has(key));
            naive.delete(key);
          } else {
            const expected = [...naive].sort().filter((k) => inKeyRange(k, key, end));
            const seen: string[] = [];
            keys.forEachInRange(key, end, (k) => {
              seen.push(k);
            });
            expect(seen).toEqual(expected);
            expect(keys.countInRange(key, end)).toBe(expected.length);
          }
          expect(keys.has(key)).toBe(naive.has(key));
        }
        expect(keys.toArray()).toEqual([...naive].sort());
        expect(keys.size).toBe(naive.size);
      }),
      { numRuns: 300 },
    );
  });

  it('merges runs of waiting adds, repeats included, before a remove or a scan', () => {
    // No has() after each op here (it merges), so many adds wait together, some of them repeats.
    const op = fc.oneof(
      { arbitrary: fc.tuple(fc.constant('add'), keyArb), weight: 6 },
      { arbitrary: fc.tuple(fc.constant('remove'), keyArb), weight: 1 },
      { arbitrary: fc.tuple(fc.constant('scan'), keyArb, rangeEndArb), weight: 1 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.array(op, { maxLength: 300 }), (chunkLoad, ops) => {
        const keys = new SortedKeys(chunkLoad);
        const naive = new Set<string>();
        for (const [kind, key, end] of ops as [string, string, string | undefined][]) {
          if (kind === 'add') {
            keys.add(key);
            naive.add(key);
          } else if (kind === 'remove') {
            expect(keys.remove(key)).toBe(naive.has(key));
            naive.delete(key);
          } else {
            expect(keys.countInRange(key, end)).toBe([...naive].filter((k) => inKeyRange(k, key, end)).length);
          }
        }
        expect(keys.toArray()).toEqual([...naive].sort());
        expect(keys.size).toBe(naive.size);
      }),
      { numRuns: 300 },
    );
  });

  it('stops a scan when the visitor returns false', () => {
    const keys = new SortedKeys(2);
    for (const k of ['e', 'a', 'd', 'b', 'c']) keys.insert(k);
    const seen: string[] = [];
    keys.forEachInRange('b', '\0', (k) => {
      seen.push(k);
      return seen.length < 2;
    });
    expect(seen).toEqual(['b', 'c']);
  });
});

describe('WatcherIndex', () => {
  it('recognises prefix ranges, including "everything"', () => {
    expect(watchedPrefix('/registry/pods/', prefixEnd('/registry/pods/'))).toBe('/registry/pods/');
    expect(watchedPrefix('\0', '\0')).toBe('');
    expect(watchedPrefix('/a', '/c')).toBeUndefined();
    expect(watchedPrefix('/a', undefined)).toBeUndefined();
    expect(watchedPrefix('/a', '\0')).toBeUndefined();
  });

  it('holds a watcher added twice once, and keeps the others when one leaves', () => {
    type W = { id: number; key: string; rangeEnd?: string };
    const index = new WatcherIndex<W>();
    const a: W = { id: 1, key: '/p/', rangeEnd: prefixEnd('/p/') };
    const b: W = { id: 2, key: '/p/', rangeEnd: prefixEnd('/p/') };
    const c: W = { id: 3, key: '/p/x' };
    for (const w of [a, b, a, c, c]) index.add(w);
    const matching = (key: string) => {
      const out = [...index.matching(key)];
      return out.map((w) => w.id);
    };
    // In the order the watchers were added (watch-id order, for the hub), exact-key ones included.
    expect(matching('/p/x')).toEqual([1, 2, 3]);
    expect(index.size).toBe(3);
    index.remove(a);
    expect(index.size).toBe(2);
    expect(matching('/p/x')).toEqual([2, 3]);
    expect(matching('/p/y')).toEqual([2]);
    expect(matching('/q/x')).toEqual([]);
    // A watcher on a range that is not a prefix, added twice, also counts once.
    const d: W = { id: 4, key: '/a', rangeEnd: '/c' };
    index.add(d);
    index.add(d);
    expect(index.size).toBe(3);
    for (const w of [b, c, d]) index.remove(w);
    expect(index.size).toBe(0);
  });

  it('matches prefixes of one length whether that length holds one prefix or several', () => {
    type W = { id: number; key: string; rangeEnd?: string };
    const index = new WatcherIndex<W>();
    const prefixWatch = (id: number, prefix: string): W => ({ id, key: prefix, rangeEnd: prefixEnd(prefix) });
    const pods = prefixWatch(1, '/registry/pods/');
    const podz = prefixWatch(2, '/registry/podz/'); // same length, same last char
    const matching = (key: string) => {
      const out = [...index.matching(key)];
      return out.map((w) => w.id).sort();
    };
    index.add(pods);
    expect(matching('/registry/pods/a')).toEqual([1]);
    expect(matching('/registry/podz/a')).toEqual([]);
    index.add(podz);
    expect(matching('/registry/pods/a')).toEqual([1]);
    expect(matching('/registry/podz/a')).toEqual([2]);
    index.remove(pods);
    expect(matching('/registry/pods/a')).toEqual([]);
    expect(matching('/registry/podz/a')).toEqual([2]);
    const second = prefixWatch(3, '/registry/podz/');
    index.add(second);
    expect(matching('/registry/podz/')).toEqual([2, 3]);
    index.remove(podz);
    index.remove(second);
    expect(matching('/registry/podz/a')).toEqual([]);
    index.add(pods);
    expect(matching('/registry/pods/')).toEqual([1]);
  });

  it('finds every prefix enclosing a key, past prefixes that sort between them', () => {
    type W = { id: string; key: string; rangeEnd?: string };
    const index = new WatcherIndex<W>();
    for (const prefix of ['/r/a/x', '', '/r/b/', '/r/', '/r/a/']) {
      index.add(prefix === '' ? { id: 'all', key: '\0', rangeEnd: '\0' } : { id: prefix, key: prefix, rangeEnd: prefixEnd(prefix) });
    }
    const matching = (key: string) => {
      const out = [...index.matching(key)];
      return out.map((w) => w.id).sort();
    };
    // The greatest prefix <= '/r/a/y' is '/r/a/x', which does not hold it; its enclosing ones do.
    expect(matching('/r/a/y')).toEqual(['/r/', '/r/a/', 'all']);
    expect(matching('/r/a/xz')).toEqual(['/r/', '/r/a/', '/r/a/x', 'all']);
    expect(matching('/r/c')).toEqual(['/r/', 'all']);
    expect(matching('/q')).toEqual(['all']);
    index.remove({ id: 'all', key: '\0', rangeEnd: '\0' }); // a different object: nothing leaves
    expect(matching('/q')).toEqual(['all']);
  });

  it('finds exactly the watchers whose range holds a key, as watchers come and go', () => {
    type W = { id: number; key: string; rangeEnd?: string };
    const watcherArb = fc.oneof(
      keyArb.map((key) => ({ key })),
      keyArb.map((key) => ({ key, rangeEnd: prefixEnd(key) })),
      fc.constant({ key: '\0', rangeEnd: '\0' }),
      fc.tuple(keyArb, rangeEndArb).map(([key, rangeEnd]) => ({ key, rangeEnd })),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(watcherArb, fc.boolean()), { maxLength: 40 }),
        fc.array(keyArb, { minLength: 1, maxLength: 20 }),
        (specs, probes) => {
          const index = new WatcherIndex<W>();
          const live: W[] = [];
          specs.forEach(([spec, removeLater], id) => {
            const w: W = { id, ...spec };
            index.add(w);
            live.push(w);
            if (removeLater && live.length > 1) {
              const victim = live.splice(id % live.length, 1)[0];
              index.remove(victim);
              index.remove(victim); // removing twice is harmless
            }
          });
          expect(index.size).toBe(live.length);
          for (const key of probes) {
            const out = [...index.matching(key)];
            // Exactly the watchers holding the key, in the order they were added (as `live` is).
            const expected = live.filter((w) => inKeyRange(key, w.key, w.rangeEnd)).map((w) => w.id);
            expect(out.map((w) => w.id)).toEqual(expected);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps many watchers of a few nested prefixes in the order they came, as they come and go', () => {
    // Watchers join and leave prefixes already indexed (the API server's one etcd watch per API
    // watch without a watch cache), so most adds and removes keep the intervals as they are.
    type W = { id: number; key: string; rangeEnd?: string };
    const prefixes = ['', '/a', '/a/', '/a/b', '/b/'];
    const watcher = (id: number, prefix: string): W => (prefix === '' ? { id, key: '\0', rangeEnd: '\0' } : { id, key: prefix, rangeEnd: prefixEnd(prefix) });
    const probes = ['/', '/a', '/a/', '/a/a', '/a/b', '/a/bc', '/a0', '/b/', '/b/x', '/c'];
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...prefixes), fc.nat(), fc.boolean()), { minLength: 1, maxLength: 80 }), (ops) => {
        const index = new WatcherIndex<W>();
        const live: W[] = [];
        ops.forEach(([prefix, at, leave], id) => {
          if (leave && live.length > 0) index.remove(live.splice(at % live.length, 1)[0]);
          else {
            const w = watcher(id, prefix);
            index.add(w);
            live.push(w);
          }
          for (const key of probes) {
            const expected = live.filter((w) => inKeyRange(key, w.key, w.rangeEnd)).map((w) => w.id);
            expect([...index.matching(key)].map((w) => w.id)).toEqual(expected);
          }
        });
      }),
      { numRuns: 200 },
    );
  });

  it('keeps finding the right watchers when probes repeat and interleave with watches opening and closing', () => {
    type W = { id: number; key: string; rangeEnd?: string };
    const opArb = fc.oneof(
      keyArb.map((key) => ({ add: { key, rangeEnd: prefixEnd(key) } })),
      keyArb.map((key) => ({ add: { key } })),
      fc.nat().map((at) => ({ remove: at })),
      fc.array(keyArb, { minLength: 1, maxLength: 6 }).map((keys) => ({ probe: keys })),
    );
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => {
        const index = new WatcherIndex<W>();
        const live: W[] = [];
        ops.forEach((op, id) => {
          if ('add' in op) {
            const w: W = { id, ...op.add };
            index.add(w);
            live.push(w);
          } else if ('remove' in op) {
            if (live.length > 0) index.remove(live.splice(op.remove % live.length, 1)[0]);
          } else {
            // Each key twice, alternating with the others, as pods and events writes alternate.
            for (const key of [...op.probe, ...op.probe]) {
              const out = [...index.matching(key)];
              const expected = live.filter((w) => inKeyRange(key, w.key, w.rangeEnd)).map((w) => w.id);
              expect(out.map((w) => w.id)).toEqual(expected);
            }
          }
        });
      }),
      { numRuns: 300 },
    );
  });
});
