/**
 * generatePodStatus is the kubelet's `generateAPIPodStatus` in miniature: from what the runtime
 * says about a pod's sandbox and containers, compute the status the API should show — phase,
 * conditions in the kubelet's order (PodReadyToStartContainers, Initialized, Ready,
 * ContainersReady, PodScheduled), container statuses sorted by name, IPs and start time. Pure, so
 * the shape is tested without a cluster.
 */
import { markPlainItems } from '../api/plain-items';
import { podQOSClass } from '../api/qos';
import type { ContainerState, ContainerStatus, Pod, PodCondition, PodStatus } from '../api/types';
import { plainCopy } from './status-patch';

type Terminated = NonNullable<ContainerState['terminated']>;

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

/**
 * NO_LAST_STATE is the `lastState` of every built container status whose container never ended
 * before: one frozen empty object, not one per status, so that a report's diff passes the two
 * equal states by identity instead of walking them. A built status is never sent as it is (see
 * copyBuiltStatus and builtStatusDiff, which make the copies that go out), so nobody else holds it.
 */
const NO_LAST_STATE: ContainerState = Object.freeze({});

/**
 * HOST_IPS holds the one frozen `[{ ip }]` the statuses built for pods on a host share as their
 * `hostIPs`: every pod of a node has the node's IP, and each kept status (one per pod, until its
 * next report) would otherwise hold a list and an item of its own for it. Like NO_LAST_STATE it is
 * never sent as it is (copyBuiltStatus copies it). Remembered for up to HOST_IPS_REMEMBERED hosts
 * (the nodes of the clusters a page makes); past that, a host's list is frozen afresh each time.
 */
const HOST_IPS = new Map<string, readonly { ip: string }[]>();

/** HOST_IPS_REMEMBERED bounds HOST_IPS: node addresses are the cluster's to choose. */
const HOST_IPS_REMEMBERED = 4096;

/** hostIPsOf is the shared frozen `[{ ip }]` of a host IP (see HOST_IPS). */
function hostIPsOf(ip: string): { ip: string }[] {
  let list = HOST_IPS.get(ip);
  if (list === undefined) {
    list = Object.freeze([Object.freeze({ ip })]);
    if (HOST_IPS.size < HOST_IPS_REMEMBERED) HOST_IPS.set(ip, list);
  }
  return list as { ip: string }[];
}

function containerStatus(view: ContainerView): ContainerStatus {
  // The fields in the order the API shows them, leaving out what is unknown (no undefined values):
  // the same object a JSON round trip of a spread-built one gave, for less work. One literal per
  // shape, with or without containerID, rather than fields added to {} one by one: V8 keeps only
  // four fields of an object grown from {} in the object itself and the rest in a second, separate
  // store, which the status (kept until the next report) and every spread copy of it would carry.
  const running = view.state === 'running';
  const image = view.imageName ?? view.image;
  const imageID = view.imageRef ?? '';
  const lastState = view.lastTerminated ? { terminated: lastTerminated(view.lastTerminated) } : NO_LAST_STATE;
  let state: ContainerState;
  if (running) state = { running: view.startedAt !== undefined ? { startedAt: view.startedAt } : {} };
  else if (view.state === 'terminated') {
    const terminated: Terminated = { exitCode: view.exitCode ?? 0, reason: view.reason ?? 'Completed' };
    if (view.containerId) terminated.containerID = `containerd://${view.containerId}`;
    if (view.startedAt !== undefined) terminated.startedAt = view.startedAt;
    if (view.finishedAt !== undefined) terminated.finishedAt = view.finishedAt;
    state = { terminated };
  } else state = { waiting: view.message ? { reason: view.reason ?? 'ContainerCreating', message: view.message } : { reason: view.reason ?? 'ContainerCreating' } };
  const { name, restartCount } = view;
  return view.containerId
    ? { containerID: `containerd://${view.containerId}`, image, imageID, lastState, name, ready: running, restartCount, started: running, state }
    : { image, imageID, lastState, name, ready: running, restartCount, started: running, state };
}

