import { describe, expect, it } from 'vitest';
import type { Event, Pod } from '../api/types';
import { startTestCluster } from '../controllers/test-cluster';
import { makePod } from './testing';

const events = (cluster: ReturnType<typeof startTestCluster>, pod: string) =>
  cluster
    .list<Event>('events', 'default')
    .filter((e) => e.involvedObject.name === pod)
    .map((e) => `${e.type} ${e.reason} ${e.message}`);

describe('kube-scheduler against the real API server', () => {
  it('binds through pods/binding, then the kubelet runs the pod', () => {
    const cluster = startTestCluster();
    cluster.create('pods', 'default', makePod('nginx', { cpu: '100m' }));
    cluster.run();
    const pod = cluster.get<Pod>('pods', 'default', 'nginx')!;
    expect(pod.spec.nodeName).toBe('node-1');
    expect(pod.status!.phase).toBe('Running');
    expect(events(cluster, 'nginx')[0]).toBe('Normal Scheduled Successfully assigned default/nginx to node-1');
  });

  it('reports FailedScheduling with a PodScheduled=False condition, and binds once a big node joins', () => {
    const cluster = startTestCluster({ nodes: [{ nodeName: 'control-plane', index: 0, controlPlane: true }, { nodeName: 'node-1', index: 1, cpu: '1' }] });
    cluster.create('pods', 'default', makePod('big', { cpu: '2' }));
    cluster.run();
    const message =
      '0/2 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. ' +
      'preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling..';
    expect(events(cluster, 'big')).toEqual([`Warning FailedScheduling ${message}`]);
    const pending = cluster.get<Pod>('pods', 'default', 'big')!;
    expect(pending.status!.conditions).toEqual([
      { type: 'PodScheduled', status: 'False', lastTransitionTime: expect.any(String), reason: 'Unschedulable', message },
    ]);
    cluster.addNode({ nodeName: 'node-2', index: 2, cpu: '4' });
    cluster.run();
    const bound = cluster.get<Pod>('pods', 'default', 'big')!;
    expect(bound.spec.nodeName).toBe('node-2');
    expect(events(cluster, 'big')).toContain('Normal Scheduled Successfully assigned default/big to node-2');
  });
});
