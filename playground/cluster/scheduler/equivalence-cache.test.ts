import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Node, Pod, Taint } from '../api/types';
import type { SimContext } from '../sim/context';
import { deepFreeze, setFreezeGuard } from '../sim/freeze';
import { SeededIds } from '../sim/ids';
import { EventLoop } from '../sim/loop';
import { Trace } from '../sim/trace';
import { EquivalenceCache } from './equivalence-cache';
import { Framework } from './framework';
import { NodeInfo } from './node-info';
import { podInfoOf } from './pod-info';
import { NodeAffinity } from './plugins/node-affinity';
import { NodeResourcesBalancedAllocation } from './plugins/node-resources-balanced-allocation';
import { NodeResourcesFit } from './plugins/node-resources-fit';
import { TaintToleration } from './plugins/taint-toleration';
import { attemptSchedule, failureMap } from './schedule-pod';
import { Scheduler } from './scheduler';
import { StubApiClient } from './stub-client';
import { unschedulable, SUCCESS } from './types';

/**
 * The equivalence cache must change nothing a user can see. Each scenario runs twice, with the
 * cache off and on, and everything the scheduler wrote is compared: the bindings in order, and
 * every Event and status patch (bodies and all).
 */
/** One step of a scenario; node and pod numbers are taken modulo what exists. */
type Op =
  | { op: 'pods'; count: number }
  | { op: 'run' }
  | { op: 'wait'; ms: number }
  | { op: 'cordon'; node: number; on: boolean }
  | { op: 'relabel'; node: number; zone: number }
  | { op: 'taint'; node: number; taint: number }
  | { op: 'resize'; node: number; cpu: string }
  | { op: 'deleteBound'; count: number }
  | { op: 'addNode' }
  | { op: 'removeNode'; node: number }
  | { op: 'running'; count: number }
  | { op: 'inPlaceLabel'; node: number; zone: number };

const TAINTS: (Taint | undefined)[] = [
  undefined,
  { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' },
  { key: 'spot', effect: 'PreferNoSchedule' },
  { key: 'maintenance', effect: 'NoExecute' },
];

interface NodeState {
  name: string;
  cpu: string;
  memory: string;
  pods: string;
  zone: number;
  disk: string;
  taint: number;
  unschedulable: boolean;
}

function nodeState(i: number): NodeState {
  return {
    name: `node-${String(i).padStart(3, '0')}`,
    cpu: i % 6 === 0 ? '1' : '4',
    memory: i % 9 === 0 ? '1Gi' : '16Gi',
    pods: i % 7 === 0 ? '3' : '30',
    zone: i % 3,
    disk: i % 2 === 0 ? 'ssd' : 'hdd',
    taint: i % 10 === 9 ? 1 : i % 15 === 4 ? 2 : i % 25 === 11 ? 3 : 0,
    unschedulable: false,
  };
}

function nodeObject(state: NodeState, freeze: boolean): Node {
  const taint = TAINTS[state.taint];
  const allocatable = { cpu: state.cpu, memory: state.memory, pods: state.pods };
  const node: Node = {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: state.name, uid: `uid-${state.name}`, labels: { 'topology.kubernetes.io/zone': `zone-${'abc'[state.zone]}`, disk: state.disk } },
    spec: { ...(taint ? { taints: [taint] } : {}), ...(state.unschedulable ? { unschedulable: true } : {}) },
    status: { capacity: allocatable, allocatable },
  };
  return freeze ? deepFreeze(node) : node;
}

