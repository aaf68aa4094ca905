import { describe, expect, it } from 'vitest';
import { applyPatch } from '../api/patch';
import type { Event, Lease, Node, Pod, PodStatus } from '../api/types';
import { makePod } from '../scheduler/testing';
import { StubApiClient } from '../scheduler/stub-client';
import type { SimContext } from '../sim/context';
import { SeededIds } from '../sim/ids';
import { EventLoop } from '../sim/loop';
import { Trace } from '../sim/trace';
import { Kubelet } from './kubelet';

function setup(images?: string[]) {
  const loop = new EventLoop();
  const ctx: SimContext = { loop, trace: new Trace(() => loop.now()), ids: new SeededIds(1) };
  const client = new StubApiClient(ctx, 'kubelet/node-1');
  const kubelet = new Kubelet(client, ctx, { nodeName: 'node-1', index: 1, ...(images ? { images } : {}) });
  kubelet.start();
  loop.runUntilQuiet();
  const events = () => client.bodies.filter((b) => b.write === 'create events').map((b) => b.body as Event);
  // The status the API server holds after each PATCH (one pod per test): the kubelet sends only what changed.
  const statuses = () => {
    let stored: { status?: PodStatus } = {};
    return client.bodies
      .filter((b) => b.write === 'patch pods/status')
      .map((b) => (stored = applyPatch('strategic', structuredClone(stored), { status: (b.body as { status: PodStatus }).status }) as { status: PodStatus }).status!);
  };
  const boundPod = (name: string, image = 'nginx:1.27'): Pod => {
    const pod = makePod(name);
    pod.spec.containers[0].name = 'nginx';
    pod.spec.containers[0].image = image;
    pod.spec.nodeName = 'node-1';
    pod.metadata.resourceVersion = '10';
    pod.status = { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: '2026-01-01T00:00:00Z' }] };
    return pod;
  };
  return { loop, ctx, client, kubelet, events, statuses, boundPod };
}

