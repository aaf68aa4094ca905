import { describe, expect, it } from 'vitest';
import { failedSchedulingMessage } from './failure-message';
import { Framework } from './framework';
import { NodeInfo } from './node-info';
import { podInfoOf } from './pod-info';
import { numFeasibleNodesToFind, schedulePod } from './schedule-pod';
import { CONTROL_PLANE_TAINT, makeNode, makePod } from './testing';
import { SUCCESS, unschedulable, type FilterPlugin } from './types';

const infos = (...nodes: ReturnType<typeof makeNode>[]) => nodes.map((n) => new NodeInfo(n));

describe('schedulePod', () => {
  it('picks the emptiest node, and the same one every time', () => {
    const nodes = infos(makeNode('node-1'), makeNode('node-2'), makeNode('node-3'));
    nodes[0].addPod(podInfoOf(makePod('a', { cpu: '1', memory: '1Gi' })));
    nodes[2].addPod(podInfoOf(makePod('b', { cpu: '500m', memory: '512Mi' })));
    const framework = Framework.withDefaults();
    const pod = makePod('nginx', { cpu: '100m', memory: '128Mi' });
    const first = schedulePod(framework, pod, nodes);
    expect(first.selected).toBe('node-2');
    expect(first.feasible).toBe(3);
    for (let i = 0; i < 5; i++) expect(schedulePod(framework, pod, nodes).selected).toBe('node-2');
  });

  it('leaves out a filter whose skip says it passes every node, but still runs it when tracing', () => {
    const nodes = infos(makeNode('node-1'), makeNode('node-2'));
    let calls = 0;
    const counting: FilterPlugin = {
      name: 'Counting',
      skip: (pod) => !pod.metadata.labels?.checked,
      filter: () => (calls++, SUCCESS),
    };
    const framework = Framework.withDefaults().addFilter(counting);
    expect(schedulePod(framework, makePod('p'), nodes).selected).toBe('node-1');
    expect(calls).toBe(0);
    const labelled = makePod('q');
    labelled.metadata.labels = { checked: 'yes' };
    schedulePod(framework, labelled, nodes);
    expect(calls).toBe(2);
    const traced = schedulePod(framework, makePod('r'), nodes, { detail: true });
    expect(calls).toBe(4);
    expect(traced.nodes![0].filter.Counting).toBe('passed');
  });

  it('breaks ties by node name', () => {
    const nodes = infos(makeNode('node-b'), makeNode('node-c'), makeNode('node-a'));
    expect(schedulePod(Framework.withDefaults(), makePod('p'), nodes).selected).toBe('node-a');
  });

  it('records every plugin verdict and weighted score per node when asked', () => {
    const nodes = infos(makeNode('cp', { taints: [CONTROL_PLANE_TAINT] }), makeNode('w1'), makeNode('w2'));
    const result = schedulePod(Framework.withDefaults(), makePod('p'), nodes, { detail: true });
    const cp = result.nodes!.find((n) => n.node === 'cp')!;
    expect(cp.filter).toEqual({
      NodeUnschedulable: 'passed',
      NodeName: 'passed',
      TaintToleration: 'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }',
    });
    const w1 = result.nodes!.find((n) => n.node === 'w1')!;
    expect(Object.keys(w1.score!)).toEqual(['TaintToleration', 'NodeAffinity', 'NodeResourcesFit', 'NodeResourcesBalancedAllocation']);
    expect(w1.score!.TaintToleration).toEqual({ raw: 0, normalized: 100, weighted: 300 });
    // Taints 100×3, no affinity, LeastAllocated 97, balance 99 (100m/4 cores vs 200Mi/8Gi).
    expect(w1.total).toBe(300 + 0 + 97 + 99);
    expect(JSON.parse(JSON.stringify(result.nodes))).toEqual(result.nodes);
  });

  it('reports a throwing plugin by name instead of throwing', () => {
    const framework = Framework.withDefaults();
    framework.addFilter({
      name: 'Broken',
      filter(_pod, nodeInfo) {
        return (nodeInfo.node.metadata.labels as Record<string, string>).missing!.length ? SUCCESS : SUCCESS;
      },
    } satisfies FilterPlugin);
    const result = schedulePod(framework, makePod('p'), infos(makeNode('n1')));
    expect(result.selected).toBeUndefined();
    expect(result.error).toMatch(/^running "Broken" filter plugin: .*length/);
  });

  it('runs a reader plugin added to the framework ("only nodes labelled disk=ssd")', () => {
    const framework = Framework.withDefaults();
    framework.addFilter({
      name: 'DiskSSD',
      filter: (_pod, nodeInfo) => (nodeInfo.node.metadata.labels?.disk === 'ssd' ? SUCCESS : unschedulable('node(s) had no SSD')),
    });
    const nodes = infos(makeNode('a'), makeNode('b', { labels: { disk: 'ssd' } }), makeNode('c'));
    const result = schedulePod(framework, makePod('p'), nodes);
    expect(result.selected).toBe('b');
    expect([...result.failures.values()].map((s) => [s.plugin, s.reasons])).toEqual([
      ['DiskSSD', ['node(s) had no SSD']],
      ['DiskSSD', ['node(s) had no SSD']],
    ]);
    expect(framework.removePlugin('DiskSSD')).toBe(true);
    expect(schedulePod(framework, makePod('p'), nodes).selected).toBe('a');
  });
});