/** podObject is pod number `i`: the bench's mix, plus host ports, other selectors and misfits. */
function podObject(i: number, freeze: boolean): Pod {
  const zone = `zone-${'abc'[i % 3]}`;
  const requests: Record<string, string> | undefined =
    i % 11 === 0 ? undefined : i % 37 === 0 ? { cpu: '40' } : { cpu: `${100 + (i % 5) * 100}m`, memory: `${128 * (1 + (i % 4))}Mi` };
  const spec: Pod['spec'] = {
    schedulerName: 'default-scheduler',
    containers: [{ name: 'app', image: 'app:1', ...(requests ? { resources: { requests } } : {}) }],
  };
  if (i % 31 === 9) spec.containers[0].ports = [{ containerPort: 80, hostPort: 8080, ...(i % 2 ? { protocol: 'UDP' } : {}) }];
  if (i % 10 === 3) spec.tolerations = [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }];
  if (i % 17 === 5) spec.tolerations = [{ operator: 'Exists' }];
  if (i % 13 === 4) spec.tolerations = [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }];
  if (i % 5 === 1) {
    const term = { matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In' as const, values: [zone] }] };
    spec.affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [term] } } };
  } else if (i % 10 === 2) {
    const preference = { matchExpressions: [{ key: 'disk', operator: 'In' as const, values: ['ssd'] }] };
    spec.affinity = { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, preference }] } };
  } else if (i % 23 === 7) {
    const term = { matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'NotIn' as const, values: [zone] }, { key: 'disk', operator: 'Exists' as const }] };
    spec.affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [term] } } };
  }
  if (i % 29 === 8) spec.nodeSelector = { disk: 'hdd' };
  if (i % 41 === 10) spec.nodeSelector = { disk: 'nvme' };
  const pod: Pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: `pod-${i}`, namespace: 'default', uid: `uid-pod-${i}` }, spec, status: { phase: 'Pending' } };
  return freeze ? deepFreeze(pod) : pod;
}

interface Options {
  nodes: number;
  percentageOfNodesToScore: number;
  freeze: boolean;
  configure?: (scheduler: Scheduler) => void;
}

/** runScenario plays the ops against a scheduler and returns everything it wrote. */
function runScenario(ops: readonly Op[], options: Options, equivalenceCache: boolean) {
  const loop = new EventLoop();
  const trace = new Trace(() => loop.now());
  trace.enabled = false;
  const ctx: SimContext = { loop, trace, ids: new SeededIds(3) };
  const client = new StubApiClient(ctx);
  const scheduler = new Scheduler(client, ctx, { percentageOfNodesToScore: options.percentageOfNodesToScore, equivalenceCache });
  options.configure?.(scheduler);
  scheduler.start();
  loop.runUntilQuiet();
  const nodes: NodeState[] = [];
  const nodeObjects = new Map<string, Node>();
  const emitNode = (state: NodeState, type: 'ADDED' | 'MODIFIED') => {
    const node = nodeObject(state, options.freeze);
    nodeObjects.set(state.name, node);
    client.emit('nodes', type, node);
  };
  for (let i = 0; i < options.nodes; i++) {
    nodes.push(nodeState(i));
    emitNode(nodes[i], 'ADDED');
  }
  const latest = new Map<string, Pod>();
  const bound: string[] = [];
  let nextPod = 0;
  let nextNode = options.nodes;
  const update = (key: string, change: (pod: Pod) => Pod) => {
    const pod = change(latest.get(key)!);
    latest.set(key, options.freeze ? deepFreeze(pod) : pod);
    client.emit('pods', 'MODIFIED', latest.get(key)!);
  };
  // The API server confirms every binding with a pod that has its node.
  client.onBind = (key, node) => {
    bound.push(key);
    update(key, (pod) => ({ ...pod, metadata: { ...pod.metadata, resourceVersion: `${bound.length}` }, spec: { ...pod.spec, nodeName: node } }));
  };
  const at = (n: number) => nodes[n % nodes.length];
  for (const step of ops) {
    switch (step.op) {
      case 'pods':
        for (let i = 0; i < step.count; i++, nextPod++) {
          const pod = podObject(nextPod, options.freeze);
          latest.set(`default/${pod.metadata.name}`, pod);
          client.emit('pods', 'ADDED', pod);
        }
        break;
      case 'run':
        loop.runUntilQuiet();
        break;
      case 'wait':
        loop.advanceTo(loop.now() + step.ms);
        break;
      case 'cordon':
        if (nodes.length) emitNode(Object.assign(at(step.node), { unschedulable: step.on }), 'MODIFIED');
        break;
      case 'relabel':
        if (nodes.length) emitNode(Object.assign(at(step.node), { zone: step.zone % 3 }), 'MODIFIED');
        break;
      case 'taint':
        if (nodes.length) emitNode(Object.assign(at(step.node), { taint: step.taint % TAINTS.length }), 'MODIFIED');
        break;
      case 'resize':
        if (nodes.length) emitNode(Object.assign(at(step.node), { cpu: step.cpu }), 'MODIFIED');
        break;
      case 'deleteBound':
        for (const key of bound.splice(0, step.count)) client.emit('pods', 'DELETED', latest.get(key)!);
        break;
      case 'addNode':
        nodes.push(nodeState(nextNode++));
        emitNode(nodes[nodes.length - 1], 'ADDED');
        break;
      case 'removeNode':
        if (nodes.length > 1) {
          const [gone] = nodes.splice(step.node % nodes.length, 1);
          client.emit('nodes', 'DELETED', nodeObjects.get(gone.name)!);
        }
        break;
      case 'running':
        for (const key of bound.slice(-step.count)) update(key, (pod) => ({ ...pod, status: { phase: 'Running' } }));
        break;
      case 'inPlaceLabel': {
        // Only possible on objects nobody froze: the scheduler must see the change all the same.
        const node = nodes.length ? nodeObjects.get(at(step.node).name) : undefined;
        if (node && !Object.isFrozen(node.metadata.labels)) node.metadata.labels!['topology.kubernetes.io/zone'] = `zone-${'abc'[step.zone % 3]}`;
        break;
      }
    }
  }
  loop.runUntilQuiet();
  return {
    written: { bindings: client.bindings, bodies: client.bodies, writes: client.writes, queue: scheduler.queue.snapshot() },
    stats: scheduler.equivalence?.stats,
  };
}

