import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TaskQueue } from './task-queue';

describe('TaskQueue', () => {
  it('hands out tasks by due time, then in insertion order, across interleaved pushes and pops', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 20 }), fc.constant(-1)), { maxLength: 200 }), (ops) => {
        const queue = new TaskQueue<{ at: number; seq: number }>();
        const reference: { at: number; seq: number }[] = [];
        let seq = 0;
        let now = 0;
        for (const op of ops) {
          if (op < 0) {
            reference.sort((a, b) => a.at - b.at || a.seq - b.seq);
            const expected = reference.shift();
            expect(queue.pop()).toEqual(expected);
            if (expected) now = expected.at;
          } else {
            // Like the event loop: never schedule into the past.
            const task = { at: now + op, seq: seq++ };
            queue.push(task);
            reference.push(task);
          }
          expect(queue.size).toBe(reference.length);
          const first = [...reference].sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
          expect(queue.peek()).toEqual(first);
        }
      }),
    );
  });

  it('peeks without removing and is empty after the last pop', () => {
    const queue = new TaskQueue<{ at: number; seq: number }>();
    queue.push({ at: 5, seq: 0 });
    queue.push({ at: 1, seq: 1 });
    expect(queue.peek()).toEqual({ at: 1, seq: 1 });
    expect(queue.pop()).toEqual({ at: 1, seq: 1 });
    expect(queue.pop()).toEqual({ at: 5, seq: 0 });
    expect(queue.peek()).toBeUndefined();
    expect(queue.pop()).toBeUndefined();
    expect(queue.size).toBe(0);
  });

  it('pops a task only when it is due by the limit, and leaves the queue as it was otherwise', () => {
    const queue = new TaskQueue<{ at: number; seq: number }>();
    queue.push({ at: 3, seq: 0 });
    queue.push({ at: 3, seq: 1 });
    queue.push({ at: 7, seq: 2 });
    expect(queue.popDueBy(2)).toBeUndefined();
    expect(queue.size).toBe(3);
    expect(queue.popDueBy(3)).toEqual({ at: 3, seq: 0 });
    expect(queue.popDueBy(3)).toEqual({ at: 3, seq: 1 });
    expect(queue.popDueBy(6)).toBeUndefined();
    expect(queue.peek()).toEqual({ at: 7, seq: 2 });
    expect(queue.popDueBy(Number.POSITIVE_INFINITY)).toEqual({ at: 7, seq: 2 });
    expect(queue.popDueBy(Number.POSITIVE_INFINITY)).toBeUndefined();
    expect(queue.size).toBe(0);
  });
});
