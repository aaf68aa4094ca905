/**
 * The untraced scheduling path takes shortcuts (shared failure statuses, constant scores, one try
 * around the filter walk). These tests pin that the shortcuts give what the traced path gives.
 */
import { describe, expect, it } from 'vitest';
import { Framework } from './framework';
import { NodeInfo } from './node-info';
import { NodeAffinity } from './plugins/node-affinity';
import { TaintToleration } from './plugins/taint-toleration';
import { schedulePod } from './schedule-pod';
import { makeNode, makePod } from './testing';
import { SUCCESS, unresolvable, type FilterPlugin, type PluginStatus, type ScorePlugin } from './types';

const infos = (...nodes: ReturnType<typeof makeNode>[]) => nodes.map((n) => new NodeInfo(n));

describe('shared failure statuses', () => {
  it('names a built-in failure once and shares it across nodes, frozen', () => {
    const nodes = infos(makeNode('a'), makeNode('b'), makeNode('c', { labels: { disk: 'ssd' } }));
    const result = schedulePod(Framework.withDefaults(), makePod('p', { nodeSelector: { disk: 'ssd' } }), nodes);
    expect(result.selected).toBe('c');
    const [first, second] = [...result.failures.values()];
    expect(first).toEqual({ code: 'UnschedulableAndUnresolvable', reasons: ["node(s) didn't match Pod's node affinity/selector"], plugin: 'NodeAffinity' });
    expect(second).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    // Called directly, the plugin still answers without a plugin name.
    expect(NodeAffinity.filter(makePod('q', { nodeSelector: { disk: 'ssd' } }), nodes[0])).toEqual({
      code: 'UnschedulableAndUnresolvable',
      reasons: ["node(s) didn't match Pod's node affinity/selector"],
    });
  });

  it('copies a mutable status per node, so a plugin that reuses one object keeps each reason', () => {
    const reused: { code: 'Unschedulable'; reasons: string[] } = { code: 'Unschedulable', reasons: [] };
    const perNode: FilterPlugin = {
      name: 'PerNode',
      filter: (_pod, nodeInfo) => {
        if (nodeInfo.name === 'ok') return SUCCESS;
        reused.reasons = [`no room on ${nodeInfo.name}`];
        return reused;
      },
    };
    const framework = Framework.withDefaults().addFilter(perNode);
    const result = schedulePod(framework, makePod('p'), infos(makeNode('x'), makeNode('y'), makeNode('ok')));
    expect([...result.failures].map(([node, status]) => [node, status.plugin, status.reasons])).toEqual([
      ['x', 'PerNode', ['no room on x']],
      ['y', 'PerNode', ['no room on y']],
    ]);
  });

  it('gives the same failures, node for node, with and without a trace', () => {
    const frozen = Object.freeze(unresolvable('node(s) were odd'));
    const odd: FilterPlugin = { name: 'Odd', filter: (_pod, nodeInfo) => (Number(nodeInfo.name.slice(1)) % 2 ? frozen : SUCCESS) };
    const framework = Framework.withDefaults().addFilter(odd);
    const nodes = infos(...Array.from({ length: 6 }, (_, i) => makeNode(`n${i}`, i === 4 ? { cpu: '100m' } : {})));
    const pod = makePod('p', { cpu: '500m' });
    const plain = schedulePod(framework, pod, nodes);
    const traced = schedulePod(framework, pod, nodes, { detail: true });
    const summary = (failures: Map<string, PluginStatus>) => [...failures].map(([node, s]) => [node, s.plugin, s.code, s.reasons]);
    expect(summary(plain.failures)).toEqual(summary(traced.failures));
    expect(summary(plain.failures).map(([node, plugin]) => `${node}:${plugin}`)).toEqual(['n1:Odd', 'n3:Odd', 'n4:NodeResourcesFit', 'n5:Odd']);
    expect(plain.selected).toBe(traced.selected);
  });
});

describe('filter errors', () => {
  it('stops at the node whose plugin threw and names the plugin', () => {
    const framework = Framework.withDefaults().addFilter({
      name: 'Fragile',
      filter: (_pod, nodeInfo) => {
        if (nodeInfo.name === 'n2') throw new Error('label missing');
        return SUCCESS;
      },
    });
    const result = schedulePod(framework, makePod('p'), infos(makeNode('n1'), makeNode('n2'), makeNode('n3')));
    expect(result).toMatchObject({ evaluated: 2, feasible: 1, error: 'running "Fragile" filter plugin: label missing' });
    expect(result.selected).toBeUndefined();
  });

  it('reports a malformed answer the same way as before the shortcut', () => {
    const framework = Framework.withDefaults().addFilter({ name: 'Sloppy', filter: () => ({ code: 'Maybe' }) as unknown as PluginStatus });
    const result = schedulePod(framework, makePod('p'), infos(makeNode('n1')));
    expect(result.error).toBe(
      `running "Sloppy" filter plugin: it returned {"code":"Maybe"}; expected a status such as { code: 'Success' } or { code: 'Unschedulable', reasons: ['…'] }`,
    );
  });
});

describe('constant scores', () => {
  function counting(constant: number | undefined): ScorePlugin & { calls: number } {
    return {
      name: 'Flat',
      weight: 2,
      calls: 0,
      score() {
        this.calls++;
        return 40;
      },
      constantScore: () => constant,
    };
  }

  it('skips per-node scoring for a plugin that declares a constant score, and picks the same node', () => {
    const nodes = infos(makeNode('n1', { cpu: '2' }), makeNode('n2', { cpu: '8' }), makeNode('n3', { cpu: '4' }));
    const flat = counting(40);
    const withConstant = schedulePod(Framework.withDefaults().addScore(flat), makePod('p', { cpu: '1' }), nodes);
    expect(flat.calls).toBe(0);
    const perNode = counting(undefined);
    const withoutConstant = schedulePod(Framework.withDefaults().addScore(perNode), makePod('p', { cpu: '1' }), nodes);
    expect(perNode.calls).toBe(3);
    expect(withConstant.selected).toBe('n2');
    expect(withConstant.selected).toBe(withoutConstant.selected);
  });

  it('scores node by node when tracing, or when the constant is out of range', () => {
    const nodes = infos(makeNode('n1'), makeNode('n2'));
    const traced = counting(40);
    const result = schedulePod(Framework.withDefaults().addScore(traced), makePod('p'), nodes, { detail: true });
    expect(traced.calls).toBe(2);
    expect(result.nodes![0].score!.Flat).toEqual({ raw: 40, normalized: 40, weighted: 80 });
    const outOfRange = counting(250);
    schedulePod(Framework.withDefaults().addScore(outOfRange), makePod('p'), nodes);
    expect(outOfRange.calls).toBe(2);
  });

  it('built-in constants: NodeAffinity without preferences scores 0, TaintToleration without soft taints 100', () => {
    const plain = infos(makeNode('a'), makeNode('b'));
    const soft = infos(makeNode('a'), makeNode('s', { taints: [{ key: 'spot', effect: 'PreferNoSchedule' }] }));
    expect(NodeAffinity.constantScore(makePod('p'))).toBe(0);
    const preferring = makePod('q');
    preferring.spec.affinity = {
      nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, preference: { matchExpressions: [{ key: 'disk', operator: 'Exists' }] } }] },
    };
    expect(NodeAffinity.constantScore(preferring)).toBeUndefined();
    expect(TaintToleration.constantScore(makePod('p'), plain)).toBe(100);
    expect(TaintToleration.constantScore(makePod('p'), soft)).toBeUndefined();
  });
});
