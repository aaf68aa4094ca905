import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyPatch } from '../api/patch';
import type { PodStatus } from '../api/types';
import { statusDiff } from './status-diff';
import { statusPatch } from './status-patch';

const creating: PodStatus = {
  phase: 'Pending',
  conditions: [
    { type: 'Initialized', status: 'True', lastTransitionTime: '2026-01-01T00:00:00Z' },
    { type: 'Ready', status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [nginx]' },
    { type: 'PodScheduled', status: 'True', lastTransitionTime: '2026-01-01T00:00:00Z' },
  ],
  hostIP: '10.0.0.11',
  containerStatuses: [
    { name: 'nginx', ready: false, restartCount: 0, image: 'nginx:1.27', imageID: '', state: { waiting: { reason: 'ContainerCreating' } } },
    { name: 'sidecar', ready: false, restartCount: 0, image: 'busybox:1.36', imageID: '', state: { waiting: { reason: 'ContainerCreating' } } },
  ],
  qosClass: 'BestEffort',
};
const running: PodStatus = {
  phase: 'Running',
  conditions: [
    { type: 'Initialized', status: 'True', lastTransitionTime: '2026-01-01T00:00:00Z' },
    { type: 'Ready', status: 'True', lastTransitionTime: '2026-01-01T00:00:02Z' },
    { type: 'PodScheduled', status: 'True', lastTransitionTime: '2026-01-01T00:00:00Z' },
  ],
  hostIP: '10.0.0.11',
  podIP: '10.244.1.2',
  containerStatuses: [
    { name: 'nginx', ready: true, restartCount: 0, image: 'nginx:1.27', imageID: 'nginx@sha256:abc', state: { running: { startedAt: '2026-01-01T00:00:02Z' } } },
    { name: 'sidecar', ready: false, restartCount: 0, image: 'busybox:1.36', imageID: '', state: { waiting: { reason: 'ContainerCreating' } } },
  ],
  qosClass: 'BestEffort',
};

const patched = (stored: PodStatus, patch: unknown) => (applyPatch('strategic', { status: structuredClone(stored) }, { status: patch }) as { status: PodStatus }).status;

describe('statusDiff', () => {
  it('names only what changed, with nulls for removed fields and each changed item by its merge key', () => {
    expect(statusDiff(creating, running)).toStrictEqual({
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2026-01-01T00:00:02Z', reason: null, message: null }],
      '$setElementOrder/conditions': [{ type: 'Initialized' }, { type: 'Ready' }, { type: 'PodScheduled' }],
      podIP: '10.244.1.2',
      containerStatuses: [{ name: 'nginx', ready: true, imageID: 'nginx@sha256:abc', state: { running: { startedAt: '2026-01-01T00:00:02Z' }, waiting: null } }],
      '$setElementOrder/containerStatuses': [{ name: 'nginx' }, { name: 'sidecar' }],
    });
  });

  it('is undefined for the same status, whatever objects hold it', () => {
    expect(statusDiff(creating, structuredClone(creating))).toBeUndefined();
    expect(statusDiff(creating, { ...structuredClone(creating), nominatedNodeName: undefined } as PodStatus)).toBeUndefined();
  });

  it('leaves a condition another writer added where the server has it, and orders the kubelet’s own', () => {
    const stored = structuredClone(creating);
    stored.conditions!.push({ type: 'example.com/LoadBalancerReady', status: 'True' });
    const result = patched(stored, statusDiff(creating, running));
    expect(result.conditions!.map((c) => c.type)).toEqual(['Initialized', 'Ready', 'PodScheduled', 'example.com/LoadBalancerReady']);
    expect(result.conditions![1]).toEqual({ type: 'Ready', status: 'True', lastTransitionTime: '2026-01-01T00:00:02Z' });
  });

  it('keeps a PodScheduled the scheduler changed on the server when the kubelet’s copy did not change', () => {
    const stored = structuredClone(creating);
    stored.conditions![2] = { type: 'PodScheduled', status: 'True', lastTransitionTime: '2026-01-01T00:00:00Z', lastProbeTime: null } as never;
    expect(patched(stored, statusDiff(creating, running)).conditions![2]).toEqual(stored.conditions![2]);
  });

  it('removes items and fields that went away, and holds the new list order', () => {
    const next = structuredClone(running);
    next.containerStatuses = [next.containerStatuses![1]];
    next.conditions = [next.conditions![2], next.conditions![0]];
    delete next.podIP;
    const patch = statusDiff(running, next)!;
    expect(patch.podIP).toBeNull();
    expect(patch.containerStatuses).toEqual([{ $patch: 'delete', name: 'nginx' }]);
    expect(patch['$setElementOrder/conditions']).toEqual([{ type: 'PodScheduled' }, { type: 'Initialized' }]);
    expect(patched(running, patch)).toStrictEqual(next);
  });

  it('nulls a field another writer dropped even when the new object has a field named like an Object method', () => {
    // PodScheduled is the API's object, which may hold any field a reader wrote: `constructor` and
    // `__proto__` are read through the prototype on an object that lacks them, and must not count
    // as fields the old object had.
    const scheduled = (extra: Record<string, unknown>) => ({ type: 'PodScheduled', status: 'True', ...extra }) as never;
    const withMessage: PodStatus = { phase: 'Pending', conditions: [scheduled({ message: 'm' })] };
    const withConstructor: PodStatus = { phase: 'Pending', conditions: [scheduled({ constructor: 'x' })] };
    expect(statusDiff(withMessage, withConstructor)).toEqual({
      conditions: [{ type: 'PodScheduled', constructor: 'x', message: null }],
      '$setElementOrder/conditions': [{ type: 'PodScheduled' }],
    });
    const withProto: PodStatus = { phase: 'Pending', conditions: [JSON.parse('{"type":"PodScheduled","status":"True","__proto__":"p"}')] };
    expect((statusDiff(withMessage, withProto) as { conditions: Record<string, unknown>[] }).conditions[0].message).toBeNull();
  });

  it('shares no object with the statuses it compares', () => {
    const patch = statusDiff({}, running)!;
    expect(patch.conditions).not.toBe(running.conditions);
    (patch.containerStatuses as { state: unknown }[])[0].state = 'changed';
    expect(running.containerStatuses![0].state).toEqual({ running: { startedAt: '2026-01-01T00:00:02Z' } });
  });

  const scalar = fc.oneof(fc.constantFrom('Running', 'Pending', 'True', 'False', ''), fc.integer({ min: 0, max: 3 }), fc.boolean(), fc.constant(undefined));
  const key = fc.constantFrom('status', 'reason', 'message', 'state', 'running', 'waiting', 'startedAt', 'ready');
  const leafMap = fc.dictionary(key, scalar, { maxKeys: 4 });
  const keyed = (field: 'type' | 'name') =>
    fc
      .uniqueArray(fc.constantFrom('Ready', 'Initialized', 'app', 'sidecar'), { maxLength: 3 })
      .chain((names) => fc.tuple(...names.map((name) => leafMap.map((rest) => ({ [field]: name, ...rest, nested: { ...rest } })))));
  const status = fc.record(
    {
      phase: scalar,
      podIP: scalar,
      conditions: keyed('type'),
      containerStatuses: keyed('name'),
      podIPs: fc.uniqueArray(fc.constantFrom('10.0.0.1', '10.0.0.2'), { maxLength: 2 }).map((ips) => ips.map((ip) => ({ ip }))),
      extra: leafMap,
    },
    { requiredKeys: [] },
  ) as unknown as fc.Arbitrary<PodStatus>;

  /** keepsItems tells whether every keyed item of `base` is still in `next` (the whole status cannot remove one). */
  const keepsItems = (base: PodStatus, next: PodStatus) =>
    (base.conditions ?? []).every((c) => (next.conditions ?? []).some((n) => n.type === c.type)) &&
    (base.containerStatuses ?? []).every((c) => (next.containerStatuses ?? []).some((n) => n.name === c.name)) &&
    (base.podIPs ?? []).every((c) => (next.podIPs ?? []).some((n) => n.ip === c.ip));

  it('leaves the server with the new status, and with the same bytes as the whole status with its nulls would', () => {
    fc.assert(
      fc.property(status, status, (base, next) => {
        const stored = JSON.parse(JSON.stringify(base)) as PodStatus;
        const diff = statusDiff(base, next);
        const byDiff = diff === undefined ? JSON.stringify(stored) : JSON.stringify(patched(stored, diff));
        expect(JSON.parse(byDiff)).toEqual(JSON.parse(JSON.stringify(next)));
        // statusPatch counts an undefined-valued field as present; the kubelet's statuses have none.
        const nextJson = JSON.parse(JSON.stringify(next)) as PodStatus;
        // The whole status orders only conditions; the kubelet's container statuses keep theirs.
        const whole = JSON.parse(JSON.stringify(statusPatch(base, nextJson))) as Record<string, unknown>;
        if (nextJson.containerStatuses) whole['$setElementOrder/containerStatuses'] = nextJson.containerStatuses.map((c) => ({ name: c.name }));
        if (nextJson.podIPs) whole['$setElementOrder/podIPs'] = nextJson.podIPs;
        if (keepsItems(base, next)) expect(byDiff).toBe(JSON.stringify(patched(stored, whole)));
      }),
      { numRuns: 1000 },
    );
  });
});
