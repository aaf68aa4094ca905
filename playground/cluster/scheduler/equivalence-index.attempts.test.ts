import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Node, Pod, Taint } from '../api/types';
import { deepFreeze } from '../sim/freeze';
import { SchedulerCache } from './cache';
import { EquivalenceCache } from './equivalence-cache';
import { Framework } from './framework';
import { podInfoOf } from './pod-info';
import { attemptSchedule, failureMap } from './schedule-pod';
import { makePod } from './testing';

/**
 * The node index must answer every attempt exactly as the walk does: the same selected node, the
 * same number of nodes looked at (it moves the next attempt's start), the same feasible count, and
 * (through the walk it hands over to) the same rejections and errors.
 */

const TAINTS: (Taint | undefined)[] = [undefined, { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }, { key: 'spot', effect: 'PreferNoSchedule' }];

interface NodeShape {
  cpu: string;
  pods: string;
  zone: number;
  taint: number;
  unschedulable: boolean;
  ssd: boolean;
}

function nodeObject(name: string, shape: NodeShape, freeze: boolean): Node {
  const allocatable = { cpu: shape.cpu, memory: '16Gi', pods: shape.pods };
  const taint = TAINTS[shape.taint];
  const node: Node = {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, uid: `uid-${name}`, labels: { 'topology.kubernetes.io/zone': `zone-${'abc'[shape.zone]}`, ...(shape.ssd ? { disk: 'ssd' } : {}) } },
    spec: { ...(taint ? { taints: [taint] } : {}), ...(shape.unschedulable ? { unschedulable: true } : {}) },
    status: { capacity: allocatable, allocatable },
  };
  return freeze ? deepFreeze(node) : node;
}

function initialShape(i: number): NodeShape {
  // Few nodes are in zone-a with an SSD (the most a shape-8 pod prefers): many walks meet none.
  return { cpu: i % 5 === 0 ? '1' : '4', pods: i % 4 === 0 ? '3' : '12', zone: i % 3, taint: i % 10 === 9 ? 1 : 0, unschedulable: false, ssd: i % 40 === 9 || i % 7 === 3 };
}

/**
 * podOf is a pod of one of nine shapes: several sharing the index, one that fits nowhere, two
 * whose preferred node affinity is normalized per attempt (8: by two terms, so that how a node
 * scores depends on whether the walk meets a node that matches both).
 */
function podOf(shape: number, serial: number): Pod {
  const spec: Pod['spec'] = { containers: [{ name: 'app', image: 'app:1', resources: { requests: { cpu: `${100 + (shape % 4) * 150}m`, memory: `${128 << shape % 3}Mi` } } }] };
  if (shape === 4) spec.tolerations = [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }];
  if (shape === 5) {
    const term = { matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In' as const, values: ['zone-b'] }] };
    spec.affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [term] } } };
  }
  if (shape === 6) {
    const preference = { matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In' as const, values: ['zone-a'] }] };
    spec.affinity = { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 20, preference }] } };
  }
  if (shape === 7) spec.containers[0].resources = { requests: { cpu: '40' } };
  if (shape === 8) {
    const zoneA = { matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In' as const, values: ['zone-a'] }] };
    const ssd = { matchExpressions: [{ key: 'disk', operator: 'In' as const, values: ['ssd'] }] };
    spec.affinity = { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 20, preference: zoneA }, { weight: 10, preference: ssd }] } };
  }
  return deepFreeze({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `p-${serial}`, namespace: 'default', uid: `uid-p-${serial}` }, spec, status: { phase: 'Pending' } });
}

type Step =
  | { op: 'schedule'; shape: number; times: number }
  | { op: 'delete'; pod: number }
  | { op: 'node'; node: number; change: Partial<NodeShape> }
  | { op: 'add' }
  | { op: 'remove'; node: number }
  | { op: 'inPlace'; node: number; zone: number };

/**
 * play runs the steps against one SchedulerCache, making every attempt twice, without the cache
 * and with it (board and all), and checks they agree attempt by attempt. Returns the cache's stats.
 */
