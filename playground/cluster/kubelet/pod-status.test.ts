import { describe, expect, it } from 'vitest';
import { makePod } from '../scheduler/testing';
import { plainItemCount } from '../api/plain-items';
import { copyBuiltStatus, generatePodStatus, markBuiltPlainItems, podStatusFromView, type PodView } from './pod-status';
import { statusDiff } from './status-diff';
import type { PodCondition } from '../api/types';

const t0 = '2026-01-01T00:00:01Z';
const t1 = '2026-01-01T00:00:03Z';

/** readyView is a pod on 172.18.0.3 whose sandbox is up with IP 10.244.1.2 since t0, holding `containers`. */
function readyView(containers: PodView['containers']): PodView {
  return { hostIP: '172.18.0.3', podIP: '10.244.1.2', sandboxReady: true, startTime: t0, containers };
}

describe('generatePodStatus', () => {
  it('reports a creating pod as Pending with ContainerCreating and conditions in kubelet order', () => {
    const pod = makePod('nginx');
    pod.status = { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: '2026-01-01T00:00:00Z' }] };
    const view: PodView = { hostIP: '172.18.0.3', sandboxReady: false, startTime: t0, containers: [{ name: 'app', image: 'nginx:1.27', state: 'waiting', reason: 'ContainerCreating', restartCount: 0 }] };
    const status = generatePodStatus(pod, view, t0);
    expect(status.phase).toBe('Pending');
    expect(status.conditions!.map((c) => `${c.type}=${c.status}`)).toEqual([
      'PodReadyToStartContainers=False',
      'Initialized=True',
      'Ready=False',
      'ContainersReady=False',
      'PodScheduled=True',
    ]);
    expect(status.conditions![2]).toMatchObject({ reason: 'ContainersNotReady', message: 'containers with unready status: [app]' });
    expect(status.containerStatuses![0]).toEqual({
      image: 'nginx:1.27',
      imageID: '',
      lastState: {},
      name: 'app',
      ready: false,
      restartCount: 0,
      started: false,
      state: { waiting: { reason: 'ContainerCreating' } },
    });
    expect(status.podIP).toBeUndefined();
    expect(status.hostIPs).toEqual([{ ip: '172.18.0.3' }]);
    expect(status.qosClass).toBe('BestEffort');
  });

  it('writes the status, container statuses and conditions with their fields in the API order', () => {
    // The order is what goes out in a patch and is stored: it must not depend on how the object is built.
    const view = readyView([
      { name: 'b', image: 'busybox', state: 'waiting', reason: 'ErrImagePull', message: 'pull failed', restartCount: 0 },
      { name: 'a', image: 'nginx:1.27', state: 'running', containerId: 'a'.repeat(64), imageRef: 'sha', startedAt: t1, restartCount: 2 },
    ]);
    const status = podStatusFromView(view, [], undefined, 'BestEffort', t1);
    expect(Object.keys(status)).toEqual(['phase', 'conditions', 'hostIP', 'hostIPs', 'podIP', 'podIPs', 'startTime', 'containerStatuses', 'qosClass']);
    const withoutPodIP = podStatusFromView({ ...view, podIP: undefined }, [], undefined, 'BestEffort', t1);
    expect(Object.keys(withoutPodIP)).toEqual(['phase', 'conditions', 'hostIP', 'hostIPs', 'startTime', 'containerStatuses', 'qosClass']);
    const [running, waiting] = status.containerStatuses!;
    expect(Object.keys(running)).toEqual(['containerID', 'image', 'imageID', 'lastState', 'name', 'ready', 'restartCount', 'started', 'state']);
    expect(Object.keys(waiting)).toEqual(['image', 'imageID', 'lastState', 'name', 'ready', 'restartCount', 'started', 'state']);
    expect(waiting.state).toStrictEqual({ waiting: { reason: 'ErrImagePull', message: 'pull failed' } });
    expect(JSON.stringify(status.conditions![2])).toBe(
      JSON.stringify({ type: 'Ready', status: 'False', lastTransitionTime: t1, reason: 'ContainersNotReady', message: 'containers with unready status: [b]' }),
    );
  });

  it('reports a running pod with IPs, container IDs, and keeps unchanged transition times', () => {
    const pod = makePod('nginx', { cpu: '100m' });
    pod.status = generatePodStatus(pod, { hostIP: '172.18.0.3', sandboxReady: false, startTime: t0, containers: [{ name: 'app', image: 'nginx:1.27', state: 'waiting', restartCount: 0 }] }, t0);
    const view = readyView([
      { name: 'app', image: 'nginx:1.27', state: 'running', containerId: 'a'.repeat(64), imageName: 'docker.io/library/nginx:1.27', imageRef: 'docker.io/library/nginx@sha256:' + 'b'.repeat(64), startedAt: t1, restartCount: 0 },
    ]);
    const status = generatePodStatus(pod, view, t1);
    expect(status.phase).toBe('Running');
    expect(status.conditions!.every((c) => c.status === 'True')).toBe(true);
    expect(status.conditions!.find((c) => c.type === 'Initialized')!.lastTransitionTime).toBe(t0);
    expect(status.conditions!.find((c) => c.type === 'Ready')!.lastTransitionTime).toBe(t1);
    expect(status.containerStatuses![0]).toMatchObject({
      containerID: `containerd://${'a'.repeat(64)}`,
      image: 'docker.io/library/nginx:1.27',
      ready: true,
      started: true,
      state: { running: { startedAt: t1 } },
    });
    expect(status).toMatchObject({ podIP: '10.244.1.2', podIPs: [{ ip: '10.244.1.2' }], startTime: t0, qosClass: 'Burstable' });
  });
});

