import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { Node, Pod, Taint, Toleration } from '../api/types';
import { deepFreeze, setFreezeGuard } from '../sim/freeze';
import { SchedulerCache } from './cache';
import { EquivalenceCache } from './equivalence-cache';
import { failedSchedulingMessage } from './failure-message';
import { Framework } from './framework';
import type { NodeInfo } from './node-info';
import { podInfoOf } from './pod-info';
import { NodeAffinity } from './plugins/node-affinity';
import { NodePorts } from './plugins/node-ports';
import { NodeResourcesBalancedAllocation } from './plugins/node-resources-balanced-allocation';
import { NodeResourcesFit } from './plugins/node-resources-fit';
import { TaintToleration } from './plugins/taint-toleration';
import { attemptSchedule, failureMap } from './schedule-pod';
import { SUCCESS, type FilterPlugin, type ScorePlugin } from './types';

/**
 * An oracle for the shortcuts the indexed attempts took this session: shape plans kept on their
 * entries (equivalence-plan.ts), object verdicts shared by shapes that differ only in their
 * requests (equivalence-objects.ts), plain resource numbers scored without Math calls, bound pods'
 * PodInfos swapped in place by status updates, recycled entries and the walk counted again only
 * when a count changed. Random sequences of what step code does — plugins added, removed or
 * changed in place, weights changed, nodes cordoned, tainted, relabelled, resized (to odd
 * quantities too), added and removed, pods bound, updated and deleted, percentageOfNodesToScore
 * changed — and every attempt made without the cache and with it must agree.
 */

const WEIGHTED: { weight: number }[] = [NodeResourcesFit, NodeResourcesBalancedAllocation, TaintToleration, NodeAffinity];
const WEIGHTS = WEIGHTED.map((plugin) => plugin.weight);
const TAINT_FILTER = TaintToleration.filter;
afterEach(() => {
  WEIGHTED.forEach((plugin, i) => (plugin.weight = WEIGHTS[i]));
  TaintToleration.filter = TAINT_FILTER;
  setFreezeGuard(true);
});

const TAINT_SETS: Taint[][] = [[], [{ key: 'hard', effect: 'NoSchedule' }], [{ key: 'soft', effect: 'PreferNoSchedule' }]];
/** Allocatable memory: roomy, tight, none, and so large that LeastAllocated overflows. */
const MEMORIES = ['8Gi', '1Gi', '0', '1e307', '3Gi'];
const CPUS = ['4', '1', '0', '2'];

interface NodeShape {
  cpu: number;
  memory: number;
  zone: number;
  taints: number;
  cordoned: boolean;
}

function nodeObject(name: string, shape: NodeShape): Node {
  const allocatable = { cpu: CPUS[shape.cpu], memory: MEMORIES[shape.memory], pods: '20' };
  const spec = { ...(TAINT_SETS[shape.taints].length ? { taints: TAINT_SETS[shape.taints] } : {}), ...(shape.cordoned ? { unschedulable: true } : {}) };
  return deepFreeze({ apiVersion: 'v1', kind: 'Node', metadata: { name, uid: `uid-${name}`, labels: { zone: `z${shape.zone}` } }, spec, status: { capacity: allocatable, allocatable } });
}

/** The object parts of pod shapes (what the object filters read); each comes with several request variants. */
const OBJECT_PARTS = 6;
const REQUESTS: Record<string, string>[] = [{ cpu: '100m', memory: '64Mi' }, { cpu: '300m', memory: '256Mi' }, {}, { cpu: '1', memory: '1Gi' }, { cpu: '0', memory: '-1Mi' }];

/** podOf is a pod of object part `part` with requests `variant`; `extra` > 0 asks for that many more MiB (a shape of its own). */
function podOf(part: number, variant: number, serial: number, nodeName?: string, phase: 'Pending' | 'Running' = 'Pending', extra = 0): Pod {
  const tolerations: Toleration[] = [];
  if (part === 1) tolerations.push({ key: 'hard', operator: 'Exists' });
  if (part === 2) tolerations.push({ key: 'soft', operator: 'Exists' });
  const requests = extra > 0 ? { cpu: '100m', memory: `${64 + extra}Mi` } : REQUESTS[variant];
  const spec: Pod['spec'] = { containers: [{ name: 'c', image: 'app:1', resources: { requests } }] };
  if (tolerations.length) spec.tolerations = tolerations;
  if (part === 3) spec.nodeSelector = { zone: 'z1' };
  if (part === 4) spec.affinity = { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['z2'] }] } }] } };
  if (part === 5) spec.containers[0].ports = [{ containerPort: 80, hostPort: 8080 }];
  if (nodeName) spec.nodeName = nodeName;
  return deepFreeze({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `p-${serial}`, namespace: 'default', uid: `uid-p-${serial}` }, spec, status: { phase } });
}

