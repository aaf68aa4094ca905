import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SeededIds } from '../sim/ids';
import { EventLoop } from '../sim/loop';
import { Trace } from '../sim/trace';
import { PatchError } from './patch-error';
import { strategicMergePatch, strategicMergePatchShared } from './patch-merge';
import * as before from './testdata/patch-merge-at-63167df';
import { markPlainItems } from './plain-items';
import { handOver, LoopTransport } from './transport';

// The merge as it was at 63167df (testdata) is the reference: the later speed-ups (merge keys kept
// alongside, $patch: replace met while merging, element order in slots, wire-body items taken over)
// must give every patch a reader can send the same result or the same error.

const SEEDS = Number(process.env.PATCH_SEEDS ?? 400);

/** A merge key value: strings, numbers that look like them, duplicates, null, and non-scalars. */
const keyValue = fc.constantFrom<unknown>('a', 'b', '1', 1, true, null, 0, '');
const scalar = fc.constantFrom<unknown>('x', 'y', 2, false, null);

/** A list item of a keyed list (`name` for containers, `containerPort` for ports): any JSON a patch may hold there. */
function keyedItem(key: string, nested: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.record({ [key]: keyValue, image: scalar, ports: nested, $patch: fc.constantFrom('delete', 'replace', 'merge'), $retainKeys: fc.constant([key]) }, { requiredKeys: [key] }) },
    { weight: 1, arbitrary: fc.record({ image: scalar }) },
    { weight: 1, arbitrary: fc.record({ $patch: fc.constant('replace') }) },
    { weight: 1, arbitrary: fc.constantFrom<unknown>('text', 3, null, [1]) },
  );
}

const port = keyedItem('containerPort', fc.constant(undefined));
const ports = fc.option(fc.array(port, { maxLength: 3 }), { nil: undefined });
const container = keyedItem('name', ports);
const orderEntry = fc.oneof(fc.record({ name: keyValue }), fc.constantFrom<unknown>('a', null, {}));

const storedContainer = fc.record({ name: keyValue, image: scalar, ports: fc.array(fc.record({ containerPort: keyValue, protocol: scalar }), { maxLength: 2 }) }, { requiredKeys: ['name'] });
const stored = fc.record({ spec: fc.record({ containers: fc.array(storedContainer, { maxLength: 3 }), finalizers: fc.array(fc.constantFrom('f', 'g'), { maxLength: 2 }), x: scalar }, { requiredKeys: [] }) }, { requiredKeys: [] });
const patch = fc.oneof(
  { weight: 12, arbitrary: fc.record({ spec: fc.oneof(
    { weight: 8, arbitrary: fc.record({ containers: fc.array(container, { maxLength: 4 }), '$setElementOrder/containers': fc.array(orderEntry, { maxLength: 4 }), '$deleteFromPrimitiveList/finalizers': fc.array(fc.constantFrom('f', 'h'), { maxLength: 2 }), finalizers: fc.array(fc.constantFrom('f', 'h'), { maxLength: 2 }), x: scalar, $patch: fc.constantFrom('replace', 'delete', 'other') }, { requiredKeys: [] }) },
    { weight: 1, arbitrary: fc.constantFrom<unknown>(null, 'text', [1]) },
  ) }, { requiredKeys: [] }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(null, 'text', 4, [{ name: 'a' }]) },
);

/** outcome is the serialized result of a patch, or the error it failed with. */
function outcome(apply: () => unknown): string {
  try {
    return JSON.stringify(apply()) ?? 'undefined';
  } catch (error) {
    if (error instanceof PatchError) return `PatchError ${error.message} ${error.badRequest}`;
    throw error;
  }
}

/** json is a fresh JSON copy of a generated value (what a wire body or a stored object is). */
function json(value: unknown): unknown {
  const text = JSON.stringify(value);
  return text === undefined ? undefined : JSON.parse(text);
}

/** isPlain: an item markPlainItems may vouch for (an object whose merge into nothing copies it: no directives, nulls or lists). */
function isPlain(item: unknown): boolean {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return false;
  return Object.entries(item).every(([key, value]) => !key.startsWith('$') && value !== null && typeof value !== 'object');
}

/** deepFrozen freezes a JSON document through and through, so any write to it throws. */
function deepFrozen<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const key of Object.keys(value)) deepFrozen((value as Record<string, unknown>)[key]);
    Object.freeze(value);
  }
  return value;
}