function lastTerminated(last: NonNullable<ContainerView['lastTerminated']>): Terminated {
  const terminated: Terminated = { exitCode: last.exitCode, reason: last.reason, containerID: `containerd://${last.containerId}` };
  if (last.startedAt !== undefined) terminated.startedAt = last.startedAt;
  if (last.finishedAt !== undefined) terminated.finishedAt = last.finishedAt;
  return terminated;
}

/**
 * condition builds one of the kubelet's conditions. With `reusable` (`old` was built here too, so
 * its shape is known) an unchanged `old` is returned itself: the next report's diff then skips it
 * by identity instead of comparing it field by field.
 */
function condition(type: string, ok: boolean, now: string, old: PodCondition | undefined, reusable: boolean, reason?: string, message?: string): PodCondition {
  const status = ok ? 'True' : 'False';
  if (
    reusable &&
    old !== undefined &&
    old.status === status &&
    old.lastTransitionTime &&
    old.reason === (ok || !reason ? undefined : reason) &&
    old.message === (ok || !message ? undefined : message)
  ) {
    return old;
  }
  const lastTransitionTime = old && old.status === status && old.lastTransitionTime ? old.lastTransitionTime : now;
  // No `lastProbeTime: null`: the status goes out as a patch, where null would mean "delete".
  if (ok || (!reason && !message)) return { type, status, lastTransitionTime };
  // Both (the kubelet's Ready and ContainersReady while containers are not ready) in one literal: V8
  // would keep fields added to a literal's object after it in a second, separate store.
  if (reason && message) return { type, status, lastTransitionTime, reason, message };
  const out: PodCondition = { type, status, lastTransitionTime };
  if (reason) out.reason = reason;
  if (message) out.message = message;
  return out;
}

/** BUILT_CONDITIONS is how many of podStatusFromView's conditions it makes itself (PodScheduled, last, it may take as found). */
export const BUILT_CONDITIONS = 4;

/**
 * builtConditionOrder is `$setElementOrder/conditions` for the conditions podStatusFromView builds,
 * whose types are always its own four and PodScheduled in that order: one literal (a fresh one each
 * time, as it goes out in a patch) instead of a walk over the list, for every first report.
 */
export function builtConditionOrder(): Record<string, unknown>[] {
  return [{ type: 'PodReadyToStartContainers' }, { type: 'Initialized' }, { type: 'Ready' }, { type: 'ContainersReady' }, { type: 'PodScheduled' }];
}

/** generatePodStatus computes the pod's status; `now` stamps conditions that change. */
export function generatePodStatus(pod: Pod, view: PodView, now: string): PodStatus {
  return podStatusFromView(view, pod.status?.conditions ?? [], undefined, podQOSClass(pod), now);
}

/**
 * podStatusFromView is generatePodStatus for a caller that keeps its own previous conditions: the
 * transition times come from `previous`, except PodScheduled, which comes from `scheduled` when
 * given (the API server's, which the kubelet does not own). `qos` is the pod's QoS class (podQOSClass). Fields
 * not known are left out, never set to undefined: the status is JSON data as it is, which lets a
 * first report go out without a walk (firstStatusPatch). `last`, when given, is the status this
 * function built last for the pod (`previous` its conditions): its unchanged conditions and IP
 * lists are reused as they are, so the two statuses share them (neither may be changed after).
 */
