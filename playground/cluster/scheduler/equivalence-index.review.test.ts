import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { Node, Pod, Taint, Toleration } from '../api/types';
import { deepFreeze, setFreezeGuard } from '../sim/freeze';
import { SchedulerCache } from './cache';
import { EquivalenceCache } from './equivalence-cache';
import { failedSchedulingMessage } from './failure-message';
import { Framework } from './framework';
import { podInfoOf } from './pod-info';
import { NodeAffinity } from './plugins/node-affinity';
import { NodeResourcesBalancedAllocation } from './plugins/node-resources-balanced-allocation';
import { NodeResourcesFit } from './plugins/node-resources-fit';
import { TaintToleration } from './plugins/taint-toleration';
import { attemptSchedule, failureMap } from './schedule-pod';
import { makePod } from './testing';

/**
 * A reviewer's attempts to make the node index (equivalence-index.ts, equivalence-indexed.ts)
 * decide differently from the plain walk: arbitrary start indexes (ties across the wrap), small and
 * empty node lists, percentageOfNodesToScore from 1 to 100, soft taints a pod partly tolerates and
 * preferred terms of very different weights (normalization changes the winner), built-in weights
 * changed in place (to 0, to fractions, and back), the board's change log overflowing between two
 * attempts of a shape, more shapes than the cache keeps (entries evicted and recycled), node
 * objects replaced by equal ones, cordons, resizes to nothing. Every attempt is made without the
 * cache and with it, and everything a user could see of it must be the same.
 */

/** The built-ins whose weights step code may change in place (the objects are not read-only). */
const WEIGHTED: { weight: number }[] = [NodeResourcesFit, NodeResourcesBalancedAllocation, TaintToleration, NodeAffinity];
const WEIGHTS = WEIGHTED.map((plugin) => plugin.weight);
afterEach(() => {
  WEIGHTED.forEach((plugin, i) => (plugin.weight = WEIGHTS[i]));
  setFreezeGuard(true);
});

const SOFT_A: Taint = { key: 'soft-a', effect: 'PreferNoSchedule' };
const SOFT_B: Taint = { key: 'soft-b', effect: 'PreferNoSchedule' };
const HARD: Taint = { key: 'hard', value: 'x', effect: 'NoSchedule' };
/** Taint sets: none, hard, one soft, two soft (a pod tolerating soft-a scores them 0, 0, 1 raw). */
const TAINT_SETS: Taint[][] = [[], [HARD], [SOFT_A], [SOFT_A, SOFT_B], [SOFT_B]];
const CPUS = ['0', '300m', '1', '2', '4', '-1m'];

interface NodeShape {
  cpu: number;
  pods: string;
  zone: number;
  ssd: boolean;
  taints: number;
  cordoned: boolean;
  /** An unfrozen object (the freeze guard on): the node is never cached, and may change in place. */
  thawed?: boolean;
}

function nodeObject(name: string, shape: NodeShape): Node {
  const allocatable = { cpu: CPUS[shape.cpu], memory: '8Gi', pods: shape.pods };
  const node: Node = {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, uid: `uid-${name}`, labels: { zone: `z${shape.zone}`, ...(shape.ssd ? { disk: 'ssd' } : {}) } },
    spec: { ...(TAINT_SETS[shape.taints].length ? { taints: TAINT_SETS[shape.taints] } : {}), ...(shape.cordoned ? { unschedulable: true } : {}) },
    status: { capacity: allocatable, allocatable },
  };
  return shape.thawed ? node : deepFreeze(node);
}

/**
 * podOf is a pod of shape `shape` (0..11); `variant` > 0 makes a shape of its own (another memory
 * request), for floods of shapes.
 */