describe('copyBuiltStatus', () => {
  const views: PodView[] = [
    { hostIP: '172.18.0.3', sandboxReady: false, startTime: t0, containers: [{ name: 'app', image: 'nginx:1.27', state: 'waiting', reason: 'ContainerCreating', restartCount: 0 }] },
    { hostIP: '172.18.0.3', sandboxReady: true, podIP: '10.244.1.2', startTime: t0, containers: [{ name: 'app', image: 'nginx:1.27', state: 'waiting', reason: 'ErrImagePull', message: 'not found', restartCount: 0 }] },
    {
      hostIP: '172.18.0.3',
      sandboxReady: true,
      podIP: '10.244.1.2',
      startTime: t0,
      containers: [
        { name: 'web', image: 'nginx:1.27', state: 'running', containerId: 'c'.repeat(64), imageName: 'docker.io/library/nginx:1.27', imageRef: 'docker.io/library/nginx@sha256:abc', startedAt: t1, restartCount: 1, lastTerminated: { exitCode: 1, reason: 'Error', containerId: 'd'.repeat(64), finishedAt: t0 } },
        { name: 'job', image: 'busybox:1.36', state: 'terminated', containerId: 'e'.repeat(64), exitCode: 0, startedAt: t0, finishedAt: t1, restartCount: 0 },
        { name: 'idle', image: 'busybox:1.36', state: 'running', restartCount: 0 },
      ],
    },
  ];
  // Another writer's PodScheduled, with a field the kubelet never sets and a nested one it could not know.
  const scheduled = { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: '2026-01-01T00:00:00Z', observedGeneration: 2, note: { by: 'scheduler' } };

  /** objectsOf lists every object and array inside a JSON value. */
  const objectsOf = (value: unknown, into = new Set<unknown>()): Set<unknown> => {
    if (typeof value === 'object' && value !== null) {
      into.add(value);
      for (const child of Object.values(value)) objectsOf(child, into);
    }
    return into;
  };

  it('is the status again, key for key and in order, sharing no object with it', () => {
    for (const view of views) {
      for (const taken of [scheduled, { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: t0 }, undefined]) {
        const status = podStatusFromView(view, [scheduled as never], taken as never, 'Burstable', t1);
        const copy = copyBuiltStatus(status);
        expect(JSON.stringify(copy)).toBe(JSON.stringify(status));
        expect(copy).toStrictEqual(status);
        const kept = objectsOf(status);
        for (const object of objectsOf(copy)) expect(kept.has(object)).toBe(false);
      }
    }
  });

  it('leaves out a field of the API PodScheduled that is undefined, as JSON would', () => {
    const status = podStatusFromView(views[0], [], { type: 'PodScheduled', status: 'True', lastProbeTime: undefined, lastTransitionTime: t0 } as never, 'Burstable', t1);
    const copied = copyBuiltStatus(status).conditions![4];
    expect(Object.keys(copied)).toEqual(['type', 'status', 'lastTransitionTime']);
    expect(copied).not.toBe(status.conditions![4]);
  });
});


