import { afterEach, describe, expect, it, vi } from 'vitest';
import { deepFreeze } from '../sim/freeze';
import { ShapeEntry } from './equivalence-cache';
import { filtersOf, scorePlanOf } from './equivalence-plan';
import { Framework } from './framework';
import { NodeInfo } from './node-info';
import { computePodInfo } from './pod-info';
import { NodeAffinity } from './plugins/node-affinity';
import { NodeUnschedulable } from './plugins/node-unschedulable';
import { TaintToleration } from './plugins/taint-toleration';
import { makeNode, makePod } from './testing';
import type { CycleState } from './types';

function setup() {
  const framework = Framework.withDefaults();
  const nodes = ['a', 'b', 'c'].map((name) => new NodeInfo(deepFreeze(makeNode(name, { cpu: '8', memory: '16Gi' }))));
  const pod = deepFreeze(makePod('p', { cpu: '500m', memory: '1Gi' }));
  const state: CycleState = { pod: computePodInfo(pod), values: new Map() };
  return { framework, nodes, pod, state, entry: new ShapeEntry(nodes.length) };
}

describe('scorePlanOf', () => {
  afterEach(() => vi.restoreAllMocks());

  it('plans a shape once and keeps the plan for its later attempts', () => {
    const { framework, nodes, pod, state, entry } = setup();
    const asked = vi.spyOn(NodeAffinity, 'constantScore');
    const first = scorePlanOf(framework, pod, nodes, state, entry)!;
    // TaintToleration and NodeAffinity answer constants (100 and 0); the two resource scores are summed.
    expect(first.base).toBe(100 * TaintToleration.weight);
    expect(first.summed.plugins.map((p) => p.name)).toEqual(['NodeResourcesFit', 'NodeResourcesBalancedAllocation']);
    expect(entry.holdsSums(first.summed.indexes, first.summed.weights)).toBe(true);
    expect(scorePlanOf(framework, pod, nodes, state, entry)).toBe(first);
    expect(asked).toHaveBeenCalledTimes(1);
  });

  it('plans again when a weight changed in place, and readies sums for the new weight', () => {
    const { framework, nodes, pod, state, entry } = setup();
    scorePlanOf(framework, pod, nodes, state, entry);
    // The built-in itself, as step code may change it (`NodeResourcesFit.weight = 3`).
    const fit = framework.scorePlugins.find((p) => p.name === 'NodeResourcesFit') as { weight: number };
    const weight = fit.weight;
    try {
      fit.weight = weight + 2;
      const plan = scorePlanOf(framework, pod, nodes, state, entry)!;
      expect(plan.summed.weights[0]).toBe(weight + 2);
      expect(plan.highest).toBe(100 * (weight + 2) + 100 * framework.scorePlugins[3].weight);
      expect(entry.holdsSums(plan.summed.indexes, plan.summed.weights)).toBe(true);
    } finally {
      fit.weight = weight;
    }
  });

  it('plans every attempt afresh while a node has PreferNoSchedule taints', () => {
    const { framework, nodes, pod, state, entry } = setup();
    expect(scorePlanOf(framework, pod, nodes, state, entry)!.base).toBe(100 * TaintToleration.weight);
    const soft = new NodeInfo(deepFreeze(makeNode('soft', { taints: [{ key: 'spot', effect: 'PreferNoSchedule' }] })));
    try {
      // The soft taint is on none of these nodes: still a constant, asked of these nodes.
      expect(scorePlanOf(framework, pod, nodes, state, entry)!.base).toBe(100 * TaintToleration.weight);
      // With it among them, TaintToleration scores node by node and normalizes.
      const plan = scorePlanOf(framework, pod, [...nodes, soft], state, entry)!;
      expect(plan.base).toBe(0);
      expect(plan.normalizing).toEqual([0]);
    } finally {
      soft.setNode(deepFreeze(makeNode('soft')));
    }
    expect(scorePlanOf(framework, pod, nodes, state, entry)!.normalizing).toEqual([]);
  });
});

describe('filtersOf', () => {
  it('keeps the filters that run until a node is cordoned or uncordoned', () => {
    const { framework, nodes, pod, state, entry } = setup();
    scorePlanOf(framework, pod, nodes, state, entry);
    const plan = filtersOf(framework, pod, state, entry.plan!);
    const filters = plan.filters;
    expect(filters!.map((p) => p.name)).toEqual(['TaintToleration', 'NodeResourcesFit']);
    expect([plan.objectFilters, plan.resolvable]).toEqual([1, true]);
    expect(filtersOf(framework, pod, state, entry.plan!).filters).toBe(filters);
    const cordoned = new NodeInfo(deepFreeze(makeNode('cordoned', { unschedulable: true })));
    try {
      expect(filtersOf(framework, pod, state, entry.plan!).filters).toEqual([NodeUnschedulable, ...filters!]);
      expect(entry.plan!.objectFilters).toBe(2);
    } finally {
      cordoned.setNode(deepFreeze(makeNode('cordoned')));
    }
    expect(filtersOf(framework, pod, state, entry.plan!).filters).toEqual(filters);
  });

  it('is forgotten when the entry serves another shape', () => {
    const { framework, nodes, pod, state, entry } = setup();
    scorePlanOf(framework, pod, nodes, state, entry);
    const plan = entry.plan;
    entry.clear();
    expect(entry.plan).toBeUndefined();
    expect(scorePlanOf(framework, pod, nodes, state, entry)).not.toBe(plan?.scores);
  });
});