describe('Kubelet (stub API)', () => {
  it('registers its node with capacity, labels, conditions and versions, and creates its lease', () => {
    const { client } = setup();
    const node = client.bodies.find((b) => b.write === 'create nodes')!.body as Node;
    expect(node.metadata.labels).toMatchObject({ 'kubernetes.io/hostname': 'node-1', 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64' });
    expect(node.spec.podCIDR).toBe('10.244.1.0/24');
    expect(node.status!.capacity).toMatchObject({ cpu: '2', memory: '4194304Ki', pods: '110' });
    expect(node.status!.allocatable!.memory).toBe('4091904Ki');
    expect(node.status!.conditions!.map((c) => [c.type, c.status, c.reason])).toEqual([
      ['MemoryPressure', 'False', 'KubeletHasSufficientMemory'],
      ['DiskPressure', 'False', 'KubeletHasNoDiskPressure'],
      ['PIDPressure', 'False', 'KubeletHasSufficientPID'],
      ['Ready', 'True', 'KubeletReady'],
    ]);
    expect(node.status!.addresses).toEqual([
      { type: 'InternalIP', address: '172.18.0.3' },
      { type: 'Hostname', address: 'node-1' },
    ]);
    expect(node.status!.nodeInfo).toMatchObject({ kubeletVersion: 'v1.32.2', containerRuntimeVersion: 'containerd://1.7.24' });
    const lease = client.bodies.find((b) => b.write === 'create leases')!.body as Lease;
    expect(lease.metadata).toMatchObject({ name: 'node-1', namespace: 'kube-node-lease' });
    expect(lease.spec).toEqual({ holderIdentity: 'node-1', leaseDurationSeconds: 40, renewTime: '2026-01-01T00:00:00.000000Z' });
  });

  it('renews the lease every 10 s until stopped', () => {
    const { loop, client, kubelet } = setup();
    const renewals = () => client.bodies.filter((b) => b.write === 'update leases').length;
    loop.advanceTo(35_000);
    expect(renewals()).toBe(3);
    kubelet.stop();
    loop.advanceTo(100_000);
    expect(renewals()).toBe(3);
    kubelet.start();
    loop.advanceTo(100_100);
    expect(renewals()).toBe(4);
  });

  it('runs a pod: sandbox, pull, create, start, with the real event messages and a Running status', () => {
    const { loop, client, events, statuses, boundPod, ctx } = setup();
    client.emit('pods', 'ADDED', boundPod('web'));
    loop.runUntilQuiet();
    expect(events().map((e) => `${e.type} ${e.reason} ${e.message}`)).toEqual([
      'Normal Starting Starting kubelet.',
      'Normal Pulling Pulling image "nginx:1.27"',
      'Normal Pulled Successfully pulled image "nginx:1.27" in 2s (2s including waiting). Image size: 72195292 bytes.',
      'Normal Created Created container: nginx',
      'Normal Started Started container nginx',
    ]);
    expect(events()[1]).toMatchObject({ source: { component: 'kubelet', host: 'node-1' }, involvedObject: { kind: 'Pod', name: 'web', fieldPath: 'spec.containers{nginx}' } });
    const [pending, running] = statuses();
    expect(pending.phase).toBe('Pending');
    expect(pending.containerStatuses![0].state).toEqual({ waiting: { reason: 'ContainerCreating' } });
    expect(running.phase).toBe('Running');
    expect(running.conditions!.map((c) => c.type)).toEqual(['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled']);
    expect(running).toMatchObject({ hostIP: '172.18.0.3', podIP: '10.244.1.2', podIPs: [{ ip: '10.244.1.2' }], startTime: '2026-01-01T00:00:00Z' });
    const container = running.containerStatuses![0];
    expect(container.containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
    expect(container).toMatchObject({ image: 'docker.io/library/nginx:1.27', ready: true, started: true, restartCount: 0 });
    expect(container.imageID).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
    expect(container.state.running!.startedAt).toBe('2026-01-01T00:00:02Z');
    const cri = ctx.trace.entries.filter((e) => e.kind === 'action' && e.from === 'kubelet/node-1').map((e) => (e as { action: string }).action);
    expect(cri).toEqual(['RunPodSandbox', 'PullImage', 'CreateContainer', 'StartContainer']);
  });

  it('shows ErrImagePull, then ImagePullBackOff, retrying after 10 s, 20 s, 40 s', () => {
    const { loop, client, events, statuses, boundPod, ctx } = setup();
    client.emit('pods', 'ADDED', boundPod('bad', 'nginx:doesnotexist'));
    loop.runUntilQuiet();
    const reasons = () => statuses().map((s) => s.containerStatuses![0].state.waiting?.reason);
    expect(reasons()).toEqual(['ContainerCreating', 'ErrImagePull', 'ImagePullBackOff']);
    expect(statuses()[1].containerStatuses![0].state.waiting!.message).toBe(
      'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:doesnotexist": failed to resolve reference "docker.io/library/nginx:doesnotexist": docker.io/library/nginx:doesnotexist: not found',
    );
    expect(statuses()[2].phase).toBe('Pending');
    expect(events().slice(1).map((e) => `${e.type} ${e.reason} ${e.message.split(':')[0]}`)).toEqual([
      'Normal Pulling Pulling image "nginx',
      'Warning Failed Failed to pull image "nginx',
      'Warning Failed Error',
      'Normal BackOff Back-off pulling image "nginx',
      'Warning Failed Error',
    ]);
    loop.advanceTo(120_000);
    // Each failed pull (500 ms) starts a back-off of 10 s, then 20 s, then 40 s before the next pull.
    const pulls = ctx.trace.entries.filter((e) => e.kind === 'action' && e.action === 'PullImage' && e.from === 'kubelet/node-1').map((e) => e.t);
    expect(pulls).toEqual([300, 10_800, 31_300, 71_800]);
    // Repeated events are aggregated: the second Pulling bumps the first one's count.
    const counts = client.bodies.filter((b) => b.write === 'patch events').map((b) => (b.body as { count: number }).count);
    expect(counts).toContain(4);
    expect(events().filter((e) => e.reason === 'Pulling')).toHaveLength(1);
    expect(reasons().at(-1)).toBe('ImagePullBackOff');
  });

  it('stops containers and finishes a graceful delete with grace period 0', () => {
    const { loop, client, events, boundPod, kubelet } = setup();
    const pod = boundPod('web');
    client.emit('pods', 'ADDED', pod);
    loop.runUntilQuiet();
    client.emit('pods', 'MODIFIED', { ...pod, metadata: { ...pod.metadata, resourceVersion: '20', deletionTimestamp: '2026-01-01T00:00:40Z', deletionGracePeriodSeconds: 30 } });
    loop.runUntilQuiet();
    expect(events().at(-1)).toMatchObject({ reason: 'Killing', message: 'Stopping container nginx' });
    expect(client.bodies.at(-1)).toEqual({ write: 'delete pods/web', body: { gracePeriodSeconds: 0, preconditions: { uid: 'uid-web' } } });
    expect(kubelet.runtime.sandboxes.size).toBe(0);
    expect(kubelet.workers.size).toBe(0);
  });
});