describe('podStatusFromView with the status it built last', () => {
  it('reuses the unchanged conditions and IP lists, and the diff against it is the same as against a fresh build', () => {
    const scheduled: PodCondition = { type: 'PodScheduled', status: 'True', lastTransitionTime: '2026-01-01T00:00:00Z' };
    const waiting: PodView = { hostIP: '172.18.0.3', podIP: '10.244.0.5', sandboxReady: true, startTime: t0, containers: [{ name: 'app', image: 'nginx:1.27', state: 'waiting', reason: 'ContainerCreating', restartCount: 0 }] };
    const first = podStatusFromView(waiting, [], scheduled, 'BestEffort', t0);
    const running: PodView = { ...waiting, containers: [{ name: 'app', image: 'nginx:1.27', state: 'running', containerId: 'c1', startedAt: t1, restartCount: 0 }] };
    const reused = podStatusFromView(running, first.conditions!, scheduled, 'BestEffort', t1, first);
    const fresh = podStatusFromView(running, first.conditions!, scheduled, 'BestEffort', t1);
    expect(reused).toEqual(fresh);
    expect(JSON.stringify(reused)).toBe(JSON.stringify(fresh));
    // PodReadyToStartContainers and Initialized did not change: the same objects; Ready and ContainersReady did.
    const [readyToStart, initialized, ready, containersReady] = reused.conditions!;
    expect(readyToStart).toBe(first.conditions![0]);
    expect(initialized).toBe(first.conditions![1]);
    expect(ready).not.toBe(first.conditions![2]);
    expect(containersReady).not.toBe(first.conditions![3]);
    expect(reused.hostIPs).toBe(first.hostIPs);
    expect(reused.podIPs).toBe(first.podIPs);
    expect(statusDiff(first, reused)).toEqual(statusDiff(first, fresh));
    // Ready's message names the unready containers, not their reasons: still the same; an IP list for another IP is built again.
    const otherIP = podStatusFromView({ ...waiting, containers: [{ ...waiting.containers[0], reason: 'ErrImagePull', message: 'pull failed' }], podIP: '10.244.0.6' }, first.conditions!, scheduled, 'BestEffort', t1, first);
    expect(otherIP.conditions![2]).toBe(first.conditions![2]);
    expect(otherIP.podIPs).toEqual([{ ip: '10.244.0.6' }]);
    // Another container name changes Ready's message: built again, with its old transition time.
    const renamed = podStatusFromView({ ...waiting, containers: [{ ...waiting.containers[0], name: 'web' }] }, first.conditions!, scheduled, 'BestEffort', t1, first);
    expect(renamed.conditions![2]).not.toBe(first.conditions![2]);
    expect(renamed.conditions![2]).toEqual({ ...first.conditions![2], message: 'containers with unready status: [web]' });
    expect(otherIP.hostIPs).toBe(first.hostIPs);
  });

  it('gives containers that never ended one shared, frozen empty lastState, which the copy that goes out does not share', () => {
    const waiting: PodView = { hostIP: '172.18.0.3', sandboxReady: false, startTime: t0, containers: [{ name: 'app', image: 'nginx:1.27', state: 'waiting', reason: 'ContainerCreating', restartCount: 0 }] };
    const first = podStatusFromView(waiting, [], undefined, 'BestEffort', t0);
    const running: PodView = { ...waiting, containers: [{ name: 'app', image: 'nginx:1.27', state: 'running', containerId: 'c1', startedAt: t1, restartCount: 0 }] };
    const next = podStatusFromView(running, first.conditions!, undefined, 'BestEffort', t1, first);
    const lastState = first.containerStatuses![0].lastState!;
    expect(next.containerStatuses![0].lastState).toBe(lastState);
    expect(lastState).toEqual({});
    expect(Object.isFrozen(lastState)).toBe(true);
    const copy = copyBuiltStatus(next).containerStatuses![0];
    expect(copy.lastState).toEqual({});
    expect(copy.lastState).not.toBe(lastState);
    expect(Object.isFrozen(copy.lastState)).toBe(false);
    // A container that ended before has a lastState of its own.
    const restarted = podStatusFromView({ ...running, containers: [{ ...running.containers[0], restartCount: 1, lastTerminated: { exitCode: 0, reason: 'Completed', containerId: 'c0', finishedAt: t1 } }] }, next.conditions!, undefined, 'BestEffort', t1, next);
    expect(restarted.containerStatuses![0].lastState).toEqual({ terminated: { exitCode: 0, reason: 'Completed', containerID: 'containerd://c0', finishedAt: t1 } });
  });

  it('gives the pods of one host one shared, frozen hostIPs list, which the copy that goes out does not share', () => {
    const onHost = (hostIP: string, name: string): PodView => ({ hostIP, sandboxReady: false, startTime: t0, containers: [{ name, image: 'nginx:1.27', state: 'waiting', reason: 'ContainerCreating', restartCount: 0 }] });
    const first = podStatusFromView(onHost('172.18.0.3', 'app'), [], undefined, 'BestEffort', t0);
    const neighbour = podStatusFromView(onHost('172.18.0.3', 'web'), [], undefined, 'BestEffort', t1);
    const elsewhere = podStatusFromView(onHost('172.18.0.4', 'app'), [], undefined, 'BestEffort', t0);
    expect(first.hostIPs).toEqual([{ ip: '172.18.0.3' }]);
    expect(neighbour.hostIPs).toBe(first.hostIPs);
    expect(Object.isFrozen(first.hostIPs)).toBe(true);
    expect(Object.isFrozen(first.hostIPs![0])).toBe(true);
    expect(elsewhere.hostIPs).toEqual([{ ip: '172.18.0.4' }]);
    expect(elsewhere.hostIPs).not.toBe(first.hostIPs);
    // The pod moved to another host (a kubelet restart on a new address): the new host's list.
    const moved = podStatusFromView(onHost('172.18.0.4', 'app'), first.conditions!, undefined, 'BestEffort', t1, first);
    expect(moved.hostIPs).toBe(elsewhere.hostIPs);
    const copy = copyBuiltStatus(first);
    expect(copy.hostIPs).toEqual([{ ip: '172.18.0.3' }]);
    expect(copy.hostIPs).not.toBe(first.hostIPs);
    expect(copy.hostIPs![0]).not.toBe(first.hostIPs![0]);
    expect(Object.isFrozen(copy.hostIPs)).toBe(false);
    expect(Object.isFrozen(copy.hostIPs![0])).toBe(false);
  });
});

