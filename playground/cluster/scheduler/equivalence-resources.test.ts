import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deepFreeze } from '../sim/freeze';
import { EquivalenceCache, objectFilterCount, ShapeEntry } from './equivalence-cache';
import { filtersOf, scorePlanOf } from './equivalence-plan';
import { resolveResources, resourcesOnly } from './equivalence-resources';
import { isWholeScore, planScores, weightedSum } from './equivalence-sums';
import { judge, runningPlugins } from './equivalence-walk';
import { Framework } from './framework';
import { NodeInfo } from './node-info';
import { computePodInfo } from './pod-info';
import { NodeAffinity } from './plugins/node-affinity';
import { NodeResourcesBalancedAllocation } from './plugins/node-resources-balanced-allocation';
import { NodeResourcesFit } from './plugins/node-resources-fit';
import { makeNode, makePod } from './testing';
import type { CycleState } from './types';

/** What an entry holds of the node at position 0, to compare two entries. */
function held(entry: ShapeEntry) {
  return {
    stamp: entry.stamps[0],
    verdict: entry.verdicts[0],
    objectStamp: entry.objectStamps[0],
    scored: entry.scored[0],
    raw: entry.raw.map((table) => table?.[0]),
    sum: entry.sums?.[0],
    sumStamp: entry.sumStamps?.[0],
  };
}

/** roomy picks the first value three times in four, else one of the others. */
const roomy = (first: string, ...others: string[]) => fc.oneof({ arbitrary: fc.constant(first), weight: 3 }, { arbitrary: fc.constantFrom(...others), weight: 1 });
/** quantity is a request of 1..max units one time in four, else none, zero or a negative one. */
const quantity = (unit: string, max: number) =>
  fc.oneof(
    { arbitrary: fc.integer({ min: 1, max }).map((n) => `${n}${unit}`), weight: 12 },
    { arbitrary: fc.constantFrom(undefined, '0', `-${max / 5}${unit}`), weight: 4 },
  );

