import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/types';
import { HandOverQueue, MAX_WAITING } from './handover-queue';

function pod(name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name } };
}

describe('HandOverQueue', () => {
  it('hands back a written object for the event of its revision, key and text, once', () => {
    const queue = new HandOverQueue();
    const a = pod('a');
    const b = pod('b');
    queue.push(10, '/registry/pods/default/a', 'text-a', a);
    queue.push(11, '/registry/pods/default/b', 'text-b', b);
    expect(queue.size).toBe(2);
    expect(queue.take(10, '/registry/pods/default/a', 'text-a')).toBe(a);
    expect(queue.take(10, '/registry/pods/default/a', 'text-a')).toBeUndefined();
    expect(queue.take(11, '/registry/pods/default/b', 'text-b')).toBe(b);
    expect(queue.size).toBe(0);
  });

  it('gives nothing for an event that carries other bytes or another key than the write of its revision', () => {
    const queue = new HandOverQueue();
    queue.push(5, 'k', 'stored', pod('a'));
    expect(queue.take(5, 'k', 'something else')).toBeUndefined();
    queue.push(6, 'k', 'stored', pod('a'));
    expect(queue.take(6, 'other', 'stored')).toBeUndefined();
    expect(queue.size).toBe(0);
  });

  it('drops writes whose events passed without them, and waits for writes ahead of the event', () => {
    const queue = new HandOverQueue();
    const later = pod('later');
    queue.push(3, 'k', 'v3', pod('lost'));
    queue.push(7, 'k', 'v7', later);
    // An event the store did not write (another client's), between the two.
    expect(queue.take(5, 'k', 'v5')).toBeUndefined();
    expect(queue.size).toBe(1);
    expect(queue.take(7, 'k', 'v7')).toBe(later);
  });

  it('keeps no write out of revision order or without a revision', () => {
    const queue = new HandOverQueue();
    queue.push(8, 'k', 'v8', pod('a'));
    queue.push(8, 'k', 'again', pod('b'));
    queue.push(4, 'k', 'v4', pod('c'));
    queue.push(Number(undefined), 'k', 'v', pod('d'));
    expect(queue.size).toBe(1);
    expect(queue.take(4, 'k', 'v4')).toBeUndefined();
    expect(queue.take(8, 'k', 'v8')?.metadata?.name).toBe('a');
  });

  it('keeps its order while taken writes are cut off the front of a queue that never empties', () => {
    const queue = new HandOverQueue();
    const objects: KubeObject[] = [];
    let next = 1;
    const write = (): void => {
      objects[next] = pod(`p${next}`);
      queue.push(next, 'k', `v${next}`, objects[next]);
      next++;
    };
    for (let i = 0; i < 100; i++) write();
    for (let revision = 1; revision <= 2000; revision++) {
      write();
      expect(queue.take(revision, 'k', `v${revision}`)).toBe(objects[revision]);
      expect(queue.size).toBe(100);
    }
  });

  it('keeps at most MAX_WAITING writes, letting the oldest go (a watch that stopped delivering)', () => {
    const queue = new HandOverQueue();
    const objects: KubeObject[] = [];
    for (let revision = 1; revision <= MAX_WAITING + 2; revision++) {
      objects[revision] = pod(`p${revision}`);
      queue.push(revision, 'k', `v${revision}`, objects[revision]);
    }
    expect(queue.size).toBe(MAX_WAITING);
    expect(queue.take(2, 'k', 'v2')).toBeUndefined();
    expect(queue.take(3, 'k', 'v3')).toBe(objects[3]);
  });

  it('forgets everything on clear', () => {
    const queue = new HandOverQueue();
    queue.push(1, 'k', 'v', pod('a'));
    queue.clear();
    expect(queue.size).toBe(0);
    expect(queue.take(1, 'k', 'v')).toBeUndefined();
  });

  it('hands back exactly the written objects their events carry, events coming in revision order any number of writes later', () => {
    const step = fc.record({ write: fc.boolean(), handedOver: fc.boolean(), sameText: fc.boolean() });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 1500 }), (steps) => {
        const queue = new HandOverQueue();
        // Every revision gets its event, in order; the store handed over some of the writes.
        const revisions: { handedOver: boolean; object: KubeObject }[] = [];
        let delivered = 0;
        const deliver = (): void => {
          const revision = ++delivered;
          const { handedOver, object } = revisions[revision - 1];
          const sameText = steps[(revision * 7) % steps.length].sameText;
          const taken = queue.take(revision, 'k', sameText ? `v${revision}` : 'other bytes');
          expect(taken).toBe(handedOver && sameText ? object : undefined);
        };
        for (const { write, handedOver } of steps) {
          if (write || delivered === revisions.length) {
            const revision = revisions.length + 1;
            const object = pod(`p${revision}`);
            revisions.push({ handedOver, object });
            if (handedOver) queue.push(revision, 'k', `v${revision}`, object);
          } else deliver();
        }
        while (delivered < revisions.length) deliver();
        expect(queue.size).toBe(0);
      }),
      { numRuns: 200 },
    );
  });
});
