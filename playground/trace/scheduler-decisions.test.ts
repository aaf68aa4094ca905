import { describe, expect, it } from 'vitest';
import type { TraceEntry } from '../cluster/sim/trace';
import { kubectlRunNginx, schedulerData } from './fixtures.test-data';
import { schedulingAttempts } from './scheduler-decisions';

describe('schedulingAttempts', () => {
  it('shows which filter rejected which node and how the others scored', () => {
    const [attempt, ...rest] = schedulingAttempts(kubectlRunNginx);
    expect(rest).toEqual([]);
    expect(attempt).toMatchObject({ t: 13, pod: 'default/nginx', outcome: 'scheduled', selected: 'node-1' });
    expect(attempt.filterPlugins).toEqual(['NodeUnschedulable', 'NodeName', 'TaintToleration', 'NodeResourcesFit']);
    expect(attempt.scorePlugins).toEqual(['TaintToleration', 'NodeResourcesFit', 'NodeResourcesBalancedAllocation']);
    expect(attempt.weights).toEqual({ TaintToleration: 3, NodeResourcesFit: 1, NodeResourcesBalancedAllocation: 1 });
    expect(attempt.attempt).toBe(1);
    const [node1, node2] = attempt.nodes;
    expect(node1).toMatchObject({ node: 'node-1', feasible: true, selected: true, total: 392 });
    expect(node1.scores).toEqual([
      { plugin: 'TaintToleration', raw: 0, normalized: 100, weighted: 300 },
      { plugin: 'NodeResourcesFit', raw: 92, normalized: 92, weighted: 92 },
    ]);
    expect(node2).toMatchObject({ node: 'node-2', feasible: false, selected: false, rejectedBy: 'TaintToleration', reason: 'node(s) had untolerated taint {dedicated: gpu}' });
    expect(node2.filters.map((f) => f.verdict)).toEqual(['passed', 'passed', 'failed', 'not run']);
    expect(node2.scores).toEqual([]);
  });

  it('reports an unschedulable pod with the FailedScheduling message', () => {
    const entry: TraceEntry = {
      t: 5,
      kind: 'action',
      from: 'kube-scheduler',
      to: 'kube-scheduler',
      action: 'schedule',
      summary: 'default/big: 0/1 nodes are available',
      data: {
        pod: { metadata: { namespace: 'default', name: 'big' } },
        message: '0/1 nodes are available: 1 Insufficient cpu.',
        selected: null,
        nodes: [{ node: 'node-1', filter: { NodeResourcesFit: 'Insufficient cpu' } }],
      },
    };
    const [attempt] = schedulingAttempts([entry]);
    expect(attempt).toMatchObject({ pod: 'default/big', outcome: 'unschedulable', message: '0/1 nodes are available: 1 Insufficient cpu.' });
    expect(attempt.selected).toBeUndefined();
    expect(attempt.nodes[0]).toMatchObject({ feasible: false, rejectedBy: 'NodeResourcesFit' });
  });

  it('reports a plugin error as an error outcome', () => {
    const entry: TraceEntry = {
      t: 5, kind: 'action', from: 'kube-scheduler', to: 'kube-scheduler', action: 'schedule', summary: 'default/x',
      data: { pod: 'default/x', error: 'running "Mine" filter plugin: boom', nodes: [{ node: 'n', filter: { Mine: 'boom' } }] },
    };
    expect(schedulingAttempts([entry])[0]).toMatchObject({ outcome: 'error', message: 'running "Mine" filter plugin: boom' });
  });

  it('ignores other components and scheduler actions without decision data', () => {
    const entries: TraceEntry[] = [
      { t: 1, kind: 'action', from: 'kubelet/node-1', to: 'kubelet/node-1', action: 'schedule', summary: 'x', data: schedulerData },
      { t: 2, kind: 'action', from: 'kube-scheduler', to: 'kube-scheduler', action: 'started', summary: 'watching pods' },
    ];
    expect(schedulingAttempts(entries)).toEqual([]);
  });
});