export function podStatusFromView(view: PodView, previous: readonly PodCondition[], scheduled: PodCondition | undefined, qos: string, now: string, last?: PodStatus): PodStatus {
  const containers = view.containers.length > 1 ? [...view.containers].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) : view.containers;
  let unready = '';
  let anyUnready = false;
  let restarted = false;
  for (let i = 0; i < containers.length; i++) {
    const container = containers[i];
    if (container.state !== 'running') {
      unready = anyUnready ? `${unready} ${container.name}` : container.name;
      anyUnready = true;
    }
    if (container.restartCount > 0) restarted = true;
  }
  const allRunning = !anyUnready && containers.length > 0;
  const notReadyMessage = allRunning ? '' : `containers with unready status: [${unready}]`;
  // The first previous condition of each type the kubelet sets, found in one pass over the list.
  let readyToStart: PodCondition | undefined;
  let initialized: PodCondition | undefined;
  let ready: PodCondition | undefined;
  let containersReady: PodCondition | undefined;
  let previousScheduled: PodCondition | undefined;
  if (last !== undefined && previous.length === BUILT_CONDITIONS + 1) {
    // Conditions this function built: each type at its place, PodScheduled last.
    readyToStart = previous[0];
    initialized = previous[1];
    ready = previous[2];
    containersReady = previous[3];
    previousScheduled = previous[4];
  } else for (let i = 0; i < previous.length; i++) {
    const old = previous[i];
    switch (old.type) {
      case 'PodReadyToStartContainers':
        readyToStart ??= old;
        break;
      case 'Initialized':
        initialized ??= old;
        break;
      case 'Ready':
        ready ??= old;
        break;
      case 'ContainersReady':
        containersReady ??= old;
        break;
      case 'PodScheduled':
        previousScheduled ??= old;
        break;
    }
  }
  const reusable = last !== undefined;
  const podScheduled = scheduled ?? previousScheduled ?? { type: 'PodScheduled', status: 'True', lastTransitionTime: now };
  const conditions: PodCondition[] = [
    condition('PodReadyToStartContainers', view.sandboxReady && view.podIP !== undefined, now, readyToStart, reusable),
    condition('Initialized', true, now, initialized, reusable),
    condition('Ready', allRunning, now, ready, reusable, 'ContainersNotReady', notReadyMessage),
    condition('ContainersReady', allRunning, now, containersReady, reusable, 'ContainersNotReady', notReadyMessage),
    podScheduled,
  ];
  // Made as long as it will be and filled by index: the status is kept until the next report, and
  // V8 grows a list pushed to from [] with room for 16 more items, which it would keep too.
  const containerStatuses: ContainerStatus[] = new Array(containers.length);
  for (let i = 0; i < containers.length; i++) containerStatuses[i] = containerStatus(containers[i]);
  // A pod whose containers have run once stays Running while one restarts (restartPolicy Always).
  const phase = allRunning || restarted ? 'Running' : 'Pending';
  const hostIP = view.hostIP;
  const hostIPs = reusable && sameOneIP(last.hostIPs, hostIP) ? last.hostIPs! : hostIPsOf(hostIP);
  const { podIP, startTime } = view;
  // One literal per shape, with or without the pod's IP, rather than fields added after a literal:
  // V8 would keep those in a second, separate store, for as long as the status is kept (until the
  // next report) and in every spread copy of it.
  if (!podIP) return { phase, conditions, hostIP, hostIPs, startTime, containerStatuses, qosClass: qos };
  const podIPs = reusable && sameOneIP(last.podIPs, podIP) ? last.podIPs! : [{ ip: podIP }];
  return { phase, conditions, hostIP, hostIPs, podIP, podIPs, startTime, containerStatuses, qosClass: qos };
}

/** sameOneIP tells an IP list built here (`[{ ip }]`) that holds exactly `ip`. */
function sameOneIP(list: readonly { ip: string }[] | undefined, ip: string): boolean {
  return list !== undefined && list.length === 1 && list[0].ip === ip;
}

/**
 * copyBuiltStatus is a deep copy of a status podStatusFromView built: the same data, key for key
 * and in the same order, sharing no object with it, so that one of the two can be handed over to
 * the API server while the other is kept. The builder's own objects are copied by their known
 * shape (object spreads: no walk over every field in the interpreter); PodScheduled, which may be
 * another writer's object, is copied as plain JSON.
 */
export function copyBuiltStatus(status: PodStatus): PodStatus {
  const copy: PodStatus = { ...status };
  const conditions = status.conditions ?? [];
  if (conditions.length === BUILT_CONDITIONS + 1) {
    // The builder's list (always that long): one literal, no loop.
    copy.conditions = [{ ...conditions[0] }, { ...conditions[1] }, { ...conditions[2] }, { ...conditions[3] }, copyScheduled(conditions[BUILT_CONDITIONS])];
  } else {
    const copiedConditions: PodCondition[] = [];
    for (let i = 0; i < conditions.length; i++) copiedConditions.push(i < BUILT_CONDITIONS ? { ...conditions[i] } : plainCopy(conditions[i]));
    copy.conditions = copiedConditions;
  }
  if (status.hostIPs !== undefined) copy.hostIPs = copyFlatList(status.hostIPs);
  if (status.podIPs !== undefined) copy.podIPs = copyFlatList(status.podIPs);
  const containerStatuses = status.containerStatuses ?? [];
  const copiedStatuses: ContainerStatus[] = [];
  for (let i = 0; i < containerStatuses.length; i++) {
    const container = containerStatuses[i];
    // Redefining lastState and state keeps them where the spread put them.
    copiedStatuses.push({ ...container, lastState: copyState(container.lastState!), state: copyState(container.state!) });
  }
  copy.containerStatuses = copiedStatuses;
  return copy;
}