function podOf(shape: number, serial: number, variant = 0): Pod {
  const requests: Record<string, string> = shape === 11 ? {} : { cpu: `${100 + (shape % 3) * 200}m`, memory: `${64 + variant}Mi` };
  const tolerations: Toleration[] = [];
  if (shape === 3 || shape === 7) tolerations.push({ key: 'soft-a', operator: 'Exists' });
  if (shape === 4) tolerations.push({ key: 'hard', operator: 'Exists' });
  const spec: Pod['spec'] = { containers: [{ name: 'c', image: 'app:1', resources: { requests } }] };
  if (tolerations.length) spec.tolerations = tolerations;
  const zoneTerm = (zone: string) => ({ matchExpressions: [{ key: 'zone', operator: 'In' as const, values: [zone] }] });
  const ssdTerm = { matchExpressions: [{ key: 'disk', operator: 'In' as const, values: ['ssd'] }] };
  if (shape === 5) spec.affinity = { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, preference: zoneTerm('z0') }, { weight: 100, preference: ssdTerm }] } };
  if (shape === 6) spec.affinity = { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 3, preference: zoneTerm('z1') }, { weight: 7, preference: ssdTerm }] } };
  if (shape === 7) spec.affinity = { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 5, preference: zoneTerm('z2') }] } };
  if (shape === 8) spec.affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [zoneTerm('z1')] } } };
  if (shape === 9) spec.nodeSelector = { disk: 'ssd' };
  if (shape === 10) spec.containers[0].ports = [{ containerPort: 80, hostPort: 8080 }];
  return deepFreeze({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `p-${serial}`, namespace: 'default', uid: `uid-p-${serial}` }, spec, status: { phase: 'Pending' } });
}

type Step =
  | { op: 'schedule'; shape: number; times: number; jump: number }
  | { op: 'delete'; pod: number }
  | { op: 'node'; node: number; change: Partial<NodeShape> }
  | { op: 'same'; node: number }
  | { op: 'inPlace'; node: number; zone: number }
  | { op: 'add' }
  | { op: 'remove'; node: number }
  | { op: 'churn'; node: number; times: number }
  | { op: 'weight'; plugin: number; weight: number }
  | { op: 'flood'; shapes: number };

/** Harness keeps one SchedulerCache and schedules every pod without the cache and with it. */
class Harness {
  readonly cache = new SchedulerCache();
  readonly framework = Framework.withDefaults();
  readonly equivalence = new EquivalenceCache();
  readonly shapes = new Map<string, NodeShape>();
  readonly objects = new Map<string, Node>();
  readonly placed: Pod[] = [];
  start = 0;
  serial = 0;
  nextNode = 0;
  attempts = 0;

  constructor(
    count: number,
    readonly percentage: number,
    readonly uniform = false,
  ) {
    for (let i = 0; i < count; i++) this.addNode();
  }

  setNode(name: string, shape: NodeShape): void {
    this.shapes.set(name, shape);
    this.objects.set(name, nodeObject(name, shape));
    this.cache.setNode(this.objects.get(name)!);
  }

  addNode(): void {
    const i = this.nextNode++;
    const name = `node-${String(i).padStart(3, '0')}`;
    // Uniform nodes tie on every sum: the lowest position in the window wins, across the wrap.
    if (this.uniform) this.setNode(name, { cpu: 4, pods: '30', zone: 0, ssd: false, taints: 0, cordoned: false });
    else this.setNode(name, { cpu: i % 4 === 1 ? 2 : 4, pods: i % 5 === 0 ? '3' : '30', zone: i % 3, ssd: i % 4 === 2, taints: i % 6 === 5 ? 2 : i % 9 === 8 ? 1 : 0, cordoned: false });
  }

  nameAt(n: number): string | undefined {
    const nodes = this.cache.nodeList();
    return nodes.length ? nodes[n % nodes.length].name : undefined;
  }

  /** schedule makes one attempt both ways, checks they agree, and binds (assumes) the pod. */
  schedule(pod: Pod): void {
    const nodes = this.cache.nodeList();
    const options = { percentageOfNodesToScore: this.percentage, startIndex: this.start };
    const plain = attemptSchedule(this.framework, pod, nodes, options);
    const cached = attemptSchedule(this.framework, pod, nodes, { ...options, equivalence: this.equivalence, board: this.cache.nodeBoard() });
    this.attempts++;
    expect([cached.selected, cached.evaluated, cached.feasible, cached.error]).toEqual([plain.selected, plain.evaluated, plain.feasible, plain.error]);
    // The scheduler reports an error as it is; the rejections only when no node fits.
    if (!plain.selected && !plain.error && nodes.length) {
      expect(failedSchedulingMessage(nodes.length, failureMap(cached.filtered))).toBe(failedSchedulingMessage(nodes.length, failureMap(plain.filtered)));
    }
    if (nodes.length) this.start = (this.start + plain.evaluated) % nodes.length;
    if (plain.selected) {
      this.cache.assume(podInfoOf(pod), plain.selected);
      this.placed.push(pod);
    }
  }