/** Reader plugins, as a chapter asks readers to write them: pure functions of the pod and node. */
const READER_FILTER: FilterPlugin = {
  name: 'NoZoneZero',
  filter: (_pod, nodeInfo) => (nodeInfo.labels?.zone === 'z0' && nodeInfo.podCount > 1 ? { code: 'Unschedulable', reasons: ['zone z0 is for small nodes'] } : SUCCESS),
};
const READER_SCORE: ScorePlugin = { name: 'FewestPods', weight: 2, score: (_pod, nodeInfo) => Math.max(0, 100 - nodeInfo.podCount * 7) };

type Step =
  | { op: 'schedule'; part: number; variant: number; times: number }
  | { op: 'status'; pod: number; resize: boolean }
  | { op: 'delete'; pod: number }
  | { op: 'node'; node: number; change: Partial<NodeShape> }
  | { op: 'add' }
  | { op: 'remove'; node: number }
  | { op: 'weight'; plugin: number; weight: number }
  | { op: 'plugin'; change: number }
  | { op: 'percentage'; value: number }
  | { op: 'flood'; part: number; shapes: number };

class Harness {
  readonly cache = new SchedulerCache();
  readonly framework = Framework.withDefaults();
  readonly equivalence = new EquivalenceCache();
  readonly shapes = new Map<string, NodeShape>();
  /** Bound pods: the object the cache holds now, and its shape. */
  readonly bound: { pod: Pod; part: number; variant: number }[] = [];
  percentage = 0;
  start = 0;
  serial = 0;
  nextNode = 0;
  attempts = 0;

  constructor(count: number) {
    for (let i = 0; i < count; i++) this.addNode();
  }

  setNode(name: string, shape: NodeShape): void {
    this.shapes.set(name, shape);
    this.cache.setNode(nodeObject(name, shape));
  }

  addNode(): void {
    const i = this.nextNode++;
    this.setNode(`node-${String(i).padStart(3, '0')}`, { cpu: i % 4 === 1 ? 3 : 0, memory: i % 7 === 3 ? 1 : 0, zone: i % 3, taints: i % 5 === 4 ? 1 : 0, cordoned: false });
  }

  nameAt(n: number): string | undefined {
    const nodes = this.cache.nodeList();
    return nodes.length ? nodes[n % nodes.length].name : undefined;
  }

  schedule(part: number, variant: number, extra = 0): void {
    const pod = podOf(part, variant, this.serial++, undefined, 'Pending', extra);
    const nodes = this.cache.nodeList();
    const options = { percentageOfNodesToScore: this.percentage, startIndex: this.start };
    const plain = attemptSchedule(this.framework, pod, nodes, options);
    const cached = attemptSchedule(this.framework, pod, nodes, { ...options, equivalence: this.equivalence, board: this.cache.nodeBoard() });
    this.attempts++;
    expect([cached.selected, cached.evaluated, cached.feasible, cached.error]).toEqual([plain.selected, plain.evaluated, plain.feasible, plain.error]);
    if (!plain.selected && !plain.error && nodes.length) {
      expect(failedSchedulingMessage(nodes.length, failureMap(cached.filtered))).toBe(failedSchedulingMessage(nodes.length, failureMap(plain.filtered)));
    }
    if (nodes.length) this.start = (this.start + plain.evaluated) % nodes.length;
    if (!plain.selected) return;
    // Assumed, then confirmed by the watch (the in-place swap of a PodInfo on its node).
    this.cache.assume(podInfoOf(pod), plain.selected);
    const confirmed = podOf(part, variant, this.serial - 1, plain.selected, 'Running', extra);
    this.cache.setAssignedPod(confirmed);
    this.bound.push({ pod: confirmed, part, variant });
  }

  changePlugins(change: number): void {
    const names = this.framework.pluginNames();
    switch (change) {
      case 0:
        if (!names.filter.includes(READER_FILTER.name)) this.framework.addFilter(READER_FILTER);
        else this.framework.removePlugin(READER_FILTER.name);
        break;
      case 1:
        if (!names.score.includes(READER_SCORE.name)) this.framework.addScore(READER_SCORE);
        else this.framework.removePlugin(READER_SCORE.name);
        break;
      case 2:
        // A built-in replaced in place, then put back.
        TaintToleration.filter = TaintToleration.filter === TAINT_FILTER ? (pod: Pod, nodeInfo: NodeInfo) => TAINT_FILTER(pod, nodeInfo) : TAINT_FILTER;
        break;
      case 3:
        // A built-in removed, then added back (at the end of the filters).
        if (names.filter.includes(NodePorts.name)) this.framework.removePlugin(NodePorts.name);
        else this.framework.addFilter(NodePorts);
        break;
    }
  }

