import { describe, expect, it } from 'vitest';
import type { Event, Pod, ReplicaSet } from '../api/types';
import { StubApiClient } from '../scheduler/stub-client';
import type { SimContext } from '../sim/context';
import { SeededIds } from '../sim/ids';
import { EventLoop } from '../sim/loop';
import { Trace } from '../sim/trace';
import { startReplicaSetController } from './replicaset';

function replicaSet(replicas: number, resourceVersion = '5'): ReplicaSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'web', namespace: 'default', uid: 'rs-uid', resourceVersion, generation: 1 },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } },
    },
  };
}

function setup() {
  const loop = new EventLoop();
  const ctx: SimContext = { loop, trace: new Trace(() => loop.now()), ids: new SeededIds(1) };
  const client = new StubApiClient(ctx, 'kube-controller-manager');
  const controller = startReplicaSetController(client, ctx);
  loop.runUntilQuiet();
  const createdPods = () => client.bodies.filter((b) => b.write === 'create pods').map((b) => b.body as Pod);
  let podCounter = 0;
  /** observe plays the API server: the created pods show up in the watch with names. */
  const observeCreated = (from: number) =>
    createdPods()
      .slice(from)
      .map((pod) => {
        const named: Pod = { ...pod, metadata: { ...pod.metadata, name: `web-${++podCounter}`, uid: `pod-${podCounter}`, resourceVersion: String(100 + podCounter) } };
        client.emit('pods', 'ADDED', named);
        return named;
      });
  return { loop, client, controller, createdPods, observeCreated };
}

describe('ReplicaSet controller', () => {
  it('creates the missing pods from the template, owned by the ReplicaSet, once', () => {
    const { loop, client, createdPods, observeCreated } = setup();
    client.emit('replicasets', 'ADDED', replicaSet(3));
    loop.runUntilQuiet();
    expect(createdPods()).toHaveLength(3);
    expect(createdPods()[0].metadata).toEqual({
      generateName: 'web-',
      namespace: 'default',
      labels: { app: 'web' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: 'rs-uid', controller: true, blockOwnerDeletion: true }],
    });
    // An unrelated update before the pods are seen must not create more (expectations).
    client.emit('replicasets', 'MODIFIED', replicaSet(3, '6'));
    loop.runUntilQuiet();
    expect(createdPods()).toHaveLength(3);
    observeCreated(0);
    loop.runUntilQuiet();
    expect(createdPods()).toHaveLength(3);
    const events = client.bodies.filter((b) => b.write === 'create events').map((b) => (b.body as Event).message);
    expect(events.filter((m) => m.startsWith('Created pod: web-'))).toHaveLength(3);
    const status = client.bodies.filter((b) => b.write === 'update replicasets').map((b) => (b.body as ReplicaSet).status).at(-1);
    expect(status).toEqual({ replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 0, availableReplicas: 0, observedGeneration: 1 });
  });

  it('replaces a deleted pod and deletes extras when scaled down', () => {
    const { loop, client, createdPods, observeCreated } = setup();
    client.emit('replicasets', 'ADDED', replicaSet(2));
    loop.runUntilQuiet();
    const pods = observeCreated(0);
    loop.runUntilQuiet();
    client.emit('pods', 'DELETED', pods[0]);
    loop.runUntilQuiet();
    expect(createdPods()).toHaveLength(3);
    const [replacement] = observeCreated(2);
    loop.runUntilQuiet();
    client.emit('replicasets', 'MODIFIED', replicaSet(1, '7'));
    loop.runUntilQuiet();
    const deletes = client.bodies.filter((b) => b.write.startsWith('delete pods/')).map((b) => b.write);
    expect(deletes).toHaveLength(1);
    expect([`delete pods/${pods[1].metadata.name}`, `delete pods/${replacement.metadata.name}`]).toContain(deletes[0]);
  });
});
