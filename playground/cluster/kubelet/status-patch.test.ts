import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PodStatus } from '../api/types';
import { applyPatch } from '../api/patch';
import { podStatusFromView, type PodView } from './pod-status';
import { firstStatusPatch, statusPatch, statusPatchOf } from './status-patch';

const creating: PodStatus = {
  phase: 'Pending',
  conditions: [{ type: 'Ready', status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [nginx]' }],
  containerStatuses: [
    { name: 'nginx', ready: false, restartCount: 0, image: 'nginx:1.27', imageID: '', state: { waiting: { reason: 'ContainerCreating' } } },
  ],
};
const running: PodStatus = {
  phase: 'Running',
  podIP: '10.244.1.2',
  conditions: [{ type: 'Ready', status: 'True' }],
  containerStatuses: [
    {
      name: 'nginx',
      ready: true,
      restartCount: 0,
      image: 'docker.io/library/nginx:1.27',
      imageID: 'docker.io/library/nginx@sha256:abc',
      state: { running: { startedAt: '2026-01-01T00:00:03Z' } },
    },
  ],
};

describe('statusPatch', () => {
  it('clears what the kubelet no longer reports, so the stored status is exactly the new one', () => {
    const stored = applyPatch('strategic', { status: creating }, { status: statusPatch(creating, running) }) as { status: PodStatus };
    expect(stored.status.containerStatuses?.[0].state).toEqual({ running: { startedAt: '2026-01-01T00:00:03Z' } });
    expect(stored.status.conditions).toEqual([{ type: 'Ready', status: 'True' }]);
    expect(stored.status.phase).toBe('Running');
  });

  it('sends no nulls on the first report', () => {
    const patch = statusPatch(undefined, creating);
    expect(JSON.stringify(patch)).not.toContain('null');
    expect(patch['$setElementOrder/conditions']).toEqual([{ type: 'Ready' }]);
  });
});

describe('statusPatch as plain JSON data', () => {
  const jsonCopy = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

  it('is exactly what the JSON wire would carry, undefined fields left out', () => {
    const previous = { ...running, message: 'was here', reason: undefined } as PodStatus;
    const next = { ...creating, startTime: undefined, hostIP: '10.0.0.1' } as PodStatus;
    const patch = statusPatch(previous, next);
    expect(patch).toStrictEqual(jsonCopy(patch));
    expect(patch).toMatchObject({ podIP: null, message: null, hostIP: '10.0.0.1' });
    expect('startTime' in patch).toBe(false);
  });

  it('shares no object or list with the statuses it was built from', () => {
    const next = structuredClone(running);
    const patch = statusPatch(creating, next);
    const seen = new Set<unknown>();
    const collect = (value: unknown) => {
      if (typeof value !== 'object' || value === null) return;
      seen.add(value);
      for (const child of Object.values(value)) collect(child);
    };
    collect(next);
    collect(creating);
    const shared: unknown[] = [];
    const check = (value: unknown) => {
      if (typeof value !== 'object' || value === null) return;
      if (seen.has(value)) shared.push(value);
      for (const child of Object.values(value)) check(child);
    };
    check(patch);
    expect(shared).toEqual([]);
  });
});

describe('statusPatch inside lists', () => {
  it('nulls fields an item of a keyed list lost, matched by its key, and copies scalar lists as they are', () => {
    const previous = {
      conditions: [
        { type: 'Ready', status: 'False', reason: 'ContainersNotReady', message: 'not yet' },
        { type: 'Initialized', status: 'True' },
      ],
      podIPs: [{ ip: '10.244.1.2' }],
    } as PodStatus;
    const next = {
      conditions: [{ type: 'Initialized', status: 'True' }, { type: 'Ready', status: 'True' }],
      podIPs: [{ ip: '10.244.1.3' }],
      nominatedNodeName: undefined,
    } as PodStatus;
    const patch = statusPatch(previous, next);
    expect(patch.conditions).toEqual([
      { type: 'Initialized', status: 'True' },
      { type: 'Ready', status: 'True', reason: null, message: null },
    ]);
    // podIPs is not merged by key: its items are new as a whole, no nulls.
    expect(patch.podIPs).toEqual([{ ip: '10.244.1.3' }]);
    expect('nominatedNodeName' in patch).toBe(false);
    expect(patch['$setElementOrder/conditions']).toEqual([{ type: 'Initialized' }, { type: 'Ready' }]);
  });
});

/** structure renders a value with its key order, nulls and undefineds told apart (toEqual would not check the order). */
function structure(value: unknown): unknown {
  if (value === undefined) return '<undefined>';
  if (Array.isArray(value)) return value.map(structure);
  if (typeof value !== 'object' || value === null) return value;
  return Object.keys(value).map((key) => [key, structure((value as Record<string, unknown>)[key])]);
}

describe('statusPatchOf', () => {
  const scalar = fc.oneof(fc.constantFrom('Running', 'Pending', 'True', 'False', ''), fc.integer({ min: 0, max: 3 }), fc.boolean(), fc.constant(null), fc.constant(undefined));
  const key = fc.constantFrom('phase', 'reason', 'message', 'state', 'running', 'waiting', 'startedAt', 'ready');
  const leafMap = fc.dictionary(key, scalar, { maxKeys: 4 });
  const item = (field: 'type' | 'name') =>
    fc.record({ [field]: fc.constantFrom('Ready', 'Initialized', 'app', 'sidecar') }).chain((head) => leafMap.map((rest) => ({ ...head, ...rest, nested: { ...rest } })));
  const status = fc.record(
    {
      phase: scalar,
      podIP: scalar,
      conditions: fc.array(item('type'), { maxLength: 3 }),
      containerStatuses: fc.array(item('name'), { maxLength: 2 }),
      hostIPs: fc.array(fc.oneof(leafMap, scalar), { maxLength: 2 }),
      extra: leafMap,
    },
    { requiredKeys: [] },
  ) as fc.Arbitrary<PodStatus>;

  it('is statusPatch, key for key and in order, built in place on a fresh status', () => {
    fc.assert(
      fc.property(fc.option(status, { nil: undefined }), status, (previous, next) => {
        const expected = statusPatch(previous, next);
        const fresh = structuredClone(next);
        expect(structure(statusPatchOf(previous, fresh))).toEqual(structure(expected));
      }),
      { numRuns: 500 },
    );
  });

  it('matches statusPatch on the kubelet statuses of a starting pod', () => {
    expect(structure(statusPatchOf(creating, structuredClone(running)))).toEqual(structure(statusPatch(creating, running)));
    expect(structure(statusPatchOf(undefined, structuredClone(creating)))).toEqual(structure(statusPatch(undefined, creating)));
  });
});

describe('firstStatusPatch', () => {
  const views: PodView[] = [
    { hostIP: '172.18.0.3', sandboxReady: false, startTime: '2026-01-01T00:00:01Z', containers: [{ name: 'app', image: 'nginx:1.27', state: 'waiting', reason: 'ContainerCreating', restartCount: 0 }] },
    { hostIP: '172.18.0.3', sandboxReady: true, podIP: '10.244.1.2', startTime: '2026-01-01T00:00:01Z', containers: [{ name: 'app', image: 'nginx:1.27', state: 'waiting', reason: 'ErrImagePull', message: 'not found', restartCount: 0 }] },
    {
      hostIP: '172.18.0.3',
      sandboxReady: true,
      podIP: '10.244.1.2',
      startTime: '2026-01-01T00:00:01Z',
      containers: [
        { name: 'web', image: 'nginx:1.27', state: 'running', containerId: 'c'.repeat(64), imageName: 'docker.io/library/nginx:1.27', imageRef: 'docker.io/library/nginx@sha256:abc', startedAt: '2026-01-01T00:00:02Z', restartCount: 1, lastTerminated: { exitCode: 1, reason: 'Error', containerId: 'd'.repeat(64), finishedAt: '2026-01-01T00:00:01Z' } },
        { name: 'job', image: 'busybox:1.36', state: 'terminated', containerId: 'e'.repeat(64), exitCode: 0, startedAt: '2026-01-01T00:00:02Z', finishedAt: '2026-01-01T00:00:03Z', restartCount: 0 },
      ],
    },
  ];
  const scheduled = { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: '2026-01-01T00:00:00Z' };

  it('sends the statuses podStatusFromView builds as they are: JSON data, the same patch statusPatchOf would build', () => {
    for (const view of views) {
      const build = () => podStatusFromView(view, [scheduled as never], undefined, 'Burstable', '2026-01-01T00:00:05Z');
      const patch = firstStatusPatch(build());
      expect(patch).toStrictEqual(JSON.parse(JSON.stringify(patch)));
      expect(structure(patch)).toEqual(structure(statusPatchOf(undefined, build())));
    }
  });
});