function play(steps: readonly Step[], count: number, percentage: number, freeze: boolean) {
  const cache = new SchedulerCache();
  const framework = Framework.withDefaults();
  const equivalence = new EquivalenceCache();
  const shapes = new Map<string, NodeShape>();
  const objects = new Map<string, Node>();
  const setNode = (name: string, shape: NodeShape) => {
    shapes.set(name, shape);
    objects.set(name, nodeObject(name, shape, freeze));
    cache.setNode(objects.get(name)!);
  };
  let nextNode = 0;
  const addNode = () => setNode(`node-${String(nextNode).padStart(4, '0')}`, initialShape(nextNode++));
  for (let i = 0; i < count; i++) addNode();
  const placed: Pod[] = [];
  let start = 0;
  let serial = 0;
  const nameAt = (n: number) => cache.nodeList()[n % cache.nodeList().length].name;
  for (const step of steps) {
    if (step.op === 'schedule') {
      for (let t = 0; t < step.times; t++) {
        const pod = podOf(step.shape, serial++);
        const nodes = cache.nodeList();
        const options = { percentageOfNodesToScore: percentage, startIndex: start };
        const plain = attemptSchedule(framework, pod, nodes, options);
        const cached = attemptSchedule(framework, pod, nodes, { ...options, equivalence, board: cache.nodeBoard() });
        expect([cached.selected, cached.evaluated, cached.feasible, cached.error]).toEqual([plain.selected, plain.evaluated, plain.feasible, plain.error]);
        if (!plain.selected) expect([...failureMap(cached.filtered)]).toEqual([...failureMap(plain.filtered)]);
        start = (start + plain.evaluated) % nodes.length;
        if (plain.selected) {
          cache.assume(podInfoOf(pod), plain.selected);
          placed.push(pod);
        }
      }
    } else if (step.op === 'delete') {
      if (placed.length) cache.removePod(placed.splice(step.pod % placed.length, 1)[0]);
    } else if (step.op === 'node') {
      const name = nameAt(step.node);
      setNode(name, { ...shapes.get(name)!, ...step.change });
    } else if (step.op === 'add') addNode();
    else if (step.op === 'remove') {
      if (cache.nodeList().length > 1) cache.removeNode(nameAt(step.node));
    } else {
      // Only unfrozen objects change in place; the node is then never cached.
      const labels = objects.get(nameAt(step.node))!.metadata.labels!;
      if (!Object.isFrozen(labels)) labels['topology.kubernetes.io/zone'] = `zone-${'abc'[step.zone % 3]}`;
    }
  }
  return equivalence.stats;
}

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ op: fc.constant('schedule' as const), shape: fc.nat(8), times: fc.integer({ min: 1, max: 12 }) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('delete' as const), pod: fc.nat(1000) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('node' as const),
      node: fc.nat(1000),
      change: fc.oneof(
        fc.record({ cpu: fc.constantFrom('500m', '1', '4', '8') }),
        fc.record({ pods: fc.constantFrom('2', '12', '40') }),
        fc.record({ zone: fc.nat(2) }),
        fc.record({ ssd: fc.boolean() }),
        fc.record({ taint: fc.constantFrom(0, 0, 1, 2) }),
        fc.record({ unschedulable: fc.boolean() }),
      ),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ op: 'add' as const }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('remove' as const), node: fc.nat(1000) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('inPlace' as const), node: fc.nat(1000), zone: fc.nat(2) }) },
);

