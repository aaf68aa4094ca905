import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Pod } from '../api/types';
import { deepFreeze } from '../sim/freeze';
import { EquivalenceCache, objectFilterCount, shapeKey, ShapeEntry } from './equivalence-cache';
import { objectKey, ObjectVerdicts } from './equivalence-objects';
import { resolveResources, storeKnownObjectFailures } from './equivalence-resources';
import { planScores } from './equivalence-sums';
import { judge, runningPlugins } from './equivalence-walk';
import { Framework } from './framework';
import { NodeBoard } from './node-board';
import { NodeInfo } from './node-info';
import { computePodInfo } from './pod-info';
import { NodeUnschedulable } from './plugins/node-unschedulable';
import { TaintToleration } from './plugins/taint-toleration';
import { makeNode, makePod } from './testing';
import type { CycleState } from './types';

const GPU = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' as const };

function keyOf(pod: Pod): string {
  return shapeKey(pod, computePodInfo(pod))!;
}

describe('objectKey', () => {
  it('is the same for shapes that differ only in their requests, and differs with what object filters read', () => {
    expect(objectKey(keyOf(makePod('a', { cpu: '100m' })))).toBe('');
    expect(objectKey(keyOf(makePod('b', { cpu: '300m', memory: '1Gi' })))).toBe('');
    const tolerant = (cpu: string) => makePod('t', { cpu, tolerations: [{ key: 'dedicated', operator: 'Exists' }] });
    expect(objectKey(keyOf(tolerant('100m')))).toBe(objectKey(keyOf(tolerant('2'))));
    expect(objectKey(keyOf(tolerant('100m')))).not.toBe('');
    const zone = (zone: string) => makePod('z', { cpu: '100m', nodeSelector: { zone } });
    expect(objectKey(keyOf(zone('a')))).not.toBe(objectKey(keyOf(zone('b'))));
    expect(objectKey(keyOf(zone('a')))).not.toBe(objectKey(keyOf(tolerant('100m'))));
  });
});