  play(step: Step): void {
    switch (step.op) {
      case 'schedule':
        this.start += step.jump;
        for (let t = 0; t < step.times; t++) this.schedule(podOf(step.shape, this.serial++));
        break;
      case 'delete':
        if (this.placed.length) this.cache.removePod(this.placed.splice(step.pod % this.placed.length, 1)[0]);
        break;
      case 'node': {
        const name = this.nameAt(step.node);
        if (name) this.setNode(name, { ...this.shapes.get(name)!, ...step.change });
        break;
      }
      case 'same': {
        // An equal object, as a heartbeat brings: a new generation, nothing else changed.
        const name = this.nameAt(step.node);
        if (name) this.setNode(name, { ...this.shapes.get(name)! });
        break;
      }
      case 'inPlace': {
        // Only an object nobody froze changes in place; the scheduler reads it live.
        const name = this.nameAt(step.node);
        const labels = name === undefined ? undefined : this.objects.get(name)!.metadata.labels!;
        // With the freeze guard off (the page) nothing is frozen, and by contract nothing changes in place.
        if (labels && !Object.isFrozen(labels) && Object.isFrozen(deepFreeze({}))) labels.zone = `z${step.zone}`;
        break;
      }
      case 'add':
        this.addNode();
        break;
      case 'remove': {
        const name = this.nameAt(step.node);
        if (name) this.cache.removeNode(name);
        break;
      }
      case 'churn': {
        // Pods come and go on the nodes: two logged changes each, past the board's log if many.
        for (let t = 0; t < step.times; t++) {
          const name = this.nameAt(step.node + t);
          if (!name) break;
          const pod = makePod(`churn-${this.serial}-${t}`, { cpu: '100m' });
          this.cache.assume(podInfoOf(pod), name);
          this.cache.removePod(pod);
        }
        this.serial++;
        break;
      }
      case 'weight':
        WEIGHTED[step.plugin].weight = step.weight;
        break;
      case 'flood':
        // Each shape three times (an entry when seen again, the index from its second use): more shapes than the cache keeps.
        for (let s = 0; s < step.shapes; s++) for (let t = 0; t < 3; t++) this.schedule(podOf(s % 11, this.serial++, 1 + s));
        break;
    }
  }
}

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 10, arbitrary: fc.record({ op: fc.constant('schedule' as const), shape: fc.nat(11), times: fc.integer({ min: 1, max: 6 }), jump: fc.oneof(fc.constant(0), fc.nat(300)) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('delete' as const), pod: fc.nat(1000) }) },
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('node' as const),
      node: fc.nat(1000),
      change: fc.oneof(
        fc.record({ cpu: fc.nat(CPUS.length - 1) }),
        fc.record({ pods: fc.constantFrom('0', '3', '30') }),
        fc.record({ zone: fc.nat(2) }),
        fc.record({ ssd: fc.boolean() }),
        fc.record({ taints: fc.nat(TAINT_SETS.length - 1) }),
        fc.record({ cordoned: fc.boolean() }),
        fc.record({ thawed: fc.boolean() }),
      ),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('same' as const), node: fc.nat(1000) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('inPlace' as const), node: fc.nat(1000), zone: fc.nat(2) }) },
  { weight: 1, arbitrary: fc.constant({ op: 'add' as const }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('remove' as const), node: fc.nat(1000) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('churn' as const), node: fc.nat(1000), times: fc.oneof(fc.integer({ min: 1, max: 20 }), fc.constant(700)) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('weight' as const), plugin: fc.nat(3), weight: fc.constantFrom(0, 1, 2, 3, 5, 1.5) }) },
  { weight: Number(process.env.REVIEW_FLOOD ?? 0), arbitrary: fc.record({ op: fc.constant('flood' as const), shapes: fc.integer({ min: 200, max: 300 }) }) },
);

