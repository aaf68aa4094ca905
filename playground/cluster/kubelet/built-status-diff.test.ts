import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PodCondition } from '../api/types';
import { builtStatusDiff } from './built-status-diff';
import { podStatusFromView, type ContainerView, type PodView } from './pod-status';
import { statusDiff } from './status-diff';

const time = fc.constantFrom('2026-01-01T00:00:00Z', '2026-01-01T00:00:02Z', '2026-01-01T00:00:05Z');

/** A container as a pod worker may see it: waiting (with or without a message), running, terminated, restarted. */
const container = (name: string): fc.Arbitrary<ContainerView> =>
  fc.record(
    {
      name: fc.constant(name),
      image: fc.constantFrom('nginx:1.27', 'busybox:1.36'),
      state: fc.constantFrom<ContainerView['state']>('waiting', 'running', 'terminated'),
      reason: fc.constantFrom('ContainerCreating', 'ErrImagePull', 'ImagePullBackOff', 'Completed'),
      message: fc.constantFrom('not found', 'Back-off pulling image "x"'),
      containerId: fc.constantFrom('c'.repeat(64), 'd'.repeat(64)),
      imageName: fc.constant('docker.io/library/nginx:1.27'),
      imageRef: fc.constantFrom('docker.io/library/nginx@sha256:abc', 'docker.io/library/busybox@sha256:def'),
      startedAt: time,
      finishedAt: time,
      exitCode: fc.constantFrom(0, 1),
      restartCount: fc.constantFrom(0, 1, 2),
      lastTerminated: fc.record({ exitCode: fc.constantFrom(0, 1), reason: fc.constantFrom('Completed', 'Error'), containerId: fc.constant('e'.repeat(64)), startedAt: time, finishedAt: time }, { requiredKeys: ['exitCode', 'reason', 'containerId', 'finishedAt'] }),
    },
    { requiredKeys: ['name', 'image', 'state', 'restartCount'] },
  );

/** A view of a pod with one to three containers (some names shared between two views, some not). */
const view: fc.Arbitrary<PodView> = fc.record(
  {
    hostIP: fc.constantFrom('172.18.0.3', '172.18.0.4'),
    podIP: fc.constantFrom('10.244.1.2', '10.244.1.3'),
    sandboxReady: fc.boolean(),
    startTime: time,
    containers: fc.oneof(fc.tuple(container('app')), fc.tuple(container('app'), container('web')), fc.tuple(container('web'), container('app'), container('job')), fc.tuple(container('other'))),
  },
  { requiredKeys: ['hostIP', 'sandboxReady', 'startTime', 'containers'] },
);

/** PodScheduled as the API holds it: the binding's, the merged one, one with fields the kubelet never sets, or another status. */
const scheduled = fc.constantFrom<PodCondition | undefined>(
  { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: '2026-01-01T00:00:00Z' },
  { type: 'PodScheduled', status: 'True', lastTransitionTime: '2026-01-01T00:00:00Z' },
  { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', observedGeneration: 2, note: { by: 'x' } } as PodCondition,
  undefined,
);

/** Conditions the API may hold before the first report, one with a transition time that is no string. */
const apiConditions = fc.constantFrom<PodCondition[]>(
  [],
  [{ type: 'Ready', status: 'False', lastTransitionTime: '2026-01-01T00:00:00Z' }],
  [{ type: 'Initialized', status: 'True', lastTransitionTime: { at: null } as never }],
);

/** objectsOf adds every object and list reachable from `value` to `into`. */
function objectsOf(value: unknown, into: Set<object>): Set<object> {
  if (typeof value !== 'object' || value === null) return into;
  into.add(value);
  for (const part of Object.values(value)) objectsOf(part, into);
  return into;
}

describe('builtStatusDiff', () => {
  it('is statusDiff, byte for byte, for every chain of statuses the builder makes', () => {
    fc.assert(
      fc.property(apiConditions, scheduled, fc.array(fc.tuple(view, scheduled, time), { minLength: 2, maxLength: 4 }), (api, firstScheduled, reports) => {
        const [firstView, , firstNow] = reports[0];
        let last = podStatusFromView(firstView, firstScheduled ? [...api, firstScheduled] : api, undefined, 'Burstable', firstNow);
        for (const [nextView, apiScheduled, now] of reports.slice(1)) {
          const next = podStatusFromView(nextView, last.conditions!, apiScheduled, 'Burstable', now, last);
          const patch = builtStatusDiff(last, next);
          expect(JSON.stringify(patch)).toBe(JSON.stringify(statusDiff(last, next)));
          // The patch is handed over to the server: it may share no object with a status the kubelet keeps.
          const kept = objectsOf(last, objectsOf(next, new Set()));
          for (const part of objectsOf(patch, new Set())) expect(kept.has(part)).toBe(false);
          last = next;
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('names what a running report changes, with the nulls of the waiting state', () => {
    const at = '2026-01-01T00:00:00Z';
    const waiting: PodView = { hostIP: '10.0.0.11', sandboxReady: false, startTime: at, containers: [{ name: 'app', image: 'app:1', state: 'waiting', reason: 'ContainerCreating', restartCount: 0 }] };
    const first = podStatusFromView(waiting, [{ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: at }], undefined, 'Burstable', at);
    const running: PodView = { ...waiting, sandboxReady: true, podIP: '10.244.1.2', containers: [{ name: 'app', image: 'app:1', state: 'running', containerId: 'c1', imageRef: 'app@sha256:1', startedAt: '2026-01-01T00:00:02Z', restartCount: 0 }] };
    const next = podStatusFromView(running, first.conditions!, { type: 'PodScheduled', status: 'True', lastTransitionTime: at }, 'Burstable', '2026-01-01T00:00:02Z', first);
    expect(builtStatusDiff(first, next)).toEqual({
      phase: 'Running',
      conditions: [
        { type: 'PodReadyToStartContainers', status: 'True', lastTransitionTime: '2026-01-01T00:00:02Z' },
        { type: 'Ready', status: 'True', lastTransitionTime: '2026-01-01T00:00:02Z', reason: null, message: null },
        { type: 'ContainersReady', status: 'True', lastTransitionTime: '2026-01-01T00:00:02Z', reason: null, message: null },
        { type: 'PodScheduled', lastProbeTime: null },
      ],
      '$setElementOrder/conditions': [{ type: 'PodReadyToStartContainers' }, { type: 'Initialized' }, { type: 'Ready' }, { type: 'ContainersReady' }, { type: 'PodScheduled' }],
      podIP: '10.244.1.2',
      podIPs: [{ ip: '10.244.1.2' }],
      containerStatuses: [{ name: 'app', containerID: 'containerd://c1', imageID: 'app@sha256:1', ready: true, started: true, state: { running: { startedAt: '2026-01-01T00:00:02Z' }, waiting: null } }],
      '$setElementOrder/containerStatuses': [{ name: 'app' }],
    });
    expect(builtStatusDiff(next, podStatusFromView(running, next.conditions!, next.conditions![4], 'Burstable', '2026-01-01T00:00:09Z', next))).toBeUndefined();
  });
});