describe('ObjectVerdicts', () => {
  afterEach(() => vi.restoreAllMocks());

  /** One framework for every shape, as in a scheduler: a failure is named once per framework. */
  const framework = Framework.withDefaults();

  function setup(cpu: string, verdicts: ObjectVerdicts) {
    const pod = deepFreeze(makePod(`p-${cpu}`, { cpu, memory: '1Gi' }));
    const state: CycleState = { pod: computePodInfo(pod), values: new Map() };
    const filters = runningPlugins(framework, pod, state);
    const entry = new ShapeEntry(verdicts.size);
    entry.objectVerdicts = verdicts;
    const plan = new EquivalenceCache().scorePlan;
    expect(planScores(framework, pod, [], state, entry, plan)).toBe(true);
    entry.sumsFor(plan.summed.indexes, plan.summed.weights);
    return { framework, pod, state, filters, entry, summed: plan.summed };
  }

  it('lets a shape with other requests take the object filters verdicts another judged, as judge would store them', () => {
    const nodes = [new NodeInfo(deepFreeze(makeNode('n0', { cpu: '8', taints: [GPU] }))), new NodeInfo(deepFreeze(makeNode('n1', { cpu: '8' })))];
    const shared = new ObjectVerdicts(2);
    const first = setup('100m', shared);
    const objectFilters = objectFilterCount(first.framework, first.filters);
    expect(objectFilters).toBe(1);
    const resolve = (s: ReturnType<typeof setup>) =>
      resolveResources(s.framework, s.entry, nodes, Int32Array.of(0, 1), 2, s.pod, s.state, s.filters, objectFilters, s.summed, new Int32Array(2));
    expect(resolve(first)).toBe(1);
    const asked = vi.spyOn(TaintToleration, 'filter');
    const second = setup('2', shared);
    expect(resolve(second)).toBe(1);
    expect(asked).not.toHaveBeenCalled();
    // The tainted node is stored as judge stores it for this shape.
    const judged = setup('2', new ObjectVerdicts(2));
    judge(judged.framework, judged.filters, objectFilters, judged.pod, nodes[0], judged.state, judged.entry, 0);
    for (const field of ['stamps', 'objectStamps', 'scored'] as const) expect(second.entry[field][0]).toBe(judged.entry[field][0]);
    expect(second.entry.verdicts[0]).toBe(judged.entry.verdicts[0]);
    expect(second.entry.verdicts[0].plugin).toBe('TaintToleration');
  });

  it('gives a new shape of the same object part the nodes found failing, stored as judge stores them', () => {
    const nodes = [
      new NodeInfo(deepFreeze(makeNode('n0', { cpu: '8', taints: [GPU] }))),
      new NodeInfo(deepFreeze(makeNode('n1', { cpu: '8' }))),
      new NodeInfo(deepFreeze(makeNode('n2', { cpu: '8', taints: [GPU] }))),
    ];
    const board = new NodeBoard(3);
    nodes.forEach((node, slot) => node.attachBoard(board, slot));
    const shared = new ObjectVerdicts(3);
    const first = setup('100m', shared);
    const objectFilters = objectFilterCount(first.framework, first.filters);
    // The first shape's walk reached n2 and n1, not n0.
    resolveResources(first.framework, first.entry, nodes, Int32Array.of(2, 1), 2, first.pod, first.state, first.filters, objectFilters, first.summed, new Int32Array(2));
    const second = setup('2', shared);
    const out = new Int32Array(3);
    expect(storeKnownObjectFailures(second.entry, second.filters, objectFilters, board, out)).toBe(1);
    expect(out[0]).toBe(2);
    const judged = setup('2', new ObjectVerdicts(3));
    judge(judged.framework, judged.filters, objectFilters, judged.pod, nodes[2], judged.state, judged.entry, 2);
    for (const field of ['stamps', 'objectStamps', 'scored'] as const) expect(second.entry[field][2]).toBe(judged.entry[field][2]);
    expect(second.entry.verdicts[2]).toBe(judged.entry.verdicts[2]);
    expect(second.entry.stamps[0]).toBe(0);
    expect(second.entry.stamps[1]).toBe(0);
    // n1's object, which the first shape found passing, is taken as judged; n0's was never judged.
    expect([second.entry.objectStamps[0], second.entry.objectStamps[1]]).toEqual([0, nodes[1].objectGeneration]);
    // n2's object changes (its taint is gone): its old failure is not given to the next shape.
    nodes[2].setNode(deepFreeze(makeNode('n2', { cpu: '8' })));
    expect(storeKnownObjectFailures(setup('300m', shared).entry, second.filters, objectFilters, board, out)).toBe(0);
  });

  it('lets a reused entry keep no object score of the shape it served before on a node its part judged', () => {
    const nodes = [new NodeInfo(deepFreeze(makeNode('n0', { cpu: '8' }))), new NodeInfo(deepFreeze(makeNode('n1', { cpu: '8' })))];
    const board = new NodeBoard(2);
    nodes.forEach((node, slot) => node.attachBoard(board, slot));
    const shared = new ObjectVerdicts(2);
    const first = setup('100m', shared);
    const objectFilters = objectFilterCount(first.framework, first.filters);
    resolveResources(first.framework, first.entry, nodes, Int32Array.of(0, 1), 2, first.pod, first.state, first.filters, objectFilters, first.summed, new Int32Array(2));
    // An entry that served another shape, with an object score (bit 1 << 7) held for n1, is reused.
    const reused = setup('2', shared);
    reused.entry.scored[1] = 1 << 7;
    reused.entry.clear();
    // As the cache hands a reused entry the verdicts of its new shape's object part.
    reused.entry.objectVerdicts = shared;
    storeKnownObjectFailures(reused.entry, reused.filters, objectFilters, board, new Int32Array(2));
    expect(reused.entry.objectStamps[1]).toBe(nodes[1].objectGeneration);
    nodes[1].addPod(computePodInfo(makePod('placed', { cpu: '100m' })));
    const resolved = resolveResources(reused.framework, reused.entry, nodes, Int32Array.of(1), 1, reused.pod, reused.state, reused.filters, objectFilters, reused.summed, new Int32Array(1), 1 << 7);
    expect(resolved).toBe(1);
    expect(reused.entry.scored[1] & (1 << 7)).toBe(0);
  });

  it('forgets its verdicts when the object filters that run change', () => {
    const verdicts = new ObjectVerdicts(1);
    verdicts.readyFor([TaintToleration], 1);
    verdicts.stamps[0] = 7;
    verdicts.readyFor([TaintToleration], 1);
    expect(verdicts.stamps[0]).toBe(7);
    // A node somewhere was cordoned: NodeUnschedulable runs first now.
    verdicts.readyFor([NodeUnschedulable, TaintToleration], 2);
    expect(verdicts.stamps[0]).toBe(0);
  });

  it('is shared by the entries the cache makes for shapes with the same object part', () => {
    const framework = Framework.withDefaults();
    const cache = new EquivalenceCache();
    const entryOf = (pod: Pod) => cache.entryFor(framework, pod, computePodInfo(pod), 3)!;
    const small = entryOf(makePod('s', { cpu: '100m' }));
    const large = entryOf(makePod('l', { cpu: '2' }));
    const tolerant = entryOf(makePod('t', { cpu: '100m', tolerations: [{ key: 'dedicated', operator: 'Exists' }] }));
    expect(small).not.toBe(large);
    expect(small.objectVerdicts).toBeDefined();
    expect(large.objectVerdicts).toBe(small.objectVerdicts);
    expect(tolerant.objectVerdicts).not.toBe(small.objectVerdicts);
  });
});