describe('the node index, reviewed', () => {
  it('agrees with the walk for random sequences on small and mid-sized node lists', () => {
    const totals = { attempts: 0, indexed: 0 };
    fc.assert(
      fc.property(
        fc.array(stepArb, { minLength: 5, maxLength: 50 }),
        fc.oneof(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 20, max: Number(process.env.REVIEW_NODES ?? 130) })),
        fc.constantFrom(0, 1, 5, 50, 100, -5, 0.5, 150, Number.NaN),
        fc.boolean(),
        fc.boolean(),
        (steps, count, percentage, uniform, guard) => {
          WEIGHTED.forEach((plugin, i) => (plugin.weight = WEIGHTS[i]));
          setFreezeGuard(guard);
          const harness = new Harness(count, percentage, uniform);
          try {
            for (const step of steps) harness.play(step);
          } finally {
            setFreezeGuard(true);
          }
          totals.attempts += harness.attempts;
          totals.indexed += harness.equivalence.stats.indexed;
        },
      ),
      { numRuns: Number(process.env.REVIEW_RUNS ?? 60) },
    );
    if (process.env.REVIEW_RUNS) console.log(totals);
    // The runs reach the index, not only the walk it hands over to.
    expect(totals.indexed).toBeGreaterThan(totals.attempts / 10);
  });
});

/** both makes one attempt without the cache and with it, expects the same, and returns the plain one. */
function both(harness: { cache: SchedulerCache; framework: Framework; equivalence: EquivalenceCache }, pod: Pod, startIndex: number, percentage = 0) {
  const nodes = harness.cache.nodeList();
  const options = { startIndex, percentageOfNodesToScore: percentage };
  const plain = attemptSchedule(harness.framework, pod, nodes, options);
  const cached = attemptSchedule(harness.framework, pod, nodes, { ...options, equivalence: harness.equivalence, board: harness.cache.nodeBoard() });
  expect([cached.selected, cached.evaluated, cached.feasible, cached.error]).toEqual([plain.selected, plain.evaluated, plain.feasible, plain.error]);
  // With the cache the rejections are gathered only when no node fits (the one case they are shown).
  if (!plain.selected && !plain.error) expect([...failureMap(cached.filtered)]).toEqual([...failureMap(plain.filtered)]);
  return plain;
}

function setup(count: number, shape: (i: number) => NodeShape) {
  const harness = { cache: new SchedulerCache(), framework: Framework.withDefaults(), equivalence: new EquivalenceCache() };
  for (let i = 0; i < count; i++) harness.cache.setNode(nodeObject(`node-${String(i).padStart(3, '0')}`, shape(i)));
  return harness;
}

const PLAIN: NodeShape = { cpu: 4, pods: '30', zone: 0, ssd: false, taints: 0, cordoned: false };