function compare(ops: readonly Op[], options: Options) {
  const off = runScenario(ops, options, false);
  const on = runScenario(ops, options, true);
  expect(JSON.stringify(on.written)).toBe(JSON.stringify(off.written));
  return { off, on };
}

/** The scripted scenario: the bench's mix, then everything that changes nodes and pods. */
const SCRIPT: Op[] = [
  { op: 'pods', count: 150 },
  { op: 'run' },
  { op: 'running', count: 40 },
  { op: 'cordon', node: 3, on: true },
  { op: 'cordon', node: 40, on: true },
  { op: 'pods', count: 60 },
  { op: 'run' },
  { op: 'relabel', node: 5, zone: 1 },
  { op: 'taint', node: 6, taint: 2 },
  { op: 'taint', node: 9, taint: 0 },
  { op: 'resize', node: 12, cpu: '500m' },
  { op: 'pods', count: 80 },
  { op: 'run' },
  { op: 'cordon', node: 3, on: false },
  { op: 'deleteBound', count: 30 },
  { op: 'wait', ms: 20_000 },
  { op: 'run' },
  { op: 'removeNode', node: 20 },
  { op: 'addNode' },
  { op: 'addNode' },
  { op: 'pods', count: 110 },
  { op: 'run' },
  { op: 'inPlaceLabel', node: 7, zone: 2 },
  { op: 'pods', count: 60 },
  { op: 'wait', ms: 310_000 },
  { op: 'run' },
];