  play(step: Step): void {
    switch (step.op) {
      case 'schedule':
        for (let t = 0; t < step.times; t++) this.schedule(step.part, step.variant);
        break;
      case 'status': {
        // A status update of a bound pod, or (resize) one that asks for other resources.
        if (!this.bound.length) break;
        const at = step.pod % this.bound.length;
        const { pod, part, variant } = this.bound[at];
        const serial = Number(pod.metadata.name!.slice(2));
        const next = step.resize ? (variant + 1) % REQUESTS.length : variant;
        const updated = podOf(part, next, serial, pod.spec.nodeName, 'Running');
        this.cache.setAssignedPod(updated);
        this.bound[at] = { pod: updated, part, variant: next };
        break;
      }
      case 'delete':
        if (this.bound.length) this.cache.removePod(this.bound.splice(step.pod % this.bound.length, 1)[0].pod);
        break;
      case 'node': {
        const name = this.nameAt(step.node);
        if (name) this.setNode(name, { ...this.shapes.get(name)!, ...step.change });
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
      case 'weight':
        WEIGHTED[step.plugin].weight = step.weight;
        break;
      case 'plugin':
        this.changePlugins(step.change);
        break;
      case 'percentage':
        this.percentage = step.value;
        break;
      case 'flood':
        // Many shapes of one object part, twice each: entries recycled, object verdicts shared and evicted.
        for (let k = 1; k <= step.shapes; k++) for (let t = 0; t < 2; t++) this.schedule(step.part, 0, k);
        break;
    }
  }
}

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.record({ op: fc.constant('schedule' as const), part: fc.nat(OBJECT_PARTS - 1), variant: fc.nat(REQUESTS.length - 1), times: fc.integer({ min: 1, max: 6 }) }),
  },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('status' as const), pod: fc.nat(1000), resize: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), pod: fc.nat(1000) }) },
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('node' as const),
      node: fc.nat(1000),
      change: fc.oneof(
        fc.record({ cpu: fc.nat(CPUS.length - 1) }),
        fc.record({ memory: fc.nat(MEMORIES.length - 1) }),
        fc.record({ zone: fc.nat(2) }),
        fc.record({ taints: fc.nat(TAINT_SETS.length - 1) }),
        fc.record({ cordoned: fc.boolean() }),
      ),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ op: 'add' as const }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('remove' as const), node: fc.nat(1000) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('weight' as const), plugin: fc.nat(3), weight: fc.constantFrom(0, 1, 2, 5, 1.5) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('plugin' as const), change: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('percentage' as const), value: fc.constantFrom(0, 5, 30, 100) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('flood' as const), part: fc.nat(OBJECT_PARTS - 1), shapes: fc.integer({ min: 5, max: 300 }) }) },
);

describe('the indexed attempts’ shortcuts', () => {
  it('agree with the walk while step code changes plugins, weights, nodes and pods', () => {
    const totals = { attempts: 0, indexed: 0 };
    fc.assert(
      // The freeze guard off, as in the page: nothing frozen, every node taken as unchanging.
      fc.property(fc.array(stepArb, { minLength: 5, maxLength: 60 }), fc.oneof(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 20, max: 120 })), fc.boolean(), (steps, count, guard) => {
        WEIGHTED.forEach((plugin, i) => (plugin.weight = WEIGHTS[i]));
        TaintToleration.filter = TAINT_FILTER;
        setFreezeGuard(guard);
        const harness = new Harness(count);
        try {
          for (const step of steps) harness.play(step);
        } finally {
          setFreezeGuard(true);
        }
        totals.attempts += harness.attempts;
        totals.indexed += harness.equivalence.stats.indexed;
      }),
      { numRuns: Number(process.env.PATHS_RUNS ?? 60), seed: process.env.PATHS_SEED ? Number(process.env.PATHS_SEED) : undefined },
    );
    if (process.env.PATHS_RUNS) console.log(totals);
    // The runs reach the index, not only the walk it hands over to.
    expect(totals.indexed).toBeGreaterThan(totals.attempts / 10);
  });
});
