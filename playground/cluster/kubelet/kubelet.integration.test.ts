import { describe, expect, it } from 'vitest';
import type { Event, Lease, Node, Pod } from '../api/types';
import { startTestCluster } from '../controllers/test-cluster';
import { makePod } from '../scheduler/testing';

function nginx(name: string, image = 'nginx:1.27'): Pod {
  const pod = makePod(name);
  pod.spec.containers[0].name = 'nginx';
  pod.spec.containers[0].image = image;
  return pod;
}

const eventsOf = (cluster: ReturnType<typeof startTestCluster>, name: string) =>
  cluster
    .list<Event>('events', 'default')
    .filter((e) => e.involvedObject.name === name)
    .map((e) => `${e.reason}: ${e.message}`);

describe('kubelet against the real API server', () => {
  it('registers nodes with a lease, and runs a pod to Running with the real status shape', () => {
    const cluster = startTestCluster();
    const node = cluster.get<Node>('nodes', undefined, 'node-1')!;
    expect(node.status!.conditions!.find((c) => c.type === 'Ready')).toMatchObject({ status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' });
    expect(cluster.get<Lease>('leases', 'kube-node-lease', 'node-1')!.spec).toMatchObject({ holderIdentity: 'node-1', leaseDurationSeconds: 40 });

    cluster.create('pods', 'default', nginx('web'));
    cluster.run();
    const pod = cluster.get<Pod>('pods', 'default', 'web')!;
    const status = pod.status!;
    expect(status.phase).toBe('Running');
    expect(status.conditions!.map((c) => `${c.type}=${c.status}`)).toEqual([
      'PodReadyToStartContainers=True',
      'Initialized=True',
      'Ready=True',
      'ContainersReady=True',
      'PodScheduled=True',
    ]);
    expect(status).toMatchObject({ hostIP: '172.18.0.3', podIP: '10.244.1.2', startTime: expect.any(String) });
    expect(status.containerStatuses![0]).toMatchObject({ name: 'nginx', ready: true, started: true, restartCount: 0, image: 'docker.io/library/nginx:1.27' });
    expect(status.containerStatuses![0].containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
    expect(eventsOf(cluster, 'web')).toEqual([
      'Scheduled: Successfully assigned default/web to node-1',
      'Pulling: Pulling image "nginx:1.27"',
      'Pulled: Successfully pulled image "nginx:1.27" in 2s (2s including waiting). Image size: 72195292 bytes.',
      'Created: Created container: nginx',
      'Started: Started container nginx',
    ]);
  });

  it('shows ErrImagePull then ImagePullBackOff for an image that does not exist', () => {
    const cluster = startTestCluster({ nodes: [{ nodeName: 'node-1', index: 1 }] });
    cluster.create('pods', 'default', nginx('bad', 'nginx:doesnotexist'));
    const waiting = () => cluster.get<Pod>('pods', 'default', 'bad')!.status!.containerStatuses![0].state.waiting!;
    // The pull fails about 0.8 s in (sandbox 300 ms, pull 500 ms); a second later the kubelet shows the back-off.
    cluster.advance(5_000);
    expect(waiting()).toEqual({ reason: 'ImagePullBackOff', message: 'Back-off pulling image "nginx:doesnotexist"' });
    expect(cluster.get<Pod>('pods', 'default', 'bad')!.status!.phase).toBe('Pending');
    // 10 s after the failure it pulls again, fails again: ErrImagePull for a second, then a 20 s back-off.
    cluster.advance(6_500);
    expect(waiting().reason).toBe('ErrImagePull');
    cluster.advance(1_000);
    expect(waiting().reason).toBe('ImagePullBackOff');
    expect(eventsOf(cluster, 'bad')).toContain('BackOff: Back-off pulling image "nginx:doesnotexist"');
  });

  it('never pulls an absent image under imagePullPolicy Never: ErrImageNeverPull, and no Pulling event', () => {
    const cluster = startTestCluster({ nodes: [{ nodeName: 'node-1', index: 1 }] });
    const pod = nginx('offline', 'registry.example/offline:1.0');
    pod.spec.containers[0].imagePullPolicy = 'Never';
    cluster.create('pods', 'default', pod);
    cluster.advance(25_000);
    const status = cluster.get<Pod>('pods', 'default', 'offline')!.status!;
    expect(status.phase).toBe('Pending');
    expect(status.containerStatuses![0].state.waiting).toEqual({
      reason: 'ErrImageNeverPull',
      message: 'Container image "registry.example/offline:1.0" is not present with pull policy of Never',
    });
    const events = eventsOf(cluster, 'offline');
    expect(events).toContain('ErrImageNeverPull: Container image "registry.example/offline:1.0" is not present with pull policy of Never');
    expect(events).toContain('Failed: Error: ErrImageNeverPull');
    expect(events.some((e) => e.startsWith('Pulling'))).toBe(false);
    // The pod worker keeps trying every 10 s: the same event, counted up rather than repeated.
    const neverPull = cluster.list<Event>('events', 'default').find((e) => e.reason === 'ErrImageNeverPull')!;
    expect(neverPull.type).toBe('Warning');
    expect(neverPull.count).toBeGreaterThanOrEqual(2);
    expect(cluster.kubelets.get('node-1')!.runtime.hasImage('registry.example/offline:1.0')).toBe(false);
  });

  it('completes a graceful delete: Killing, then the kubelet deletes with grace period 0', () => {
    const cluster = startTestCluster({ nodes: [{ nodeName: 'node-1', index: 1 }] });
    cluster.create('pods', 'default', nginx('web'));
    cluster.run();
    let answered = false;
    cluster.admin.delete({ resource: 'pods', namespace: 'default', name: 'web' }, {}, (r) => {
      expect(r.ok).toBe(true);
      answered = true;
    });
    cluster.ctx.loop.runUntil(() => answered);
    expect(cluster.get<Pod>('pods', 'default', 'web')!.metadata.deletionTimestamp).toBeDefined();
    cluster.run();
    expect(cluster.get<Pod>('pods', 'default', 'web')).toBeUndefined();
    expect(eventsOf(cluster, 'web').at(-1)).toBe('Killing: Stopping container nginx');
    expect(cluster.kubelets.get('node-1')!.runtime.sandboxes.size).toBe(0);
  });

  it('a stopped kubelet makes its node Ready=Unknown and unreachable-tainted after 40 s, and restarting heals it', () => {
    const cluster = startTestCluster();
    cluster.kubelets.get('node-2')!.stop();
    cluster.advance(30_000);
    const node2 = () => cluster.get<Node>('nodes', undefined, 'node-2')!;
    expect(node2().status!.conditions!.find((c) => c.type === 'Ready')!.status).toBe('True');
    cluster.advance(20_000);
    const ready = node2().status!.conditions!.find((c) => c.type === 'Ready')!;
    expect(ready).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' });
    expect(node2().spec.taints!.map((t) => `${t.key}:${t.effect}`)).toEqual(['node.kubernetes.io/unreachable:NoSchedule', 'node.kubernetes.io/unreachable:NoExecute']);
    expect(cluster.get<Node>('nodes', undefined, 'node-1')!.spec.taints).toBeUndefined();

    // The scheduler now avoids node-2.
    for (const name of ['a', 'b', 'c', 'd']) cluster.create('pods', 'default', nginx(name));
    cluster.run();
    for (const name of ['a', 'b', 'c', 'd']) expect(cluster.get<Pod>('pods', 'default', name)!.spec.nodeName).not.toBe('node-2');

    cluster.kubelets.get('node-2')!.start();
    cluster.advance(30_000);
    expect(node2().status!.conditions!.find((c) => c.type === 'Ready')!.status).toBe('True');
    expect(node2().spec.taints ?? []).toEqual([]);
  });

  it('rejects a pod bound by hand that does not fit (OutOfcpu), and gives hostNetwork pods the node IP', () => {
    const cluster = startTestCluster({ nodes: [{ nodeName: 'node-1', index: 1, cpu: '2' }] });
    const greedy = makePod('greedy', { cpu: '3', nodeName: 'node-1' });
    cluster.create('pods', 'default', greedy);
    const host = nginx('host');
    host.spec.hostNetwork = true;
    host.spec.nodeName = 'node-1';
    cluster.create('pods', 'default', host);
    cluster.run();
    const rejected = cluster.get<Pod>('pods', 'default', 'greedy')!;
    expect(rejected.status).toMatchObject({
      phase: 'Failed',
      reason: 'OutOfcpu',
      message: "Pod was rejected: Node didn't have enough resource: cpu, requested: 3000, used: 0, capacity: 2000",
    });
    expect(eventsOf(cluster, 'greedy')).toEqual(["OutOfcpu: Node didn't have enough resource: cpu, requested: 3000, used: 0, capacity: 2000"]);
    expect(cluster.get<Pod>('pods', 'default', 'host')!.status).toMatchObject({ phase: 'Running', podIP: '172.18.0.3', hostIP: '172.18.0.3' });
  });

  it('stops counting a pod once its deletion has finished: its worker leaves, and its requests are free again', () => {
    const cluster = startTestCluster({ nodes: [{ nodeName: 'node-1', index: 1, cpu: '2', pods: 1 }] });
    cluster.create('pods', 'default', makePod('first', { cpu: '1500m', nodeName: 'node-1' }));
    cluster.run();
    const kubelet = cluster.kubelets.get('node-1')!;
    expect(kubelet.workers.size).toBe(1);
    cluster.admin.delete({ resource: 'pods', namespace: 'default', name: 'first' }, {}, () => {});
    cluster.run();
    expect(cluster.get<Pod>('pods', 'default', 'first')).toBeUndefined();
    expect(kubelet.workers.size).toBe(0);
    // One pod allowed and 1500m of 2000m free again: the next pod fits on both counts.
    cluster.create('pods', 'default', makePod('second', { cpu: '1500m', nodeName: 'node-1' }));
    cluster.run();
    expect(cluster.get<Pod>('pods', 'default', 'second')!.status!.phase).toBe('Running');
    cluster.create('pods', 'default', makePod('third', { cpu: '100m', nodeName: 'node-1' }));
    cluster.run();
    expect(cluster.get<Pod>('pods', 'default', 'third')!.status).toMatchObject({
      phase: 'Failed',
      reason: 'OutOfpods',
      message: "Pod was rejected: Node didn't have enough resource: pods, requested: 1, used: 1, capacity: 1",
    });
  });

  it('frees the requests of a deleted pod for the next admission, and keeps counting the pods still there', () => {
    const cluster = startTestCluster({ nodes: [{ nodeName: 'node-1', index: 1, cpu: '2' }] });
    cluster.create('pods', 'default', makePod('small', { cpu: '200m', nodeName: 'node-1' }));
    cluster.create('pods', 'default', makePod('first', { cpu: '1500m', nodeName: 'node-1' }));
    cluster.run();
    expect(cluster.get<Pod>('pods', 'default', 'first')!.status!.phase).toBe('Running');
    // Force-deleted: the kubelet hears of it only as gone, and tears the pod down on its own.
    cluster.admin.delete({ resource: 'pods', namespace: 'default', name: 'first' }, { gracePeriodSeconds: 0 }, () => {});
    cluster.run();
    expect(cluster.get<Pod>('pods', 'default', 'first')).toBeUndefined();
    expect(cluster.kubelets.get('node-1')!.workers.size).toBe(1);
    // 1800m of 2000m free again: 1500m fits, and then 200m + 1500m are used.
    cluster.create('pods', 'default', makePod('second', { cpu: '1500m', nodeName: 'node-1' }));
    cluster.run();
    expect(cluster.get<Pod>('pods', 'default', 'second')!.status!.phase).toBe('Running');
    cluster.create('pods', 'default', makePod('third', { cpu: '400m', nodeName: 'node-1' }));
    cluster.run();
    expect(cluster.get<Pod>('pods', 'default', 'third')!.status).toMatchObject({
      phase: 'Failed',
      reason: 'OutOfcpu',
      message: "Pod was rejected: Node didn't have enough resource: cpu, requested: 400, used: 1700, capacity: 2000",
    });
  });

  it('counts the requests of the pods it admitted earlier, running or not, when it admits the next one', () => {
    const cluster = startTestCluster({ nodes: [{ nodeName: 'node-1', index: 1, cpu: '2' }] });
    cluster.create('pods', 'default', makePod('first', { cpu: '1200m', nodeName: 'node-1' }));
    cluster.run();
    expect(cluster.get<Pod>('pods', 'default', 'first')!.status!.phase).toBe('Running');
    cluster.create('pods', 'default', makePod('second', { cpu: '500m', nodeName: 'node-1' }));
    cluster.create('pods', 'default', makePod('third', { cpu: '500m', nodeName: 'node-1' }));
    cluster.run();
    expect(cluster.get<Pod>('pods', 'default', 'second')!.status!.phase).toBe('Running');
    expect(cluster.get<Pod>('pods', 'default', 'third')!.status).toMatchObject({
      phase: 'Failed',
      reason: 'OutOfcpu',
      message: "Pod was rejected: Node didn't have enough resource: cpu, requested: 500, used: 1700, capacity: 2000",
    });
  });
});