describe('failedSchedulingMessage', () => {
  it('counts, sorts and joins reasons like kube-scheduler, then adds the preemption verdicts', () => {
    const nodes = infos(
      makeNode('cp', { taints: [CONTROL_PLANE_TAINT] }),
      makeNode('w1', { cpu: '1' }),
      makeNode('w2', { taints: [CONTROL_PLANE_TAINT] }),
    );
    const result = schedulePod(Framework.withDefaults(), makePod('big', { cpu: '2' }), nodes);
    expect(failedSchedulingMessage(3, result.failures)).toBe(
      '0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. ' +
        'preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling..',
    );
  });

  it('sorts "10 …" before "2 …" as Go sort.Strings does', () => {
    const failures = new Map<string, ReturnType<typeof unschedulable>>();
    for (let i = 0; i < 10; i++) failures.set(`a${i}`, unschedulable('Insufficient memory'));
    for (let i = 0; i < 2; i++) failures.set(`b${i}`, unschedulable('Insufficient cpu'));
    expect(failedSchedulingMessage(12, failures, 'Never')).toBe(
      '0/12 nodes are available: 10 Insufficient memory, 2 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never..',
    );
  });
});

describe('CycleState', () => {
  it("gives every attempt values of its own, shared by that attempt's filters and scores", () => {
    const nodes = infos(makeNode('node-1'), makeNode('node-2'));
    const seen: unknown[] = [];
    const framework = Framework.withDefaults()
      .addFilter({
        name: 'Remember',
        filter: (pod, _node, state) => {
          if (!state.values.has('pod')) state.values.set('pod', pod.metadata.name);
          return SUCCESS;
        },
      })
      .addScore({ name: 'Recall', weight: 1, score: (_pod, _node, state) => (seen.push(state.values.get('pod')), 0) });
    schedulePod(framework, makePod('first'), nodes);
    schedulePod(framework, makePod('second'), nodes);
    expect(seen).toEqual(['first', 'first', 'second', 'second']);
  });
});

describe('numFeasibleNodesToFind', () => {
  it('looks at every node in small clusters and a shrinking share in large ones', () => {
    expect(numFeasibleNodesToFind(0, 3)).toBe(3);
    expect(numFeasibleNodesToFind(0, 99)).toBe(99);
    expect(numFeasibleNodesToFind(0, 1000)).toBe(420);
    expect(numFeasibleNodesToFind(0, 5000)).toBe(500);
    expect(numFeasibleNodesToFind(100, 1000)).toBe(1000);
  });
});