describe('the node index, directed', () => {
  it('starts over when more changes than its log holds came between two attempts of a shape', () => {
    const harness = setup(3, () => PLAIN);
    // The index from the shape's first attempt on (the cache has room for its entry).
    for (let serial = 0; serial < 3; serial++) both(harness, podOf(0, serial), 0);
    const indexed = harness.equivalence.stats.indexed;
    expect(indexed).toBe(3);
    // The node the next pod would go to fills up; then one other node's pods come and go, 1,200
    // changes: the filled node's change is no longer in the board's log.
    const best = both(harness, podOf(0, 90), 0).selected!;
    harness.cache.assume(podInfoOf(makePod('filler', { cpu: '3900m' })), best);
    const other = harness.cache.nodeList().find((node) => node.name !== best)!.name;
    for (let i = 0; i < 600; i++) {
      const pod = makePod(`churn-${i}`, { cpu: '100m' });
      harness.cache.assume(podInfoOf(pod), other);
      harness.cache.removePod(pod);
    }
    expect(both(harness, podOf(0, 91), 0).selected).not.toBe(best);
    expect(harness.equivalence.stats.indexed).toBe(indexed + 2);
  });

  it('looks again at a node that failed by its object once the object changes, not while only its pods do', () => {
    // node-001 is tainted NoSchedule (shape 0 does not tolerate it) and empty; the others are half full.
    const harness = setup(3, (i) => ({ ...PLAIN, taints: i === 1 ? 1 : 0 }));
    for (const name of ['node-000', 'node-002']) harness.cache.assume(podInfoOf(makePod(`half-${name}`, { cpu: '2', memory: '4Gi' })), name);
    for (let serial = 0; serial < 3; serial++) expect(both(harness, podOf(0, serial), 0).selected).not.toBe('node-001');
    const pod = makePod('comes-and-goes', { cpu: '100m' });
    harness.cache.assume(podInfoOf(pod), 'node-001');
    harness.cache.removePod(pod);
    expect(both(harness, podOf(0, 3), 0).selected).not.toBe('node-001');
    harness.cache.setNode(nodeObject('node-001', PLAIN));
    expect(both(harness, podOf(0, 4), 0).selected).toBe('node-001');
    expect(harness.equivalence.stats.indexed).toBe(5);
  });

  /**
   * 120 nodes, all nearly full but node-005 (one PreferNoSchedule taint) and node-110 (four):
   * a walk from 60 meets both, one from 0 only node-005. TaintToleration's reversed normalization
   * against the walk's highest count gives node-005 0 from 0 (the others win by 300), but 75
   * against the four of node-110, enough to win on its free space.
   */
  it('normalizes soft taints against the highest count among the attempt’s feasible nodes', () => {
    const four = [SOFT_A, SOFT_B, { key: 'soft-c', effect: 'PreferNoSchedule' as const }, { key: 'soft-d', effect: 'PreferNoSchedule' as const }];
    const harness = { cache: new SchedulerCache(), framework: Framework.withDefaults(), equivalence: new EquivalenceCache() };
    for (let i = 0; i < 120; i++) {
      const node = nodeObject(`node-${String(i).padStart(3, '0')}`, PLAIN);
      const taints = i === 5 ? [SOFT_A] : i === 110 ? four : undefined;
      harness.cache.setNode(taints ? deepFreeze({ ...node, spec: { taints } }) : node);
      if (i !== 5) harness.cache.assume(podInfoOf(makePod(`full-${i}`, { cpu: '3800m', memory: '7700Mi' })), `node-${String(i).padStart(3, '0')}`);
    }
    expect(both(harness, podOf(0, 1), 60).selected).toBe('node-005');
    both(harness, podOf(0, 2), 60);
    expect(both(harness, podOf(0, 3), 0).selected).toBe('node-000');
  });

  /**
   * A node with a negative allocatable CPU (-1m) fits a pod that requests nothing, and
   * NodeResourcesBalancedAllocation scores it -4901: the attempt fails with that score's error, every
   * time. A cached raw score that is not a valid one must not be taken on trust the next time.
   */
  it('reports an invalid score on every attempt of a shape, not only on the first', () => {
    const harness = setup(2, (i) => ({ ...PLAIN, cpu: i === 0 ? 5 : 4 }));
    for (let serial = 0; serial < 5; serial++) {
      const attempt = both(harness, podOf(11, serial), 0);
      expect([attempt.selected, attempt.error]).toEqual([undefined, expect.stringContaining('invalid score -4901')]);
    }
  });

  /**
   * percentageOfNodesToScore NaN (a bad option, not refused): from 100 nodes up, the walk finds
   * "enough" after no node at all, looks at none and selects none. So must the index.
   */
  it('looks at no node when a NaN percentage makes no node enough, as the walk does', () => {
    const harness = setup(120, () => PLAIN);
    // The shape's entry and sums filled by attempts with the adaptive percentage first.
    for (let serial = 0; serial < 3; serial++) both(harness, podOf(0, serial), 0);
    for (let serial = 3; serial < 6; serial++) {
      const attempt = both(harness, podOf(0, serial), 7 * serial, Number.NaN);
      expect([attempt.selected, attempt.evaluated, attempt.feasible]).toEqual([undefined, 0, 0]);
    }
  });

  it('answers on empty, one-, two- and three-node lists as the walk does, until they are full', () => {
    const empty = setup(0, () => PLAIN);
    for (let serial = 0; serial < 3; serial++) expect(both(empty, podOf(0, serial), serial).evaluated).toBe(0);
    for (const count of [1, 2, 3]) {
      const small = setup(count, (i) => ({ ...PLAIN, cpu: 2, pods: String(3 + i) }));
      const outcomes: (string | undefined)[] = [];
      for (let serial = 0, start = 0; serial < 16; serial++) {
        const pod = podOf(serial % 2 ? 0 : 3, serial);
        const attempt = both(small, pod, start, 100);
        start += attempt.evaluated;
        outcomes.push(attempt.selected);
        if (attempt.selected) small.cache.assume(podInfoOf(pod), attempt.selected);
      }
      // Pods of 100m and 64Mi, of two shapes: as many fit as the nodes take by count, then none.
      expect(outcomes.filter((name) => name !== undefined)).toHaveLength([3, 7, 12][count - 1]);
      // One node: a lone feasible node is not scored, so the index has no sums to answer from.
      if (count > 1) expect(small.equivalence.stats.indexed).toBeGreaterThan(0);
    }
  });
});