describe('resolveResources', () => {
  it('leaves an entry as judge then weightedSum would, or unchanged when it declines', () => {
    const arbitrary = fc.record({
      // Mostly roomy nodes: most pods fit, some do not. Zero and negative quantities (the API
      // takes them) leave the plain numbers NodeInfo.plainResources tells apart.
      cpu: roomy('16', '4', '1', '500m', '100m', '0', '-1'),
      // `1e307` bytes: LeastAllocated's free share times 100 overflows to Infinity (an invalid score).
      memory: roomy('64Gi', '8Gi', '1Gi', '512Mi', '0', '1e307'),
      pods: roomy('110', '3', '1'),
      placed: fc.array(fc.record({ cpu: quantity('m', 3000), memory: quantity('Mi', 4000) }), { maxLength: 4 }),
      pod: fc.record({ cpu: quantity('m', 1500), memory: quantity('Mi', 2000) }),
      // One node in five each: tainted (its object filter fails), or a new node object.
      tainted: fc.nat(4).map((n) => n === 0),
      relabel: fc.nat(4).map((n) => n === 0),
    });
    let resolved = 0;
    let resolvedUnplain = 0;
    let declined = 0;
    fc.assert(
      fc.property(arbitrary, (c) => {
        const framework = Framework.withDefaults();
        const taints = c.tainted ? [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' as const }] : [];
        const nodeInfo = new NodeInfo(deepFreeze(makeNode('n', { cpu: c.cpu, memory: c.memory, pods: c.pods, taints })));
        const pod = deepFreeze(makePod('p', { cpu: c.pod.cpu, memory: c.pod.memory }));
        const state: CycleState = { pod: computePodInfo(pod), values: new Map() };
        const plugins = runningPlugins(framework, pod, state);
        const objectFilters = objectFilterCount(framework, plugins);
        const entries = [new ShapeEntry(1), new ShapeEntry(1)];
        const plan = new EquivalenceCache().scorePlan;
        expect(planScores(framework, pod, [nodeInfo], state, entries[0], plan)).toBe(true);
        const summed = plan.summed;
        expect(resourcesOnly(plugins, objectFilters, summed)).toBe(true);
        // Both entries judged the node once, then the node changes: pods placed, or a new object.
        for (const entry of entries) {
          entry.sumsFor(summed.indexes, summed.weights);
          judge(framework, plugins, objectFilters, pod, nodeInfo, state, entry, 0);
        }
        c.placed.forEach((requests, i) => nodeInfo.addPod(computePodInfo(makePod(`placed-${i}`, requests))));
        if (c.relabel) nodeInfo.setNode(deepFreeze(makeNode('n', { cpu: c.cpu, memory: c.memory, pods: c.pods, taints })));
        const before = held(entries[0]);
        // weightedSum takes raw scores from its tables: the same tables for both entries' plans.
        const summedFor = (entry: ShapeEntry) => ({ ...summed, tables: summed.indexes.map((p) => entry.rawScores(p)) });
        if (resolveResources(framework, entries[0], [nodeInfo], Int32Array.of(0), 1, pod, state, plugins, objectFilters, summedFor(entries[0]), new Int32Array(1)) === 1) {
          resolved++;
          if (!nodeInfo.plainResources || state.pod.nonZeroRequests.milliCpu < 0) resolvedUnplain++;
          const verdict = judge(framework, plugins, objectFilters, pod, nodeInfo, state, entries[1], 0);
          expect(verdict.code).toBe('Success');
          const sum = weightedSum(summedFor(entries[1]), pod, nodeInfo, 0, state, entries[1].scored);
          entries[1].sums![0] = sum!;
          entries[1].sumStamps![0] = entries[1].stamps[0];
          expect(held(entries[0])).toEqual(held(entries[1]));
        } else {
          declined++;
          // Unchanged, or, for a new node object that fails an object filter, as judge leaves it.
          if (c.relabel && c.tainted) {
            summedFor(entries[1]); // the same raw-score tables made in both
            expect(judge(framework, plugins, objectFilters, pod, nodeInfo, state, entries[1], 0).plugin).toBe('TaintToleration');
            expect(held(entries[0])).toEqual(held(entries[1]));
          } else expect(held(entries[0])).toEqual(before);
          // Left alone only for a node the entry knows as it is, a node failing its object
          // filters, a pod that does not fit, or a score that is not a whole number in 0..100
          // (negative quantities): a new node object is judged by its filters here.
          const fits = NodeResourcesFit.filter(pod, nodeInfo, state).code === 'Success';
          const whole = isWholeScore(NodeResourcesFit.score(pod, nodeInfo, state)) && isWholeScore(NodeResourcesBalancedAllocation.score(pod, nodeInfo, state));
          const unchanged = c.placed.length === 0 && !c.relabel;
          expect(unchanged || c.tainted || !fits || !whole).toBe(true);
        }
      }),
      {
        numRuns: 500,
        // Nothing allocatable and nothing requested: 0 / 0 where the plugins take a fraction of 1.
        examples: [
          [{ cpu: '0', memory: '64Gi', pods: '110', placed: [], pod: { cpu: '0', memory: '1Gi' }, tainted: false, relabel: true }],
          [{ cpu: '16', memory: '0', pods: '110', placed: [], pod: { cpu: '1', memory: '0' }, tainted: false, relabel: true }],
        ],
      },
    );
    expect(resolved).toBeGreaterThan(50);
    expect(resolvedUnplain).toBeGreaterThan(5);
    expect(declined).toBeGreaterThan(30);
  });

  it('moves the nodes it left alone to the front and lists those it resolved apart, each in their order', () => {
    const framework = Framework.withDefaults();
    const pod = deepFreeze(makePod('p', { cpu: '2', memory: '1Gi' }));
    const state: CycleState = { pod: computePodInfo(pod), values: new Map() };
    const plugins = runningPlugins(framework, pod, state);
    const objectFilters = objectFilterCount(framework, plugins);
    // Nodes 0, 3 and 5 have room for the pod; 1 and 4 have too little CPU; 2 is not changed.
    const cpus = ['16', '1', '16', '8', '1500m', '4'];
    const nodes = cpus.map((cpu, i) => new NodeInfo(deepFreeze(makeNode(`n${i}`, { cpu, memory: '64Gi', pods: '110' }))));
    const entry = new ShapeEntry(nodes.length);
    const plan = new EquivalenceCache().scorePlan;
    expect(planScores(framework, pod, nodes, state, entry, plan)).toBe(true);
    entry.sumsFor(plan.summed.indexes, plan.summed.weights);
    nodes.forEach((nodeInfo, p) => judge(framework, plugins, objectFilters, pod, nodeInfo, state, entry, p));
    nodes.forEach((nodeInfo, p) => p !== 2 && nodeInfo.addPod(computePodInfo(makePod(`placed-${p}`, { cpu: '100m' }))));
    const positions = Int32Array.of(5, 4, 3, 2, 1, 0);
    const resolved = new Int32Array(6);
    expect(resolveResources(framework, entry, nodes, positions, 6, pod, state, plugins, objectFilters, plan.summed, resolved)).toBe(3);
    expect([...positions.subarray(0, 3)]).toEqual([4, 2, 1]);
    expect([...resolved.subarray(0, 3)]).toEqual([5, 3, 0]);
    for (const p of [5, 3, 0]) expect([entry.stamps[p], entry.sumStamps![p]]).toEqual([nodes[p].generation, nodes[p].generation]);
    // The same nodes with the summed plugins in the other order and other weights: the same sums.
    const other = new ShapeEntry(nodes.length);
    nodes.forEach((nodeInfo, p) => judge(framework, plugins, objectFilters, pod, nodeInfo, state, other, p));
    const s = plan.summed;
    const reversed = { plugins: [...s.plugins].reverse(), indexes: [...s.indexes].reverse(), weights: [2, 3], tables: [...s.indexes].reverse().map((i) => other.rawScores(i)), bits: [...s.bits].reverse() };
    other.sumsFor(reversed.indexes, reversed.weights);
    nodes.forEach((nodeInfo, p) => p !== 2 && nodeInfo.addPod(computePodInfo(makePod(`again-${p}`, { cpu: '100m' }))));
    expect(resolveResources(framework, other, nodes, Int32Array.of(0, 3, 5), 3, pod, state, plugins, objectFilters, reversed, new Int32Array(3))).toBe(3);
    for (const p of [0, 3, 5]) {
      const [fit, balanced] = [other.raw[s.indexes[0]]![p], other.raw[s.indexes[1]]![p]];
      expect(other.sums![p]).toBe(balanced * 2 + fit * 3);
      expect(fit).toBe(NodeResourcesFit.score(pod, nodes[p], state));
      expect(balanced).toBe(NodeResourcesBalancedAllocation.score(pod, nodes[p], state));
    }
    // NodeResourcesFit summed alone: its score weighed, and no other plugin's raw score or bit kept.
    const alone = new ShapeEntry(nodes.length);
    nodes.forEach((nodeInfo, p) => judge(framework, plugins, objectFilters, pod, nodeInfo, state, alone, p));
    const fitOnly = { plugins: [s.plugins[0]], indexes: [s.indexes[0]], weights: [5], tables: [alone.rawScores(s.indexes[0])], bits: [s.bits[0]] };
    alone.sumsFor(fitOnly.indexes, fitOnly.weights);
    nodes.forEach((nodeInfo, p) => p !== 2 && nodeInfo.addPod(computePodInfo(makePod(`alone-${p}`, { cpu: '100m' }))));
    expect(resolveResources(framework, alone, nodes, Int32Array.of(0, 3, 5), 3, pod, state, plugins, objectFilters, fitOnly, new Int32Array(3))).toBe(3);
    for (const p of [0, 3, 5]) {
      expect(alone.sums![p]).toBe(NodeResourcesFit.score(pod, nodes[p], state) * 5);
      expect(alone.scored[p]).toBe(s.bits[0]);
      expect(alone.raw[s.indexes[1]]?.[p] ?? 0).toBe(0);
    }
  });

  it('keeps the raw scores read from a node object it judged before, and forgets them for a new object', () => {
    const framework = Framework.withDefaults();
    const spec = makePod('p', { cpu: '500m', memory: '1Gi' });
    const preference = { matchExpressions: [{ key: 'disk', operator: 'In' as const, values: ['ssd'] }] };
    spec.spec.affinity = { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 30, preference }] } };
    const pod = deepFreeze(spec);
    const state: CycleState = { pod: computePodInfo(pod), values: new Map() };
    const nodeInfo = new NodeInfo(deepFreeze(makeNode('n', { cpu: '8', memory: '16Gi', labels: { disk: 'ssd' } })));
    const entry = new ShapeEntry(1);
    const plan = scorePlanOf(framework, pod, [nodeInfo], state, entry)!;
    const filters = filtersOf(framework, pod, state, entry.plan!);
    const affinity = framework.scorePlugins.indexOf(NodeAffinity);
    const bit = 1 << affinity;
    expect(plan.normalizing).toEqual([affinity]);
    expect(entry.plan!.objectScoreBits & bit).toBe(bit);
    const resolve = () =>
      resolveResources(framework, entry, [nodeInfo], Int32Array.of(0), 1, pod, state, filters.filters!, filters.objectFilters, plan.summed, new Int32Array(1), entry.plan!.objectScoreBits);
    // Judged, and its NodeAffinity raw score stored as an indexed attempt stores it.
    judge(framework, filters.filters!, filters.objectFilters, pod, nodeInfo, state, entry, 0);
    entry.rawScores(affinity)[0] = NodeAffinity.score(pod, nodeInfo);
    entry.scored[0] |= bit;
    // A pod lands on the node: resolved, with the raw score still known (and still right).
    nodeInfo.addPod(computePodInfo(makePod('placed', { cpu: '1' })));
    expect(resolve()).toBe(1);
    expect(entry.scored[0] & bit).toBe(bit);
    expect(entry.rawScores(affinity)[0]).toBe(30);
    // A new node object (relabelled): its raw score must be asked again.
    nodeInfo.setNode(deepFreeze(makeNode('n', { cpu: '8', memory: '16Gi', labels: { disk: 'hdd' } })));
    expect(resolve()).toBe(1);
    expect(entry.scored[0] & bit).toBe(0);
    expect(NodeAffinity.score(pod, nodeInfo)).toBe(0);
  });

  it('stands in only for NodeResourcesFit after the object filters, and resource scores', () => {
    const framework = Framework.withDefaults();
    const pod = makePod('p', { cpu: '100m', hostPort: 8080 });
    const state: CycleState = { pod: computePodInfo(pod), values: new Map() };
    const plugins = runningPlugins(framework, pod, state);
    const summed = { plugins: [NodeResourcesFit, NodeResourcesBalancedAllocation], indexes: [2, 3], weights: [1, 1], tables: [], bits: [4, 8] };
    // The pod's host port makes NodePorts run after the object filters.
    expect(resourcesOnly(plugins, objectFilterCount(framework, plugins), summed)).toBe(false);
    const plain = makePod('q', { cpu: '100m' });
    const plainPlugins = runningPlugins(framework, plain, { pod: computePodInfo(plain), values: new Map() });
    expect(resourcesOnly(plainPlugins, objectFilterCount(framework, plainPlugins), summed)).toBe(true);
    const other = { ...NodeResourcesBalancedAllocation, score: () => 50 };
    expect(resourcesOnly(plainPlugins, objectFilterCount(framework, plainPlugins), { ...summed, plugins: [NodeResourcesFit, other] })).toBe(false);
    // Either one alone, or both in the other order; but not one of them twice (a list filled by hand).
    for (const plugins of [[NodeResourcesFit], [NodeResourcesBalancedAllocation], [NodeResourcesBalancedAllocation, NodeResourcesFit], []]) {
      expect(resourcesOnly(plainPlugins, objectFilterCount(framework, plainPlugins), { ...summed, plugins })).toBe(true);
    }
    for (const plugins of [[NodeResourcesFit, NodeResourcesFit], [NodeResourcesBalancedAllocation, NodeResourcesFit, NodeResourcesBalancedAllocation]]) {
      expect(resourcesOnly(plainPlugins, objectFilterCount(framework, plainPlugins), { ...summed, plugins })).toBe(false);
    }
  });
});