describe('markBuiltPlainItems', () => {
  const waiting: PodView = { hostIP: '172.18.0.3', sandboxReady: false, startTime: t0, containers: [{ name: 'app', image: 'nginx:1.27', state: 'waiting', reason: 'ContainerCreating', restartCount: 0 }] };
  const restarted: PodView = {
    hostIP: '172.18.0.3',
    sandboxReady: true,
    podIP: '10.244.1.2',
    startTime: t0,
    containers: [
      { name: 'web', image: 'nginx:1.27', state: 'running', containerId: 'c'.repeat(64), imageName: 'docker.io/library/nginx:1.27', imageRef: 'docker.io/library/nginx@sha256:abc', startedAt: t1, restartCount: 1, lastTerminated: { exitCode: 1, reason: 'Error', containerId: 'd'.repeat(64), finishedAt: t0 } },
      { name: 'job', image: 'busybox:1.36', state: 'terminated', containerId: 'e'.repeat(64), exitCode: 0, startedAt: t0, finishedAt: t1, restartCount: 0 },
      { name: 'pull', image: 'busybox:1.36', state: 'waiting', reason: 'ErrImagePull', message: 'not found', restartCount: 0 },
    ],
  };
  // The scheduler's PodScheduled, with the null a merge would drop: never vouched for.
  const scheduled = { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: t0 } as never;

  /** isPlain is the merge's own test: the item merged into nothing would be a copy of it, key for key. */
  const isPlain = (value: unknown): boolean =>
    typeof value === 'object' && value !== null && !Array.isArray(value) && Object.entries(value).every(([key, field]) => !key.startsWith('$') && key !== '__proto__' && field !== null && !Array.isArray(field) && (typeof field !== 'object' || isPlain(field)));

  /** marked is a first report's patch lists as markBuiltPlainItems leaves them. */
  const marked = (view: PodView, previous: unknown[]) => markBuiltPlainItems(copyBuiltStatus(podStatusFromView(view, previous as never, undefined, 'Burstable', t1)));

  it('vouches for the conditions, container statuses and IPs it built, all plain, but not for PodScheduled', () => {
    for (const view of [waiting, restarted]) {
      const status = marked(view, [scheduled]);
      expect(plainItemCount(status.conditions!)).toBe(4);
      expect(plainItemCount(status.containerStatuses!)).toBe(view.containers.length);
      expect(plainItemCount(status.hostIPs!)).toBe(1);
      if (view.podIP) expect(plainItemCount(status.podIPs!)).toBe(1);
      for (const list of [status.conditions!, status.containerStatuses!, status.hostIPs!, status.podIPs ?? []]) {
        for (let i = 0; i < plainItemCount(list); i++) expect(isPlain(list[i])).toBe(true);
      }
      expect(isPlain(status.conditions![4])).toBe(false);
    }
  });

  it('stops at a condition whose transition time, taken from the API, is not a string', () => {
    const planted = { type: 'Initialized', status: 'True', lastTransitionTime: { $patch: 'delete', at: null } };
    const status = marked(waiting, [planted, scheduled]);
    expect(status.conditions![1].lastTransitionTime).toEqual(planted.lastTransitionTime);
    expect(plainItemCount(status.conditions!)).toBe(1);
  });

  it('stops at a container whose name or image from the spec is not a string', () => {
    const odd = { ...restarted, containers: [restarted.containers[0], { ...restarted.containers[1], name: { $patch: 'replace' } as never }, restarted.containers[2]] };
    // Sorted by name, the odd one is compared as text: wherever it lands, the count stops there.
    const status = marked(odd, [scheduled]);
    const at = status.containerStatuses!.findIndex((c) => typeof c.name !== 'string');
    expect(plainItemCount(status.containerStatuses!)).toBe(at);
  });
});
