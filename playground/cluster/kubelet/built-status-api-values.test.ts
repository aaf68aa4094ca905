import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PodCondition, PodStatus } from '../api/types';
import { builtStatusDiff } from './built-status-diff';
import { BUILT_CONDITIONS, builtConditionOrder, copyBuiltStatus, podStatusFromView, type PodView } from './pod-status';
import { statusDiff } from './status-diff';
import { elementOrder, firstStatusPatch, plainCopy } from './status-patch';

// What a reader's status PATCH can leave in the API's conditions, which the kubelet's first report
// takes transition times from and every report takes PodScheduled from: any JSON at all, decoded
// from text as the API decodes it (so a `__proto__` key is an own field), not only what the
// scheduler writes. The builder's shortcuts (copyBuiltStatus's spread of PodScheduled,
// builtConditionOrder, builtStatusDiff's field-by-field diff) must give what the general walks give.

const time = fc.constantFrom('2026-01-01T00:00:00Z', '2026-01-01T00:00:02Z');
const json = fc.jsonValue({ maxDepth: 2 });
const fieldName = fc.constantFrom('status', 'lastTransitionTime', 'lastProbeTime', 'reason', 'message', 'observedGeneration', '__proto__', '$patch', '1', 'note');

/** decoded is JSON text for `type` and `fields`, parsed: an object as the API hands one out. */
const decoded = (type: unknown, fields: [string, unknown][]): PodCondition =>
  JSON.parse(`{${[['type', type] as [string, unknown], ...fields].map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)}`).join(',')}}`);

/** A PodScheduled condition a reader may have written: any fields, any values. */
const apiScheduled: fc.Arbitrary<PodCondition> = fc.array(fc.tuple(fieldName, json), { maxLength: 5 }).map((fields) => decoded('PodScheduled', fields));

/** Conditions a reader may have written before the kubelet's first report: the kubelet's types with odd values, and others. */
const apiConditions: fc.Arbitrary<PodCondition[]> = fc.array(
  fc.tuple(fc.constantFrom('PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'Custom'), fc.constantFrom('True', 'False'), fc.oneof(time, json)).map(([type, status, at]) => decoded(type, [['status', status], ['lastTransitionTime', at]])),
  { maxLength: 4 },
);

const running: PodView = { hostIP: '10.0.0.11', podIP: '10.244.1.2', sandboxReady: true, startTime: '2026-01-01T00:00:00Z', containers: [{ name: 'app', image: 'app:1', state: 'running', containerId: 'c1', imageRef: 'app@sha256:1', startedAt: '2026-01-01T00:00:01Z', restartCount: 0 }] };
const waiting: PodView = { hostIP: '10.0.0.11', sandboxReady: false, startTime: '2026-01-01T00:00:00Z', containers: [{ name: 'app', image: 'app:1', state: 'waiting', reason: 'ContainerCreating', restartCount: 0 }] };

/** generalCopy is copyBuiltStatus as a walk: the builder's four conditions spread, everything else through plainCopy. */
function generalCopy(status: PodStatus): string {
  return JSON.stringify({ ...plainCopy(status), conditions: status.conditions!.map((c, i) => (i < BUILT_CONDITIONS ? { ...c } : plainCopy(c))) });
}

/** objectsOf adds every object and list reachable from `value` to `into`. */
function objectsOf(value: unknown, into: Set<object>): Set<object> {
  if (typeof value !== 'object' || value === null) return into;
  into.add(value);
  for (const part of Object.values(value)) objectsOf(part, into);
  return into;
}

describe('the kubelet status builder with what a reader wrote into the API status', () => {
  it('copies a first report as the general copy does, PodScheduled sharing nothing with the API object', () => {
    fc.assert(
      fc.property(apiConditions, apiScheduled, fc.boolean(), (api, scheduled, started) => {
        const status = podStatusFromView(started ? running : waiting, [...api, scheduled], undefined, 'BestEffort', '2026-01-01T00:00:05Z');
        const copy = copyBuiltStatus(status);
        expect(JSON.stringify(copy)).toBe(generalCopy(status));
        const fromApi = objectsOf(scheduled, new Set());
        for (const part of objectsOf(copy.conditions![BUILT_CONDITIONS], new Set())) expect(fromApi.has(part)).toBe(false);
        // The first report's element order is the walk's over the conditions it sends.
        expect(firstStatusPatch(copy, builtConditionOrder())['$setElementOrder/conditions']).toEqual(elementOrder(copy.conditions!, 'type'));
      }),
      { numRuns: 1000 },
    );
  });

  it('diffs running reports as statusDiff does, whatever PodScheduled and the first transition times hold', () => {
    fc.assert(
      fc.property(apiConditions, apiScheduled, apiScheduled, fc.boolean(), (api, first, later, started) => {
        const base = podStatusFromView(waiting, [...api, first], undefined, 'BestEffort', '2026-01-01T00:00:05Z');
        const next = podStatusFromView(started ? running : waiting, base.conditions!, later, 'BestEffort', '2026-01-01T00:00:07Z', base);
        const patch = builtStatusDiff(base, next);
        expect(JSON.stringify(patch)).toBe(JSON.stringify(statusDiff(base, next)));
        const kept = objectsOf(base, objectsOf(next, new Set()));
        for (const part of objectsOf(patch, new Set())) expect(kept.has(part)).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });
});