/** servedMerge is strategicMergePatchShared of `target` and `body` while `body` is the wire body of the request being served. */
function servedMerge(target: unknown, body: unknown): string {
  const loop = new EventLoop();
  let served = 'not served';
  const transport = new LoopTransport({ loop, trace: new Trace(() => loop.now()), ids: new SeededIds(1) }, {
    handle(request) {
      served = outcome(() => strategicMergePatchShared(target, request.body));
      return { close() {} };
    },
  });
  transport.send('kubelet/node-1', { method: 'PATCH', path: '/api/v1/namespaces/default/pods/p/status', headers: {}, body: handOver(body as object) }, () => {});
  loop.runUntilQuiet();
  return served;
}

describe('strategic merge against the merge at 63167df', () => {
  it('gives every patch the same result or error, in place, shared, and as the wire body', () => {
    fc.assert(
      fc.property(stored, patch, (generated, generatedPatch) => {
        // A stored object is read-only: the shared merges must not write to it.
        const target = deepFrozen(json(generated));
        const body = json(generatedPatch);
        const expected = outcome(() => before.strategicMergePatch(json(target), json(body)));
        expect(outcome(() => strategicMergePatch(json(target), json(body)))).toBe(expected);
        expect(outcome(() => strategicMergePatchShared(target, json(body)))).toBe(expected);
        const wire = json(body) as object;
        expect(servedMerge(target, wire)).toBe(expected);
        // The merge never writes to the patch, so a retry merges the same one.
        expect(JSON.stringify(wire)).toBe(JSON.stringify(body));
        expect(servedMerge(target, wire)).toBe(expected);
      }),
      { numRuns: SEEDS },
    );
  });

  it('orders a list the patch holds by an order naming its items one for one, as before (a kubelet sends its conditions so)', () => {
    // The order is the patch list's own keys (the one-for-one way), or that with one entry changed,
    // dropped or added; items may repeat keys, delete, lack keys or be no objects, as in the patch
    // above, and the wire body's leading items may be vouched for as plain.
    const plainItem = fc.record({ name: keyValue, image: scalar }, { requiredKeys: ['name'] });
    const items = fc.array(fc.oneof({ weight: 4, arbitrary: plainItem }, { weight: 1, arbitrary: container }), { maxLength: 4 });
    const change = fc.constantFrom('none', 'none', 'change', 'drop', 'add');
    fc.assert(
      fc.property(stored, items, change, fc.nat(4), (generated, list, how, at) => {
        const target = deepFrozen(json(generated));
        const order: unknown[] = list.map((item) => (typeof item === 'object' && item !== null && !Array.isArray(item) ? { name: (item as { name?: unknown }).name } : item));
        if (how === 'change' && order.length > 0) order[at % order.length] = { name: 'b' };
        if (how === 'drop') order.splice(at % (order.length + 1), 1);
        if (how === 'add') order.push({ name: 'a' });
        const body = json({ spec: { containers: list, '$setElementOrder/containers': order } }) as { spec: { containers: unknown[] } };
        const expected = outcome(() => before.strategicMergePatch(json(target), json(body)));
        expect(outcome(() => strategicMergePatch(json(target), json(body)))).toBe(expected);
        expect(outcome(() => strategicMergePatchShared(target, json(body)))).toBe(expected);
        // Vouched for as far as the items are plain (objects with a name, no directives, no nulls).
        const wire = json(body) as typeof body;
        let plain = 0;
        while (plain < wire.spec.containers.length && isPlain(wire.spec.containers[plain])) plain++;
        markPlainItems(wire.spec.containers, plain);
        expect(servedMerge(target, wire)).toBe(expected);
      }),
      { numRuns: SEEDS },
    );
  });

  it('merges a kubelet\'s status patches (conditions by type, container statuses by name, nested nulls, element orders) as before', () => {
    // The shapes of the bench's status writes: a whole status onto a bound pod, then a diff with
    // cleared reasons and a container's state moving from waiting to running, plus near misses.
    const types = ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'];
    const conditionType = fc.constantFrom(...types);
    const text = fc.constantFrom('True', 'False', 'ContainersNotReady', '2026-01-01T00:00:12Z');
    const storedCondition = fc.record({ type: conditionType, status: text, lastProbeTime: fc.constant(null), lastTransitionTime: text, reason: text, message: text }, { requiredKeys: ['type'] });
    const patchCondition = fc.record({ type: conditionType, status: text, lastProbeTime: fc.constant(null), lastTransitionTime: text, reason: fc.oneof(text, fc.constant(null)), message: fc.oneof(text, fc.constant(null)) }, { requiredKeys: ['type'] });
    const state = fc.record({ waiting: fc.oneof(fc.record({ reason: text }), fc.constant(null)), running: fc.oneof(fc.record({ startedAt: text }), fc.constant(null)) }, { requiredKeys: [] });
    const containerStatus = fc.record({ name: fc.constantFrom('app', 'side'), image: text, ready: fc.boolean(), restartCount: fc.constantFrom(0, 1), state, lastState: fc.constant({}) }, { requiredKeys: ['name'] });
    const ip = fc.record({ ip: fc.constantFrom('10.0.0.1', '10.244.0.2') });
    const storedStatus = fc.record({ phase: text, qosClass: text, conditions: fc.array(storedCondition, { maxLength: 5 }), hostIPs: fc.array(ip, { maxLength: 1 }), containerStatuses: fc.array(containerStatus, { maxLength: 2 }) }, { requiredKeys: [] });
    const order = fc.oneof(fc.constant(types.map((type) => ({ type }))), fc.array(conditionType.map((type) => ({ type })), { maxLength: 5 }));
    const statusPatch = fc.record(
      {
        phase: fc.oneof(text, fc.constant(null)),
        conditions: fc.array(patchCondition, { maxLength: 5 }),
        '$setElementOrder/conditions': order,
        podIPs: fc.array(ip, { maxLength: 2 }),
        hostIP: fc.oneof(text, fc.constant(null)),
        containerStatuses: fc.array(containerStatus, { maxLength: 2 }),
        '$setElementOrder/containerStatuses': fc.array(fc.record({ name: fc.constantFrom('app', 'side') }), { maxLength: 2 }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(storedStatus, statusPatch, (storedStatusValue, patchValue) => {
        const target = deepFrozen(json({ metadata: { name: 'p', uid: 'u' }, spec: { nodeName: 'n' }, status: storedStatusValue }));
        const body = json({ status: patchValue });
        const expected = outcome(() => before.strategicMergePatch(json(target), json(body)));
        expect(outcome(() => strategicMergePatch(json(target), json(body)))).toBe(expected);
        expect(outcome(() => strategicMergePatchShared(target, json(body)))).toBe(expected);
        // As a wire body, its conditions and container statuses vouched for as far as they are plain.
        const wire = json(body) as { status: { conditions?: unknown[]; containerStatuses?: unknown[] } };
        for (const list of [wire.status.conditions, wire.status.containerStatuses]) {
          if (list === undefined) continue;
          let plain = 0;
          while (plain < list.length && isPlain(list[plain])) plain++;
          markPlainItems(list, plain);
        }
        expect(servedMerge(target, wire)).toBe(expected);
      }),
      { numRuns: SEEDS },
    );
  });

  it('orders a stored item that repeats a patch item\'s key next to the merged one, as before', () => {
    // The patch's items merge into the first stored item of each name; the second `1` shares its position.
    const target = { spec: { containers: [{ name: 1, image: 'x' }, { name: 1, image: 'y' }] } };
    const body = { spec: { containers: [{ name: 1 }, { name: 'a' }], '$setElementOrder/containers': [{ name: 1 }, { name: 'a' }] } };
    const expected = outcome(() => before.strategicMergePatch(json(target), json(body)));
    expect(expected).toBe('{"spec":{"containers":[{"name":1,"image":"x"},{"name":1,"image":"y"},{"name":"a"}]}}');
    expect(outcome(() => strategicMergePatch(json(target), json(body)))).toBe(expected);
    expect(outcome(() => strategicMergePatchShared(target, json(body)))).toBe(expected);
    expect(servedMerge(target, json(body))).toBe(expected);
  });

  it('lets items with a null merge key each be their own item, as before', () => {
    const body = { spec: { containers: [{ name: null, image: 'a' }, { name: null, image: 'b' }] } };
    const expected = { spec: { containers: [{ image: 'a' }, { image: 'b' }] } };
    expect(strategicMergePatch({ spec: { containers: [] } }, json(body))).toEqual(expected);
    expect(strategicMergePatchShared({ spec: { containers: [] } }, json(body))).toEqual(expected);
  });

  it('sets a list to its replacement even when an item before the directive holds a list that cannot merge', () => {
    const body = { spec: { containers: [{ name: 'a', ports: [5] }, { $patch: 'replace' }, { name: 'b' }] } };
    const expected = { spec: { containers: [{ name: 'a', ports: [5] }, { name: 'b' }] } };
    expect(strategicMergePatch({ spec: { containers: [{ name: 'a' }] } }, json(body))).toEqual(expected);
    expect(strategicMergePatchShared({ spec: { containers: [{ name: 'a' }] } }, json(body))).toEqual(expected);
  });
});
