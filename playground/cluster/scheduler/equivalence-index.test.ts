import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_INDEXED_SUM, ShapeIndex } from './equivalence-index';
import { NodeBoard } from './node-board';

/** ShapeIndex against a model of its array of known verdicts; its use in attempts is in equivalence-index.attempts.test.ts. */
describe('ShapeIndex', () => {
  type Known = number; // -3 dirty and presumed to fit, -2 dirty, -1 fails, else the sum
  const model = {
    walkLength(known: Known[], start: number, enough: number): number {
      let found = 0;
      for (let d = 0; d < known.length; d++) {
        const k = known[(start + d) % known.length];
        if ((k >= 0 || k === -3) && ++found === enough) return d + 1;
      }
      return known.length;
    },
    firstDirty(known: Known[], start: number, from: number, to: number): number {
      for (let d = from; d < to; d++) if (known[(start + d) % known.length] < -1) return d;
      return -1;
    },
    dirtyIn(known: Known[], start: number, from: number, to: number): number[] {
      const positions: number[] = [];
      for (let d = from; d < to; d++) if (known[(start + d) % known.length] < -1) positions.push((start + d) % known.length);
      return positions;
    },
    best(known: Known[], start: number, length: number): number {
      let best = -1;
      for (let d = 0; d < length; d++) {
        const p = (start + d) % known.length;
        if (known[p] >= 0 && (best < 0 || known[p] > known[best] || (known[p] === known[best] && p < best))) best = p;
      }
      return best;
    },
  };

  it('finds where a walk stops, the dirty nodes and the best node as a scan does', () => {
    const value = fc.oneof(fc.constant(-2), fc.constant(-1), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 250, max: 255 }));
    const scenario = fc.integer({ min: 1, max: 300 }).chain((size) =>
      fc.record({
        initial: fc.array(value, { minLength: size, maxLength: size }),
        steps: fc.array(fc.tuple(fc.nat(size - 1), value, fc.nat(size - 1), fc.integer({ min: 1, max: size + 2 }), fc.nat(size)), { maxLength: 40 }),
      }),
    );
    fc.assert(
      fc.property(scenario, ({ initial, steps }) => {
        const size = initial.length;
        const index = new ShapeIndex(size);
        const known = [...initial];
        index.rebuild(new NodeBoard(size), 0, (p) => known[p]);
        const counted = (k: Known) => k >= 0 || k === -3;
        for (const [position, next, start, enough, span] of steps) {
          const countedBefore = counted(known[position]);
          const countChanges = index.countChanges;
          // A known node only becomes dirty (presumed to fit if it did); a dirty one becomes known.
          if (known[position] >= -1) {
            index.markDirty(position);
            known[position] = known[position] >= 0 ? -3 : -2;
          } else if (next !== -2) {
            index.settle(position, next);
            known[position] = next;
          }
          expect(index.fitting).toBe(known.filter(counted).length);
          // attemptIndexed counts the walk again only when a node's count changed.
          expect(index.countChanges !== countChanges).toBe(counted(known[position]) !== countedBefore);
          expect(index.walkLength(start, enough)).toBe(model.walkLength(known, start, enough));
          const from = Math.min(span, size - 1);
          expect(index.firstDirty(start, from, size)).toBe(model.firstDirty(known, start, from, size));
          expect(index.firstDirty(start, 0, span)).toBe(model.firstDirty(known, start, 0, span));
          expect(index.best(start, span || 1)).toBe(model.best(known, start, span || 1));
          const listed = index.dirtyIn(start, from, span, index.dirtyList);
          expect([...index.dirtyList.subarray(0, listed)]).toEqual(model.dirtyIn(known, start, from, span));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('rebuilds for an entry that knows no node as rebuild does, node by node', () => {
    // Every verdict `fits` (a new entry: allFit may be said) one time in two.
    const verdictFits = fc.oneof(fc.array(fc.boolean(), { minLength: 1, maxLength: 200 }), fc.array(fc.constant(true), { minLength: 1, maxLength: 200 }));
    fc.assert(
      fc.property(verdictFits, fc.nat(), fc.integer({ min: 1, max: 250 }), (fits, start, enough) => {
        const size = fits.length;
        const verdicts = fits.map((fit) => (fit ? 'fits' : 'fails'));
        const [one, unknown] = [new ShapeIndex(size), new ShapeIndex(size)];
        // Marked as before, so the rebuilds must clear it.
        for (const index of [one, unknown]) index.rebuild(new NodeBoard(size), 0, (p) => (p % 3 === 0 ? 40 : -1));
        const board = new NodeBoard(size);
        one.rebuild(board, 5, (p) => (verdicts[p] === 'fits' ? -3 : -2));
        unknown.rebuildUnknown(board, 5, verdicts, 'fits', fits.every(Boolean) && start % 2 === 0);
        expect([...unknown.state]).toEqual([...one.state]);
        expect([unknown.fitting, unknown.version, unknown.seq, unknown.board]).toEqual([one.fitting, one.version, one.seq, one.board]);
        const at = start % size;
        expect(unknown.walkLength(at, enough)).toBe(one.walkLength(at, enough));
        expect(unknown.dirtyIn(at, 0, size, unknown.dirtyList)).toBe(one.dirtyIn(at, 0, size, one.dirtyList));
        expect([...unknown.dirtyList]).toEqual([...one.dirtyList]);
        expect(unknown.best(at, size)).toBe(one.best(at, size));
        unknown.settle(at, 7);
        one.settle(at, 7);
        expect(unknown.best(0, size)).toBe(one.best(0, size));
        expect(unknown.walkLength(0, enough)).toBe(one.walkLength(0, enough));
      }),
      { numRuns: 200 },
    );
  });

  it('rebuilds for an entry given some nodes as failing as rebuild does with those nodes known to fail', () => {
    // Every verdict `fits` (a new entry: allFit may be said) one time in two; the failing ones distinct.
    const scenario = fc.integer({ min: 1, max: 200 }).chain((size) =>
      fc.record({
        fits: fc.oneof(fc.array(fc.boolean(), { minLength: size, maxLength: size }), fc.array(fc.constant(true), { minLength: size, maxLength: size })) as fc.Arbitrary<boolean[]>,
        failing: fc.uniqueArray(fc.nat(size - 1), { maxLength: size }),
        start: fc.nat(size - 1),
        enough: fc.integer({ min: 1, max: 250 }),
      }),
    );
    fc.assert(
      fc.property(scenario, ({ fits, failing, start, enough }) => {
        const size = fits.length;
        const verdicts = fits.map((fit) => (fit ? 'fits' : 'fails'));
        const [one, unknown] = [new ShapeIndex(size), new ShapeIndex(size)];
        for (const index of [one, unknown]) index.rebuild(new NodeBoard(size), 0, (p) => (p % 3 === 0 ? 40 : -2));
        const board = new NodeBoard(size);
        one.rebuild(board, 5, (p) => (failing.includes(p) ? -1 : verdicts[p] === 'fits' ? -3 : -2));
        // Past the count: not read.
        const positions = Int32Array.from([...failing, 0]);
        unknown.rebuildUnknown(board, 5, verdicts, 'fits', fits.every(Boolean), positions, failing.length);
        expect([...unknown.state]).toEqual([...one.state]);
        expect(unknown.fitting).toBe(one.fitting);
        expect(unknown.walkLength(start, enough)).toBe(one.walkLength(start, enough));
        expect(unknown.dirtyIn(start, 0, size, unknown.dirtyList)).toBe(one.dirtyIn(start, 0, size, one.dirtyList));
        expect([...unknown.dirtyList]).toEqual([...one.dirtyList]);
        const dirty = one.firstDirty(start, 0, size);
        if (dirty >= 0) {
          const position = (start + dirty) % size;
          unknown.settle(position, -1);
          one.settle(position, -1);
        }
        expect(unknown.fitting).toBe(one.fitting);
        expect(unknown.walkLength(0, enough)).toBe(one.walkLength(0, enough));
      }),
      { numRuns: 200 },
    );
  });

  it('settles a batch of dirty nodes with settleSums as settle does one by one', () => {
    const value = fc.oneof(fc.constant(-2), fc.constant(-1), fc.integer({ min: 0, max: 511 }));
    const scenario = fc.integer({ min: 1, max: 200 }).chain((size) =>
      fc.record({
        initial: fc.array(value, { minLength: size, maxLength: size }),
        // Nodes made dirty, then settled as fitting with these sums (a position twice: once).
        settled: fc.uniqueArray(fc.tuple(fc.nat(size - 1), fc.integer({ min: 0, max: 511 })), { selector: ([p]) => p, maxLength: size }),
        start: fc.nat(size - 1),
        span: fc.integer({ min: 1, max: size }),
      }),
    );
    fc.assert(
      fc.property(scenario, ({ initial, settled, start, span }) => {
        const size = initial.length;
        const [one, batch] = [new ShapeIndex(size), new ShapeIndex(size)];
        const sums = new Float64Array(size);
        const positions = new Int32Array(size + 1);
        positions[0] = -7; // before `from`: not read
        for (const index of [one, batch]) index.rebuild(new NodeBoard(size), 0, (p) => initial[p]);
        settled.forEach(([position, sum], d) => {
          for (const index of [one, batch]) index.markDirty(position);
          sums[position] = sum;
          positions[d + 1] = position;
        });
        for (const [position, sum] of settled) one.settle(position, sum);
        batch.settleSums(positions, 1, settled.length + 1, sums, MAX_INDEXED_SUM);
        expect([...batch.state]).toEqual([...one.state]);
        expect(batch.fitting).toBe(one.fitting);
        for (let enough = 1; enough <= size; enough += 7) expect(batch.walkLength(start, enough)).toBe(one.walkLength(start, enough));
        expect(batch.best(start, span)).toBe(one.best(start, span));
        expect(batch.dirtyIn(start, 0, size, batch.dirtyList)).toBe(one.dirtyIn(start, 0, size, one.dirtyList));
        expect([...batch.dirtyList]).toEqual([...one.dirtyList]);
      }),
      { numRuns: 200 },
    );
  });

  it('catches up on the nodes the board logged, and the board remembers a bounded log', () => {
    const board = new NodeBoard(40);
    const index = new ShapeIndex(40);
    index.rebuild(board, 0, (p) => (p % 2 === 0 ? 10 : -1));
    board.set(4, 99, 1);
    board.set(7, 100, 1);
    board.set(4, 101, 1);
    board.set(9, 102, 1);
    // Node 9 failed by its object alone, which is the same (object generation 1, stamped negated):
    // it still fails. Node 7 failed by an object the entry no longer holds (stamp 0): dirty.
    const objectStamps = new Float64Array(40).fill(1);
    objectStamps[9] = -1;
    objectStamps[7] = 0;
    index.catchUp(board, objectStamps);
    // Node 4 fitted: presumed to fit still (counted) until an attempt resolves it.
    expect([index.known(4), index.known(7), index.known(6), index.known(9), index.fitting]).toEqual([-3, -2, 10, -1, 20]);
    // Node 4 keeps its stale sum until settled, but no answer counts it as known to fit.
    expect([index.best(4, 2), index.best(4, 3)]).toEqual([-1, 6]);
    index.settle(4, 12);
    expect([index.known(4), index.best(0, 40), index.best(5, 30)]).toEqual([12, 4, 6]);
    expect(board.remembers(index.seq)).toBe(true);
    for (let i = 0; i < board.changes.length + 1; i++) board.set(i % 40, 200 + i, 1);
    expect(board.remembers(index.seq)).toBe(false);
  });
});
