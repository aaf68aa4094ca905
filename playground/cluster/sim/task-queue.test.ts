import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TaskQueue } from './task-queue';

/** Entry is what the tests queue: a due time and an insertion number, as the argument. */
interface Entry {
  at: number;
  seq: number;
}

const marker = (entry: Entry): void => void entry;

/** popEntry pops like the event loop does and returns the argument, or undefined. */
function popEntry(queue: TaskQueue<Entry>, limit = Number.POSITIVE_INFINITY): Entry | undefined {
  const run = queue.popDueBy(limit);
  if (run === undefined) return undefined;
  expect(run).toBe(marker);
  expect(queue.poppedAt).toBe(queue.poppedArg!.at);
  return queue.poppedArg;
}

describe('TaskQueue', () => {
  it('hands out entries by due time, then in insertion order, across interleaved pushes and pops', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 20 }), fc.constant(-1)), { maxLength: 200 }), (ops) => {
        const queue = new TaskQueue<Entry>();
        const reference: Entry[] = [];
        let seq = 0;
        let now = 0;
        for (const op of ops) {
          if (op < 0) {
            reference.sort((a, b) => a.at - b.at || a.seq - b.seq);
            const expected = reference.shift();
            expect(popEntry(queue)).toEqual(expected);
            if (expected) now = expected.at;
          } else {
            // Like the event loop: never schedule into the past.
            const entry = { at: now + op, seq: seq++ };
            queue.push(entry.at, marker, entry);
            reference.push(entry);
          }
          expect(queue.size).toBe(reference.length);
          // Every entry ever queued, popped or not: the loop hands it out as the next task's seq.
          expect(queue.pushed).toBe(seq);
          const first = [...reference].sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
          expect(queue.peekArg()).toEqual(first);
          expect(queue.peekAt()).toBe(first?.at);
          expect(queue.peekRun()).toBe(first ? marker : undefined);
        }
      }),
    );
  });

  it('peeks without removing and is empty after the last pop', () => {
    const queue = new TaskQueue<Entry>();
    queue.push(5, marker, { at: 5, seq: 0 });
    queue.push(1, marker, { at: 1, seq: 1 });
    expect(queue.peekArg()).toEqual({ at: 1, seq: 1 });
    expect(popEntry(queue)).toEqual({ at: 1, seq: 1 });
    expect(popEntry(queue)).toEqual({ at: 5, seq: 0 });
    expect(queue.peekArg()).toBeUndefined();
    expect(queue.peekAt()).toBeUndefined();
    expect(popEntry(queue)).toBeUndefined();
    expect(queue.size).toBe(0);
  });

  it('pops an entry only when it is due by the limit, and leaves the queue as it was otherwise', () => {
    const queue = new TaskQueue<Entry>();
    queue.push(3, marker, { at: 3, seq: 0 });
    queue.push(3, marker, { at: 3, seq: 1 });
    queue.push(7, marker, { at: 7, seq: 2 });
    expect(popEntry(queue, 2)).toBeUndefined();
    expect(queue.size).toBe(3);
    expect(popEntry(queue, 3)).toEqual({ at: 3, seq: 0 });
    expect(popEntry(queue, 3)).toEqual({ at: 3, seq: 1 });
    expect(popEntry(queue, 6)).toBeUndefined();
    expect(queue.peekArg()).toEqual({ at: 7, seq: 2 });
    expect(popEntry(queue)).toEqual({ at: 7, seq: 2 });
    expect(popEntry(queue)).toBeUndefined();
    expect(queue.size).toBe(0);
  });

  it('treats a NaN limit as no limit, and an empty queue as having nothing due', () => {
    const queue = new TaskQueue<Entry>();
    expect(popEntry(queue, Number.NaN)).toBeUndefined();
    queue.push(4, marker, { at: 4, seq: 0 });
    expect(popEntry(queue, Number.NaN)).toEqual({ at: 4, seq: 0 });
    expect(popEntry(queue, Number.NaN)).toBeUndefined();
    // After emptying, a push at any time (the old head's included) starts a fresh bucket.
    queue.push(4, marker, { at: 4, seq: 1 });
    queue.push(2, marker, { at: 2, seq: 2 });
    expect(queue.peekAt()).toBe(2);
    expect(popEntry(queue)).toEqual({ at: 2, seq: 2 });
    expect(popEntry(queue)).toEqual({ at: 4, seq: 1 });
  });

  it('keeps insertion order when pushes alternate between two times, also once one of them was emptied', () => {
    // A request's hops alternate between the server's answer (now + 2) and the wire (now + 1).
    const queue = new TaskQueue<Entry>();
    queue.push(1, marker, { at: 1, seq: 0 });
    queue.push(2, marker, { at: 2, seq: 1 });
    queue.push(1, marker, { at: 1, seq: 2 });
    queue.push(2, marker, { at: 2, seq: 3 });
    expect(popEntry(queue)).toEqual({ at: 1, seq: 0 });
    expect(popEntry(queue)).toEqual({ at: 1, seq: 2 });
    // Time 1 is empty and gone: pushing there again (the time pushed into before last) starts a new
    // bucket, due before time 2's.
    queue.push(1, marker, { at: 1, seq: 4 });
    queue.push(2, marker, { at: 2, seq: 5 });
    queue.push(1, marker, { at: 1, seq: 6 });
    expect(queue.size).toBe(5);
    expect([1, 2, 3, 4, 5].map(() => popEntry(queue)?.seq)).toEqual([4, 6, 1, 3, 5]);
    expect(popEntry(queue)).toBeUndefined();
  });

  it('keeps each entry with its own function and argument', () => {
    const queue = new TaskQueue<string>();
    const seen: string[] = [];
    const first = (arg: string) => seen.push(`first ${arg}`);
    const second = (arg: string) => seen.push(`second ${arg}`);
    queue.push(2, first, 'a');
    queue.push(1, second, 'b');
    queue.push(2, second, 'c');
    for (let run = queue.popDueBy(Infinity); run !== undefined; run = queue.popDueBy(Infinity)) run(queue.poppedArg!);
    expect(seen).toEqual(['second b', 'first a', 'second c']);
  });

  it('hands out the bucket of the first instant due, whose entries the taker reads in order, and the next instant once it is dropped', () => {
    const queue = new TaskQueue<Entry>();
    queue.push(3, marker, { at: 3, seq: 0 });
    queue.push(1, marker, { at: 1, seq: 1 });
    queue.push(1, marker, { at: 1, seq: 2 });
    expect(queue.dueHead(0.5)).toBeUndefined();
    expect(queue.dueHead(Number.NaN)).toBeDefined();
    const bucket = queue.dueHead(1)!;
    expect(queue.peekAt()).toBe(1);
    expect(bucket.entries.slice(bucket.next)).toEqual([marker, { at: 1, seq: 1 }, marker, { at: 1, seq: 2 }]);
    // Taken as the event loop takes them: the pair at next, then next moves on.
    bucket.entries[bucket.next] = bucket.entries[bucket.next + 1] = undefined as unknown as Entry;
    bucket.next += 2;
    expect(queue.size).toBe(2);
    expect(queue.peekArg()).toEqual({ at: 1, seq: 2 });
    bucket.next += 2;
    queue.dropHead();
    expect(queue.size).toBe(1);
    expect(queue.peekAt()).toBe(3);
    // Time 1 again is a new bucket, ahead of time 3's.
    queue.push(1, marker, { at: 1, seq: 3 });
    expect(queue.dueHead(1)).not.toBe(bucket);
    expect([popEntry(queue)?.seq, popEntry(queue)?.seq, popEntry(queue)]).toEqual([3, 0, undefined]);
    expect(queue.dueHead(Number.POSITIVE_INFINITY)).toBeUndefined();
  });

  it('counts what is left of a head bucket that entries were taken from once an earlier time is pushed ahead of it', () => {
    const queue = new TaskQueue<Entry>();
    queue.push(2, marker, { at: 2, seq: 0 });
    queue.push(2, marker, { at: 2, seq: 1 });
    // The loop drops cancelled tasks at the head past its clock (still 0): one of time 2 is taken.
    expect(popEntry(queue)).toEqual({ at: 2, seq: 0 });
    expect(queue.size).toBe(1);
    queue.push(0, marker, { at: 0, seq: 2 });
    expect(queue.size).toBe(2);
    expect([popEntry(queue)?.seq, popEntry(queue)?.seq]).toEqual([2, 1]);
    expect(queue.size).toBe(0);
    expect(popEntry(queue)).toBeUndefined();
  });
});
