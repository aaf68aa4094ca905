import { describe, expect, it } from 'vitest';
import type { Event, Pod } from '../api/types';
import { startTestCluster, type TestCluster } from '../controllers/test-cluster';
import { makePod } from '../scheduler/testing';

function nginx(name: string, image: string): Pod {
  const pod = makePod(name);
  pod.spec.containers[0].name = 'nginx';
  pod.spec.containers[0].image = image;
  return pod;
}

function setImage(cluster: TestCluster, name: string, image: string): void {
  let answered = false;
  cluster.admin.patch({ resource: 'pods', namespace: 'default', name }, { spec: { containers: [{ name: 'nginx', image }] } }, 'strategic', (result) => {
    if (!result.ok) throw new Error(`patch: ${result.status.message}`);
    answered = true;
  });
  cluster.ctx.loop.runUntil(() => answered);
}

const eventsOf = (cluster: TestCluster, name: string) =>
  cluster
    .list<Event>('events', 'default')
    .filter((e) => e.involvedObject.name === name)
    .map((e) => `${e.reason}: ${e.message}`);

describe('kubelet: a running container whose image changed', () => {
  it('is killed and started again from the new image, counting a restart', () => {
    const cluster = startTestCluster({ nodes: [{ nodeName: 'node-1', index: 1 }] });
    cluster.create('pods', 'default', nginx('web', 'nginx:1.27'));
    cluster.run();
    const before = cluster.get<Pod>('pods', 'default', 'web')!.status!.containerStatuses![0];
    expect(before).toMatchObject({ image: 'docker.io/library/nginx:1.27', restartCount: 0 });

    setImage(cluster, 'web', 'nginx:1.28');
    cluster.run();
    const pod = cluster.get<Pod>('pods', 'default', 'web')!;
    const status = pod.status!.containerStatuses![0];
    expect(status).toMatchObject({ image: 'docker.io/library/nginx:1.28', restartCount: 1, ready: true, started: true });
    expect(status.imageID).not.toBe(before.imageID);
    expect(status.containerID).not.toBe(before.containerID);
    expect(status.lastState).toMatchObject({ terminated: { exitCode: 0, reason: 'Completed', containerID: before.containerID } });
    expect(pod.status!.phase).toBe('Running');
    expect(eventsOf(cluster, 'web').slice(5)).toEqual([
      'Killing: Container nginx definition changed, will be restarted',
      'Pulling: Pulling image "nginx:1.28"',
      expect.stringMatching(/^Pulled: Successfully pulled image "nginx:1\.28" in /),
    ]);
    // Created and Started repeat word for word, so the recorder counts them on the first Events.
    const counts = cluster.list<Event>('events', 'default').filter((e) => e.involvedObject.name === 'web' && (e.reason === 'Created' || e.reason === 'Started'));
    expect(counts.map((e) => `${e.reason} x${e.count}`)).toEqual(['Created x2', 'Started x2']);
    const runtime = cluster.kubelets.get('node-1')!.runtime;
    expect([...runtime.containers.values()].map((c) => `${c.image} ${c.state}`)).toEqual(['docker.io/library/nginx:1.27 exited', 'docker.io/library/nginx:1.28 running']);
  });

  it('stays Running while the new container starts, and Ready comes back after', () => {
    const cluster = startTestCluster({ nodes: [{ nodeName: 'node-1', index: 1 }] });
    cluster.create('pods', 'default', nginx('web', 'nginx:1.27'));
    cluster.run();
    setImage(cluster, 'web', 'nginx:1.28');
    cluster.advance(1_000);
    const during = cluster.get<Pod>('pods', 'default', 'web')!.status!;
    expect(during.phase).toBe('Running');
    expect(during.conditions!.find((c) => c.type === 'Ready')!.status).toBe('False');
    expect(during.containerStatuses![0].state.waiting?.reason).toBe('ContainerCreating');
    cluster.run();
    expect(cluster.get<Pod>('pods', 'default', 'web')!.status!.conditions!.find((c) => c.type === 'Ready')!.status).toBe('True');
  });

  it('fixes a pod stuck on a bad image without a kill: the new image is pulled, no restart is counted', () => {
    const cluster = startTestCluster({ nodes: [{ nodeName: 'node-1', index: 1 }] });
    cluster.create('pods', 'default', nginx('oops', 'nginx:doesnotexist'));
    cluster.advance(5_000);
    setImage(cluster, 'oops', 'nginx:1.27');
    cluster.run();
    const status = cluster.get<Pod>('pods', 'default', 'oops')!.status!;
    expect(status.phase).toBe('Running');
    expect(status.containerStatuses![0]).toMatchObject({ image: 'docker.io/library/nginx:1.27', restartCount: 0, lastState: {} });
    expect(eventsOf(cluster, 'oops')).not.toContain('Killing: Container nginx definition changed, will be restarted');
  });
});

