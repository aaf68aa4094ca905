import { describe, expect, it } from 'vitest';
import type { Pod } from '../api/types';
import { SchedulerCache } from './cache';
import { podInfoOf } from './pod-info';
import { makeNode, makePod } from './testing';

function bound(pod: Pod, nodeName: string): Pod {
  return { ...pod, spec: { ...pod.spec, nodeName } };
}

describe('SchedulerCache', () => {
  it('assumes a pod, is confirmed by the watch, and follows later updates of the pod', () => {
    const cache = new SchedulerCache();
    cache.setNode(makeNode('n1'));
    const pod = makePod('web', { cpu: '500m', memory: '1Gi' });
    cache.assume(podInfoOf(pod), 'n1');
    expect(cache.isAssumed(podInfoOf(pod).uid)).toBe(true);
    const n1 = cache.nodeInfo('n1')!;
    expect(n1.requested).toEqual({ milliCpu: 500, memory: 2 ** 30 });

    cache.setAssignedPod(bound(pod, 'n1'));
    expect(cache.isAssumed(podInfoOf(pod).uid)).toBe(false);
    expect(n1.podCount).toBe(1);
    expect(n1.requested).toEqual({ milliCpu: 500, memory: 2 ** 30 });

    // A later object with other requests (an in-place resize) replaces the old numbers.
    const resized = bound(makePod('web', { cpu: '1', memory: '1Gi' }), 'n1');
    cache.setAssignedPod(resized);
    expect(n1.requested).toEqual({ milliCpu: 1000, memory: 2 ** 30 });
    expect(n1.pods.get(podInfoOf(pod).uid)?.pod).toBe(resized);
    expect(cache.nodeOf(podInfoOf(pod).uid)).toBe('n1');
  });

  it('moves a pod the API server reports on another node than the one assumed', () => {
    const cache = new SchedulerCache();
    cache.setNode(makeNode('n1'));
    cache.setNode(makeNode('n2'));
    const pod = makePod('p', { cpu: '1' });
    cache.assume(podInfoOf(pod), 'n1');
    cache.setAssignedPod(bound(pod, 'n2'));
    expect(cache.nodeInfo('n1')!.podCount).toBe(0);
    expect(cache.nodeInfo('n2')!.requested.milliCpu).toBe(1000);
    expect(cache.nodeOf(podInfoOf(pod).uid)).toBe('n2');
  });

  it('keeps a pod whose node is gone on a placeholder until the node returns, and forgets failed assumptions', () => {
    const cache = new SchedulerCache();
    const early = bound(makePod('early', { cpu: '250m' }), 'later');
    cache.setAssignedPod(early);
    cache.setAssignedPod(early);
    expect(cache.nodeInfo('later')).toBeUndefined();
    cache.setNode(makeNode('later'));
    expect(cache.nodeInfo('later')!.requested.milliCpu).toBe(250);
    expect(cache.nodeList().map((n) => n.name)).toEqual(['later']);

    const guess = makePod('guess', { cpu: '1' });
    cache.assume(podInfoOf(guess), 'later');
    cache.forget(podInfoOf(guess).uid);
    expect(cache.nodeInfo('later')!.requested.milliCpu).toBe(250);
    expect(cache.nodeOf(podInfoOf(guess).uid)).toBeUndefined();
  });
});
