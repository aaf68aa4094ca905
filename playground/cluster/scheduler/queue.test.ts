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
});
