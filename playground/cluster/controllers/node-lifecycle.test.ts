import { describe, expect, it } from 'vitest';
import type { Lease, Node } from '../api/types';
import { StubApiClient } from '../scheduler/stub-client';
import { makeNode } from '../scheduler/testing';
import type { SimContext } from '../sim/context';
import { SeededIds } from '../sim/ids';
import { EventLoop } from '../sim/loop';
import { Trace } from '../sim/trace';
import { NodeLifecycleController } from './node-lifecycle';

const lease = (renewTime: string, resourceVersion: string): Lease => ({
  apiVersion: 'coordination.k8s.io/v1',
  kind: 'Lease',
  metadata: { name: 'node-1', namespace: 'kube-node-lease', resourceVersion },
  spec: { holderIdentity: 'node-1', leaseDurationSeconds: 40, renewTime },
});

function readyNode(status: 'True' | 'Unknown', resourceVersion: string, taints?: Node['spec']['taints']): Node {
  const node = makeNode('node-1', taints ? { taints } : {});
  node.metadata.resourceVersion = resourceVersion;
  node.status!.conditions = [{ type: 'Ready', status, reason: status === 'True' ? 'KubeletReady' : 'NodeStatusUnknown', lastTransitionTime: '2026-01-01T00:00:00Z' }];
  return node;
}

describe('NodeLifecycleController (stub API)', () => {
  it('marks a node Unknown and taints it unreachable once its lease is 40 s stale, and untaints when it is back', () => {
    const loop = new EventLoop();
    const ctx: SimContext = { loop, trace: new Trace(() => loop.now()), ids: new SeededIds(1) };
    const client = new StubApiClient(ctx, 'kube-controller-manager');
    const controller = new NodeLifecycleController(client, ctx);
    controller.start();
    loop.runUntilQuiet();
    client.emit('nodes', 'ADDED', readyNode('True', '2'));
    client.emit('leases', 'ADDED', lease('2026-01-01T00:00:00.000000Z', '3'));
    for (let t = 10_000; t <= 30_000; t += 10_000) {
      loop.advanceTo(t);
      client.emit('leases', 'MODIFIED', lease(`2026-01-01T00:00:${t / 1000}.000000Z`, String(t)));
    }
    // The last renewal is noticed by the 35 s check; grace runs 40 s from then, checked every 5 s.
    loop.advanceTo(75_000);
    expect(client.writes.filter((w) => w.startsWith('patch nodes'))).toEqual([]);
    loop.advanceTo(80_000);
    const statusPatch = client.bodies.find((b) => b.write === 'patch nodes/status')!.body as { status: { conditions: Node['status'] } };
    expect(statusPatch.status.conditions).toEqual([
      { type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastTransitionTime: '2026-01-01T00:01:20Z' },
    ]);
    const taintPatch = client.bodies.find((b) => b.write === 'patch nodes')!.body as { spec: { taints: unknown } };
    expect(taintPatch.spec.taints).toEqual([
      { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: '2026-01-01T00:01:20Z' },
    ]);

    // The kubelet comes back: a fresh lease and Ready=True from the kubelet; the taints go.
    const tainted = readyNode('Unknown', '80', [
      { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: '2026-01-01T00:01:20Z' },
    ]);
    client.emit('nodes', 'MODIFIED', tainted);
    client.emit('leases', 'MODIFIED', lease('2026-01-01T00:01:25.000000Z', '81'));
    client.emit('nodes', 'MODIFIED', { ...tainted, metadata: { ...tainted.metadata, resourceVersion: '82' }, status: readyNode('True', '82').status });
    loop.advanceTo(90_000);
    const last = client.bodies.filter((b) => b.write === 'patch nodes').at(-1)!.body;
    expect(last).toEqual({ metadata: { resourceVersion: '82' }, spec: { taints: null } });
  });
});
