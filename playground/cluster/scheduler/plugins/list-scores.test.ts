import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Framework } from '../framework';
import { NodeInfo } from '../node-info';
import { podInfoOf } from '../pod-info';
import { makeNode, makePod } from '../testing';
import type { CycleState } from '../types';
import { NodeResourcesBalancedAllocation, balancedAllocationScores } from './node-resources-balanced-allocation';
import { NodeResourcesFit, leastAllocatedScores } from './node-resources-fit';

const quantity = (unit: string) => fc.oneof(fc.constant(`0${unit}`), fc.integer({ min: 1, max: 70_000 }).map((n) => `${n}${unit}`));
const nodeArb = fc.record({ cpu: quantity('m'), memory: quantity('Mi'), used: fc.array(fc.record({ cpu: quantity('m'), memory: quantity('Mi') }), { maxLength: 4 }) });
const podArb = fc.record({ cpu: fc.option(quantity('m'), { nil: undefined }), memory: fc.option(quantity('Mi'), { nil: undefined }) });

describe('whole-list resource scores', () => {
  it('give, node for node, what score gives (including empty and overfull nodes)', () => {
    fc.assert(
      fc.property(fc.array(nodeArb, { minLength: 1, maxLength: 8 }), podArb, (specs, podSpec) => {
        const nodes = specs.map((spec, i) => {
          const info = new NodeInfo(makeNode(`n${i}`, { cpu: spec.cpu, memory: spec.memory }));
          spec.used.forEach((u, j) => info.addPod(podInfoOf(makePod(`u${i}-${j}`, u))));
          return info;
        });
        const pod = makePod('p', podSpec);
        const state: CycleState = { pod: podInfoOf(pod), values: new Map() };
        // A longer `out` is overwritten where the nodes are, as the framework leaves it.
        const fit = [7, 7];
        leastAllocatedScores(nodes, nodes.length, state, fit);
        expect(fit.slice(0, nodes.length)).toEqual(nodes.map((n) => NodeResourcesFit.score(pod, n, state)));
        const balance: number[] = [];
        balancedAllocationScores(nodes, nodes.length, state, balance);
        expect(balance).toEqual(nodes.map((n) => NodeResourcesBalancedAllocation.score(pod, n, state)));
      }),
      { numRuns: 300 },
    );
  });

  it('are not used for a copy of the plugin whose score was replaced', () => {
    const framework = new Framework();
    const halved = { ...NodeResourcesFit, name: 'Halved', score: () => 50 };
    const nodes = [new NodeInfo(makeNode('a')), new NodeInfo(makeNode('b'))];
    const pod = makePod('p');
    const out: number[] = [];
    const state: CycleState = { pod: podInfoOf(pod), values: new Map() };
    expect(framework.runScore(halved, pod, nodes, 2, state, out)).toBeUndefined();
    expect(out).toEqual([50, 50]);
    expect(framework.runScore(NodeResourcesFit, pod, nodes, 2, state, out)).toBeUndefined();
    expect(out).toEqual([97, 97]);
  });
});
