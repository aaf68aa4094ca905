/**
 * generatePodStatus is the kubelet's `generateAPIPodStatus` in miniature: from what the runtime
 * says about a pod's sandbox and containers, compute the status the API should show — phase,
 * conditions in the kubelet's order (PodReadyToStartContainers, Initialized, Ready,
 * ContainersReady, PodScheduled), container statuses sorted by name, IPs and start time. Pure, so
 * the shape is tested without a cluster.
 */
import type { ContainerStatus, Pod, PodCondition, PodStatus } from '../api/types';

/** ContainerView is one container as the pod worker knows it. */
export interface ContainerView {
  name: string;
  /** The image as written in the pod spec. */
  image: string;
  state: 'waiting' | 'running' | 'terminated';
  /** Waiting reason (ContainerCreating, ErrImagePull, ImagePullBackOff) or terminated reason. */
  reason?: string;
  message?: string;
  containerId?: string;
  /** Normalized reference and digest once the image is on the node. */
  imageName?: string;
  imageRef?: string;
  startedAt?: string;
  finishedAt?: string;
  exitCode?: number;
  restartCount: number;
  /** The previous container's end, once it was restarted (status `lastState.terminated`). */
  lastTerminated?: { exitCode: number; reason: string; containerId: string; startedAt?: string; finishedAt: string };
}

/** PodView is the pod as the worker knows it. */
export interface PodView {
  hostIP: string;
  podIP?: string;
  sandboxReady: boolean;
  startTime: string;
  containers: ContainerView[];
}

/** qosClass follows Kubernetes: Guaranteed when every container's requests equal limits for cpu and memory, BestEffort when nothing is set. */
export function qosClass(pod: Pod): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  let anySet = false;
  let guaranteed = true;
  for (const container of pod.spec.containers) {
    const requests = container.resources?.requests ?? {};
    const limits = container.resources?.limits ?? {};
    if (Object.keys(requests).length > 0 || Object.keys(limits).length > 0) anySet = true;
    for (const resource of ['cpu', 'memory']) {
      if (!limits[resource] || (requests[resource] !== undefined && requests[resource] !== limits[resource])) guaranteed = false;
    }
  }
  if (!anySet) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

function containerStatus(view: ContainerView): ContainerStatus & Record<string, unknown> {
  const running = view.state === 'running';
  const status: ContainerStatus & Record<string, unknown> = {
    ...(view.containerId ? { containerID: `containerd://${view.containerId}` } : {}),
    image: view.imageName ?? view.image,
    imageID: view.imageRef ?? '',
    lastState: view.lastTerminated
      ? {
          terminated: {
            exitCode: view.lastTerminated.exitCode,
            reason: view.lastTerminated.reason,
            containerID: `containerd://${view.lastTerminated.containerId}`,
            startedAt: view.lastTerminated.startedAt,
            finishedAt: view.lastTerminated.finishedAt,
          },
        }
      : {},
    name: view.name,
    ready: running,
    restartCount: view.restartCount,
    started: running,
    state: {},
  };
  if (view.state === 'running') status.state = { running: { startedAt: view.startedAt } };
  else if (view.state === 'terminated') {
    status.state = {
      terminated: {
        exitCode: view.exitCode ?? 0,
        reason: view.reason ?? 'Completed',
        ...(view.containerId ? { containerID: `containerd://${view.containerId}` } : {}),
        startedAt: view.startedAt,
        finishedAt: view.finishedAt,
      },
    };
  } else status.state = { waiting: { reason: view.reason ?? 'ContainerCreating', ...(view.message ? { message: view.message } : {}) } };
  return JSON.parse(JSON.stringify(status)) as ContainerStatus & Record<string, unknown>;
}

function condition(type: string, ok: boolean, now: string, previous: PodCondition[], reason?: string, message?: string): PodCondition {
  const status = ok ? 'True' : 'False';
  const old = previous.find((c) => c.type === type);
  const lastTransitionTime = old && old.status === status && old.lastTransitionTime ? old.lastTransitionTime : now;
  // No `lastProbeTime: null`: the status goes out as a patch, where null would mean "delete".
  return {
    type,
    status,
    lastTransitionTime,
    ...(!ok && reason ? { reason } : {}),
    ...(!ok && message ? { message } : {}),
  };
}

/** generatePodStatus computes the pod's status; `now` stamps conditions that change. */
export function generatePodStatus(pod: Pod, view: PodView, now: string): PodStatus {
  const previous = pod.status?.conditions ?? [];
  const containers = [...view.containers].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const unready = containers.filter((c) => c.state !== 'running').map((c) => c.name);
  const allRunning = unready.length === 0 && containers.length > 0;
  const notReadyMessage = `containers with unready status: [${unready.join(' ')}]`;
  const scheduled = previous.find((c) => c.type === 'PodScheduled') ?? { type: 'PodScheduled', status: 'True', lastTransitionTime: now };
  const conditions: PodCondition[] = [
    condition('PodReadyToStartContainers', view.sandboxReady && view.podIP !== undefined, now, previous),
    condition('Initialized', true, now, previous),
    condition('Ready', allRunning, now, previous, 'ContainersNotReady', notReadyMessage),
    condition('ContainersReady', allRunning, now, previous, 'ContainersNotReady', notReadyMessage),
    scheduled,
  ];
  const status: PodStatus & Record<string, unknown> = {
    // A pod whose containers have run once stays Running while one restarts (restartPolicy Always).
    phase: allRunning || containers.some((c) => c.restartCount > 0) ? 'Running' : 'Pending',
    conditions,
    hostIP: view.hostIP,
    hostIPs: [{ ip: view.hostIP }],
    ...(view.podIP ? { podIP: view.podIP, podIPs: [{ ip: view.podIP }] } : {}),
    startTime: view.startTime,
    containerStatuses: containers.map(containerStatus),
    qosClass: qosClass(pod),
  };
  return status;
}
