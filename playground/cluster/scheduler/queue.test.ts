import { describe, expect, it } from 'vitest';
import type { SimContext } from '../sim/context';
import { SeededIds } from '../sim/ids';
import { EventLoop } from '../sim/loop';
import { Trace } from '../sim/trace';
import { computePodInfo } from './pod-info';
import { SchedulingQueue } from './queue';
import { makePod } from './testing';

function queue(): SchedulingQueue {
  const loop = new EventLoop();
  const ctx: SimContext = { loop, trace: new Trace(() => loop.now()), ids: new SeededIds(1) };
  return new SchedulingQueue(ctx, () => {});
}

describe('SchedulingQueue', () => {
  it('pops by priority, then first come, with the priority of the newest pod object', () => {
    const q = queue();
    q.add(makePod('a', { priority: 1 }));
    q.add(makePod('b', { priority: 5 }));
    q.add(makePod('c', { priority: 5 }));
    expect([q.pop()?.key, q.pop()?.key, q.pop()?.key, q.pop()]).toEqual(['default/b', 'default/c', 'default/a', undefined]);
  });

  it('forgets the PodInfo an entry carried when its pod object is replaced', () => {
    const q = queue();
    const pod = makePod('p', { cpu: '1' });
    q.add(pod);
    const entry = q.pop()!;
    entry.info = computePodInfo(pod);
    q.addUnschedulable(entry);
    const resized = makePod('p', { cpu: '2' });
    q.update(resized);
    expect(entry.pod).toBe(resized);
    expect(entry.info).toBeUndefined();
    // The spec changed, so the pod leaves the unschedulable pods, to wait out its back-off.
    expect(q.snapshot()).toEqual({ active: [], backoff: ['default/p'], unschedulable: [] });
  });

  it('counts and lists the active pods as they are added, popped, deleted and added again', () => {
    const q = queue();
    q.add(makePod('a'));
    q.add(makePod('b'));
    q.add(makePod('c'));
    expect(q.activeCount).toBe(3);
    expect(q.pop()?.key).toBe('default/a');
    q.delete('default/b');
    // b is deleted while activeQ still holds it, then added again: a new entry, queued behind c.
    q.add(makePod('b', { priority: 0 }));
    expect(q.activeCount).toBe(2);
    expect(q.snapshot().active).toEqual(['default/b', 'default/c']);
    q.delete('default/a');
    q.delete('default/nobody');
    expect(q.activeCount).toBe(2);
    // The deleted b's copy in activeQ is skipped; the new one is popped once.
    expect([q.pop()?.key, q.pop()?.key, q.pop()]).toEqual(['default/c', 'default/b', undefined]);
    expect(q.activeCount).toBe(0);
    expect(q.snapshot()).toEqual({ active: [], backoff: [], unschedulable: [] });
  });

  it('keeps a popped pod out of activeQ until something activates it again', () => {
    const q = queue();
    q.add(makePod('p'));
    const entry = q.pop()!;
    expect(entry.attempts).toBe(1);
    // A newer object of a pod being scheduled does not queue it a second time.
    q.update(makePod('p', { priority: 3 }));
    expect(q.activeCount).toBe(0);
    expect(q.pop()).toBeUndefined();
    q.addUnschedulable(entry);
    q.moveAllToActiveOrBackoff();
    expect(q.snapshot()).toEqual({ active: [], backoff: ['default/p'], unschedulable: [] });
  });
});