describe('equivalence cache', () => {
  it('changes no binding, Event or status patch on 160 nodes with partial walks', () => {
    const { off, on } = compare(SCRIPT, { nodes: 160, percentageOfNodesToScore: 30, freeze: true });
    expect(off.stats).toBeUndefined();
    // Many nodes' verdicts come from the cache, and some pods fail (the scenario exercises both).
    expect(on.stats!.cached).toBeGreaterThan(on.stats!.attempts / 2);
    expect(on.stats!.walked - on.stats!.misses).toBeGreaterThan(on.stats!.walked / 4);
    // Most cached attempts are answered by the node index (soft taints normalized and all).
    expect(on.stats!.indexed).toBeGreaterThan(on.stats!.cached / 3);
    expect(on.written.bodies.some((b) => JSON.stringify(b.body).includes('FailedScheduling'))).toBe(true);
    expect(on.written.bindings.length).toBeGreaterThan(300);
  });

  it('changes nothing on 60 nodes (every node walked), unfrozen objects changed in place', () => {
    const { on } = compare(SCRIPT, { nodes: 60, percentageOfNodesToScore: 0, freeze: false });
    // With the freeze guard on, unfrozen nodes may change behind the scheduler's back: never cached.
    expect(on.stats!.misses).toBe(on.stats!.walked);
  });

  it('changes nothing with the freeze guard off, as in the page', () => {
    setFreezeGuard(false);
    try {
      const { on } = compare(SCRIPT.slice(0, -4), { nodes: 120, percentageOfNodesToScore: 0, freeze: false });
      expect(on.stats!.walked - on.stats!.misses).toBeGreaterThan(on.stats!.walked / 4);
    } finally {
      setFreezeGuard(true);
    }
  });

  // Fractional weights take scorePhase over cached raw scores; whole ones the one-pass sums.
  it.each([
    [2.5, 0.3, 2, 3],
    [2, 5, 0, 40],
  ])('weighs scores as without it, weights changed in place to %s, %s, %s, %s and a constant score last', (fit, balanced, affinity, taint) => {
    const plugins = [NodeResourcesFit, NodeResourcesBalancedAllocation, NodeAffinity, TaintToleration] as { weight: number }[];
    const weights = plugins.map((plugin) => plugin.weight);
    [fit, balanced, affinity, taint].forEach((weight, i) => (plugins[i].weight = weight));
    try {
      const { on } = compare(SCRIPT, {
        nodes: 150,
        percentageOfNodesToScore: 40,
        freeze: true,
        configure: (s) => {
          s.framework.removePlugin('TaintToleration');
          s.framework.addFilter(TaintToleration, { before: 'NodeAffinity' }).addScore(TaintToleration);
        },
      });
      expect(on.stats!.cached).toBeGreaterThan(on.stats!.attempts / 2);
    } finally {
      weights.forEach((weight, i) => (plugins[i].weight = weight));
    }
  });

  it('selects as attemptSchedule does without it on a node list not sorted by name', () => {
    const nodeList = (freeze: boolean) =>
      [5, 3, 8, 1, 9, 0, 4, 7, 2, 6, 15, 12, 19, 11, 10, 14, 18, 13, 17, 16].map((i) => new NodeInfo(nodeObject(nodeState(i), freeze)));
    for (const freeze of [true, false]) {
      const plain = nodeList(freeze);
      const cached = nodeList(freeze);
      const equivalence = new EquivalenceCache();
      const framework = Framework.withDefaults();
      for (let i = 0; i < 120; i++) {
        const pod = podObject(i, freeze);
        const options = { startIndex: i * 7 };
        const without = attemptSchedule(framework, pod, plain, options);
        const withCache = attemptSchedule(framework, pod, cached, { ...options, equivalence });
        expect([withCache.selected, withCache.evaluated, withCache.feasible]).toEqual([without.selected, without.evaluated, without.feasible]);
        // The rejected nodes are gathered only when they are needed: when no node is selected.
        if (!without.selected) expect([...failureMap(withCache.filtered)]).toEqual([...failureMap(without.filtered)]);
        if (without.selected) {
          plain.find((n) => n.name === without.selected)!.addPod(podInfoOf(pod));
          cached.find((n) => n.name === without.selected)!.addPod(podInfoOf(pod));
        }
      }
      expect(equivalence.stats.cached).toBeGreaterThan(40);
    }
  });

  it('gives a shape an entry at once while there is room, and once full only to a shape seen again', () => {
    const nodes = Array.from({ length: 30 }, (_, i) => new NodeInfo(nodeObject(nodeState(i), true)));
    const equivalence = new EquivalenceCache();
    const framework = Framework.withDefaults();
    const attempt = (name: string, memory: string) => {
      const pod = { ...podObject(0, false), metadata: { name, namespace: 'default', uid: name } };
      pod.spec.containers[0].resources = { requests: { memory } };
      return attemptSchedule(framework, deepFreeze(pod), nodes, { equivalence });
    };
    // 30 nodes: room for 256 shapes (MAX_SHAPES), each filled by a walk of every node.
    for (let i = 0; i < 256; i++) attempt(`distinct-${i}`, `${100 + i}Mi`);
    expect(equivalence.stats).toMatchObject({ attempts: 256, cached: 256, walked: 256 * 30, misses: 256 * 30 });
    // Full: a shape seen once runs without the cache.
    for (let i = 0; i < 50; i++) attempt(`more-${i}`, `${1000 + i}Mi`);
    expect(equivalence.stats).toMatchObject({ attempts: 306, cached: 256, walked: 256 * 30 });
    // Seen again: an entry (the least recently used one's, cleared), filled; then used, nothing missed.
    attempt('again', '1000Mi');
    attempt('and-again', '1000Mi');
    expect(equivalence.stats).toMatchObject({ attempts: 308, cached: 258, walked: 258 * 30, misses: 257 * 30 });
  });

  it('runs every plugin while step code has added a plugin or replaced a built-in', () => {
    const custom = compare(SCRIPT.slice(0, 8), {
      nodes: 80,
      percentageOfNodesToScore: 0,
      freeze: true,
      configure: (s) => s.framework.addFilter({ name: 'NoSsd', filter: (_pod, node) => (node.label('disk') === 'ssd' ? unschedulable('ssd') : SUCCESS) }),
    });
    expect(custom.on.stats!.cached).toBe(0);
    const copy = compare(SCRIPT.slice(0, 8), {
      nodes: 80,
      percentageOfNodesToScore: 0,
      freeze: true,
      configure: (s) => s.framework.removePlugin('NodeResourcesFit') && s.framework.addPlugin({ ...NodeResourcesFit, score: () => 7 }),
    });
    expect(copy.on.stats!.cached).toBe(0);
    const original = TaintToleration.filter;
    TaintToleration.filter = (pod, nodeInfo) => (nodeInfo.name.endsWith('1') ? unschedulable('ends in 1') : original(pod, nodeInfo));
    try {
      const replaced = compare(SCRIPT.slice(0, 8), { nodes: 80, percentageOfNodesToScore: 0, freeze: true });
      expect(replaced.on.stats!.cached).toBe(0);
      expect(replaced.on.written.bindings.some((b) => b.node.endsWith('1'))).toBe(false);
    } finally {
      TaintToleration.filter = original;
    }
  });

  it('changes nothing for random sequences of node and pod changes', () => {
    const opArb: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ op: fc.constant('pods' as const), count: fc.integer({ min: 1, max: 60 }) }),
      fc.constant({ op: 'run' as const }),
      fc.record({ op: fc.constant('wait' as const), ms: fc.integer({ min: 1000, max: 400_000 }) }),
      fc.record({ op: fc.constant('cordon' as const), node: fc.nat(200), on: fc.boolean() }),
      fc.record({ op: fc.constant('relabel' as const), node: fc.nat(200), zone: fc.nat(2) }),
      fc.record({ op: fc.constant('taint' as const), node: fc.nat(200), taint: fc.nat(3) }),
      fc.record({ op: fc.constant('resize' as const), node: fc.nat(200), cpu: fc.constantFrom('500m', '1', '4', '16') }),
      fc.record({ op: fc.constant('deleteBound' as const), count: fc.integer({ min: 1, max: 20 }) }),
      fc.constant({ op: 'addNode' as const }),
      fc.record({ op: fc.constant('removeNode' as const), node: fc.nat(200) }),
      fc.record({ op: fc.constant('running' as const), count: fc.integer({ min: 1, max: 20 }) }),
    );
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 5, maxLength: 25 }), fc.constantFrom(0, 20, 50), (ops, percentage) => {
        compare([...ops, { op: 'run' }], { nodes: 130, percentageOfNodesToScore: percentage, freeze: true });
      }),
      { numRuns: 25 },
    );
  });
});