describe('the node index in attempts', () => {
  it('answers most attempts of a long run of binds and deletes, each as the walk does', () => {
    const steps: Step[] = [];
    for (let i = 0; i < 120; i++) {
      steps.push({ op: 'schedule', shape: i % 9, times: 3 + (i % 5) }, { op: 'schedule', shape: 8, times: 2 });
      if (i % 4 === 3) steps.push({ op: 'delete', pod: i * 7 });
      if (i % 15 === 14) steps.push({ op: 'node', node: i, change: { cpu: i % 2 ? '8' : '1' } });
      // Nodes that failed by their object alone (zone, taint) change it: they must be looked at again.
      if (i % 6 === 5) steps.push({ op: 'node', node: i * 7, change: i % 12 === 5 ? { zone: 1 } : { taint: 0 } });
      // A node comes to match both preferred terms: more than the index normalized against.
      if (i % 10 === 4) steps.push({ op: 'node', node: i * 3, change: { zone: 0, ssd: true } });
      if (i === 60) steps.push({ op: 'add' }, { op: 'remove', node: 3 });
    }
    const stats = play(steps, 160, 0, true);
    expect(stats.indexed).toBeGreaterThan(stats.attempts / 2);
  });

  it('answers a run of preferred-affinity pods whose top nodes all changed since its last attempt, each as the walk does', () => {
    // Shape 6 prefers zone-a, where 2 roomy nodes of 60 are: after a few attempts, both change
    // between two attempts (a bind, and another pod on the other one), so the index knows them at
    // the top raw score only as settleFolded settles them again, and answers only if it does.
    const cache = new SchedulerCache();
    for (let i = 0; i < 60; i++) {
      const zone = i === 7 || i === 37 ? 0 : 1;
      cache.setNode(nodeObject(`node-${String(i).padStart(4, '0')}`, { ...initialShape(i), cpu: '64', pods: '110', zone, taint: 0 }, true));
    }
    const framework = Framework.withDefaults();
    const equivalence = new EquivalenceCache();
    let start = 0;
    for (let serial = 0; serial < 30; serial++) {
      const pod = podOf(6, serial);
      const nodes = cache.nodeList();
      const plain = attemptSchedule(framework, pod, nodes, { startIndex: start });
      const cached = attemptSchedule(framework, pod, nodes, { startIndex: start, equivalence, board: cache.nodeBoard() });
      expect([cached.selected, cached.evaluated, cached.feasible]).toEqual([plain.selected, plain.evaluated, plain.feasible]);
      start = (start + plain.evaluated) % nodes.length;
      cache.assume(podInfoOf(pod), plain.selected!);
      const other = plain.selected === 'node-0007' ? 'node-0037' : 'node-0007';
      if (serial >= 3) cache.assume(podInfoOf(makePod(`other-${serial}`, { cpu: '10m' })), other);
    }
    expect(equivalence.stats.indexed).toBeGreaterThanOrEqual(25);
  });

  /**
   * 120 nodes in zone-b without SSD, but one with an SSD (position 5) and one in zone-a with an
   * SSD (position 110), both nearly full; a walk from 0 meets the first only, one from 60 both.
   * The preferred affinity of shape 8 scores them 10 and 30 raw, normalized by the walk's highest.
   */
  it.each([
    ['the top raw score it normalized against is not in the walk', [60, 0], 'node-0005'],
    ['a node has a higher raw score than it normalized against', [0, 60], 'node-0110'],
  ])('normalizes as the walk does when %s', (_case, [walkFrom, indexFrom], expected) => {
    const cache = new SchedulerCache();
    for (let i = 0; i < 120; i++) {
      const shape = { ...initialShape(i), cpu: '4', pods: '12', zone: 1, taint: 0, ssd: i === 5 || i === 110 };
      if (i === 110) shape.zone = 0;
      cache.setNode(nodeObject(`node-${String(i).padStart(4, '0')}`, shape, true));
    }
    for (const name of ['node-0005', 'node-0110']) cache.assume(podInfoOf(makePod(`filler-${name}`, { cpu: '3800m' })), name);
    const framework = Framework.withDefaults();
    const equivalence = new EquivalenceCache();
    const attempt = (serial: number, startIndex: number) => {
      const pod = podOf(8, serial);
      const nodes = cache.nodeList();
      const plain = attemptSchedule(framework, pod, nodes, { startIndex });
      const cached = attemptSchedule(framework, pod, nodes, { startIndex, equivalence, board: cache.nodeBoard() });
      expect([cached.selected, cached.evaluated, cached.feasible]).toEqual([plain.selected, plain.evaluated, plain.feasible]);
      return plain.selected;
    };
    // A first sighting (no entry), a walk that fills the entry, then the index.
    attempt(1, walkFrom);
    attempt(2, walkFrom);
    expect(attempt(3, indexFrom)).toBe(expected);
  });

  it('agrees with the walk attempt by attempt for random binds, deletes and node changes', () => {
    let indexed = 0;
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 10, maxLength: 60 }), fc.constantFrom(0, 30, 60), fc.integer({ min: 100, max: 220 }), fc.boolean(), (steps, percentage, count, freeze) => {
        indexed += play(steps, count, percentage, freeze).indexed;
      }),
      { numRuns: 40 },
    );
    // The runs exercise the index, not only the walk it hands over to.
    expect(indexed).toBeGreaterThan(100);
  });
});