describe('kubelet: image changes the pod worker must not miss (it looks again only when the spec object changes)', () => {
  it('restarts again for a second change after the first one ran, and again for a change back', () => {
    const cluster = startTestCluster({ nodes: [{ nodeName: 'node-1', index: 1 }] });
    cluster.create('pods', 'default', nginx('web', 'nginx:1.27'));
    cluster.run();
    for (const [image, restarts] of [['nginx:1.28', 1], ['busybox:1.36', 2], ['nginx:1.27', 3]] as const) {
      setImage(cluster, 'web', image);
      cluster.run();
      const status = cluster.get<Pod>('pods', 'default', 'web')!.status!.containerStatuses![0];
      expect(status).toMatchObject({ image: `docker.io/library/${image}`, restartCount: restarts, ready: true });
    }
    const runtime = cluster.kubelets.get('node-1')!.runtime;
    expect([...runtime.containers.values()].filter((c) => c.state === 'running').map((c) => c.image)).toEqual(['docker.io/library/nginx:1.27']);
  });

  it('runs the image the spec names last when it changes again while the old container is being stopped', () => {
    const cluster = startTestCluster({ nodes: [{ nodeName: 'node-1', index: 1 }] });
    cluster.create('pods', 'default', nginx('web', 'nginx:1.27'));
    cluster.run();
    setImage(cluster, 'web', 'nginx:1.28');
    // The kill is in flight (a container stop takes longer than a request): change it again.
    expect(eventsOf(cluster, 'web')).toContain('Killing: Container nginx definition changed, will be restarted');
    setImage(cluster, 'web', 'busybox:1.36');
    cluster.run();
    const status = cluster.get<Pod>('pods', 'default', 'web')!.status!.containerStatuses![0];
    expect(status).toMatchObject({ image: 'docker.io/library/busybox:1.36', restartCount: 1, ready: true });
    const runtime = cluster.kubelets.get('node-1')!.runtime;
    expect([...runtime.containers.values()].filter((c) => c.state === 'running').map((c) => c.image)).toEqual(['docker.io/library/busybox:1.36']);
  });

  it('restarts nothing when a pod update carries the same images (a label change, the image written again)', () => {
    const cluster = startTestCluster({ nodes: [{ nodeName: 'node-1', index: 1 }] });
    cluster.create('pods', 'default', nginx('web', 'nginx:1.27'));
    cluster.run();
    let answered = false;
    cluster.admin.patch({ resource: 'pods', namespace: 'default', name: 'web' }, { metadata: { labels: { tier: 'front' } } }, 'strategic', () => (answered = true));
    cluster.ctx.loop.runUntil(() => answered);
    setImage(cluster, 'web', 'nginx:1.27');
    cluster.run();
    expect(cluster.get<Pod>('pods', 'default', 'web')!.status!.containerStatuses![0]).toMatchObject({ image: 'docker.io/library/nginx:1.27', restartCount: 0, ready: true });
    expect(eventsOf(cluster, 'web')).not.toContain('Killing: Container nginx definition changed, will be restarted');
  });
});
