import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ActiveQueue } from './active-queue';

interface Item {
  id: number;
  priority: number;
  seq: number;
}

describe('ActiveQueue', () => {
  it('pops the highest priority first, then the lowest sequence number, skipping stale copies', () => {
    type Op = { op: 'push'; priority: number } | { op: 'pop' } | { op: 'reprioritize'; item: number; priority: number } | { op: 'repush'; item: number };
    const opArb: fc.Arbitrary<Op> = fc.oneof(
      { arbitrary: fc.record({ op: fc.constant('push' as const), priority: fc.integer({ min: -1, max: 1 }) }), weight: 4 },
      { arbitrary: fc.constant({ op: 'pop' as const }), weight: 3 },
      { arbitrary: fc.record({ op: fc.constant('reprioritize' as const), item: fc.nat(6), priority: fc.integer({ min: -1, max: 1 }) }), weight: 1 },
      { arbitrary: fc.record({ op: fc.constant('repush' as const), item: fc.nat(6) }), weight: 1 },
    );
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 150 }), (ops) => {
        const queue = new ActiveQueue<Item>();
        const items: Item[] = [];
        // The model: the items waiting, each once, popped by (priority desc, seq asc).
        const waiting = new Set<Item>();
        let nextSeq = 0;
        for (const op of ops) {
          if (op.op === 'push') {
            const item = { id: items.length, priority: op.priority, seq: nextSeq++ };
            items.push(item);
            waiting.add(item);
            queue.push(item);
          } else if (op.op === 'pop') {
            let expected: Item | undefined;
            for (const item of waiting) if (!expected || item.priority > expected.priority || (item.priority === expected.priority && item.seq < expected.seq)) expected = item;
            // A popped item that is no longer waiting (popped before as another copy) is skipped, as SchedulingQueue skips it.
            let popped = queue.pop();
            while (popped !== undefined && !waiting.has(popped)) popped = queue.pop();
            expect(popped).toBe(expected);
            if (popped) waiting.delete(popped);
          } else if (op.op === 'reprioritize') {
            // SchedulingQueue.update: a waiting pod whose priority changed is pushed again.
            const item = items[op.item];
            if (!item || item.priority === op.priority) continue;
            item.priority = op.priority;
            if (waiting.has(item)) queue.push(item);
          } else {
            // Activated again after it was popped: a new sequence number.
            const item = items[op.item];
            if (!item || waiting.has(item)) continue;
            item.seq = nextSeq++;
            waiting.add(item);
            queue.push(item);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('skips a copy left under a priority the item has again, once it has a newer sequence number', () => {
    const queue = new ActiveQueue<Item>();
    const x = { id: 0, priority: 0, seq: 0 };
    const y = { id: 1, priority: 0, seq: 1 };
    queue.push(x);
    queue.push(y);
    x.priority = 1;
    queue.push(x);
    expect(queue.pop()).toBe(x);
    // Back to priority 0 while not waiting, then activated again after y: y comes first.
    x.priority = 0;
    x.seq = 2;
    queue.push(x);
    expect([queue.pop(), queue.pop(), queue.pop()]).toEqual([y, x, undefined]);
  });

  it('keeps first-in-first-out order over thousands of pods of one priority', () => {
    const queue = new ActiveQueue<Item>();
    for (let i = 0; i < 5000; i++) queue.push({ id: i, priority: 0, seq: i });
    const order: number[] = [];
    for (let i = 0; i < 3000; i++) order.push(queue.pop()!.id);
    for (let i = 5000; i < 6000; i++) queue.push({ id: i, priority: 0, seq: i });
    for (let item = queue.pop(); item; item = queue.pop()) order.push(item.id);
    expect(order).toEqual(Array.from({ length: 6000 }, (_, i) => i));
  });
});