/**
 * markBuiltPlainItems marks the lists of `status`, a copy of a first status podStatusFromView built
 * (see copyBuiltStatus) that goes out as the patch, for the server's strategic merge (see
 * plain-items): the items it built from values of its own, so that the merge takes them over
 * without walking them. Those are the conditions before PodScheduled (another writer's object, which
 * the server checks itself) up to the first whose transition time, which may come from the API's
 * copy, is not a string; the container statuses, when each name and image (from the pod spec) is a
 * string, every other field being a string, number, boolean or object of those set here; and the
 * IP lists' items whose IP is a string.
 */
export function markBuiltPlainItems(status: PodStatus): PodStatus {
  const conditions = status.conditions ?? [];
  let plainConditions = 0;
  while (plainConditions < BUILT_CONDITIONS && plainConditions < conditions.length && typeof conditions[plainConditions].lastTransitionTime === 'string') plainConditions++;
  markPlainItems(conditions, plainConditions);
  const containerStatuses = status.containerStatuses ?? [];
  let plainStatuses = 0;
  while (plainStatuses < containerStatuses.length && typeof containerStatuses[plainStatuses].name === 'string' && typeof containerStatuses[plainStatuses].image === 'string') plainStatuses++;
  markPlainItems(containerStatuses, plainStatuses);
  markIPs(status.hostIPs);
  markIPs(status.podIPs);
  return status;
}

/** markIPs marks the leading items of an IP list podStatusFromView built (`{ ip }` each) whose IP is a string. */
function markIPs(list: { ip: string }[] | undefined): void {
  if (list === undefined) return;
  let plain = 0;
  while (plain < list.length && typeof list[plain].ip === 'string') plain++;
  markPlainItems(list, plain);
}

/**
 * copyScheduled is plainCopy of a PodScheduled condition, which may be the API's object: as the
 * scheduler writes it (strings and a null lastProbeTime) it is a flat object with no undefined
 * field, so a spread copies it; anything else (a nested or undefined value) goes through plainCopy.
 * A first report copies it for every pod.
 */
function copyScheduled(scheduled: PodCondition): PodCondition {
  const fields = scheduled as unknown as Record<string, unknown>;
  for (const key in fields) {
    const value = fields[key];
    // An own `__proto__` field, which plainCopy's assignment drops and a spread keeps, goes there too.
    if (value === undefined || (typeof value === 'object' && value !== null) || key === '__proto__') return plainCopy(scheduled);
  }
  return { ...scheduled };
}

/** copyFlatList copies a list of objects whose fields are all scalars (hostIPs, podIPs). */
function copyFlatList<T extends object>(list: readonly T[]): T[] {
  const out: T[] = [];
  for (let i = 0; i < list.length; i++) out.push({ ...list[i] });
  return out;
}

/**
 * builtStateKind is the one key of a container state containerStatus built (running, waiting or
 * terminated), or undefined for the empty state: read by name, so that neither the copy nor the
 * diff walks the state's keys.
 */
export function builtStateKind(state: ContainerState): keyof ContainerState | undefined {
  if (state.running !== undefined) return 'running';
  if (state.waiting !== undefined) return 'waiting';
  return state.terminated !== undefined ? 'terminated' : undefined;
}

/** copyState copies a container state as containerStatus builds it: one or no key (builtStateKind), holding an object of scalars. */
function copyState(state: ContainerState): ContainerState {
  const kind = builtStateKind(state);
  if (kind === undefined) return {};
  return { [kind]: { ...state[kind] } } as ContainerState;
}
