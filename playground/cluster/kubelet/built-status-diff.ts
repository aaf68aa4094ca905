/**
 * builtStatusDiff is statusDiff for the pair the status reporter diffs: two statuses
 * podStatusFromView built, the new one with the old as its `last`. Their fields are the builder's,
 * in the builder's order, so they are compared by name instead of walked key by key: the same
 * patch, key for key and in the same order, for a fraction of the interpreter's work (a running
 * report diffs about 40 fields). What the builder does not vouch for goes to the general diff: the
 * PodScheduled condition (the scheduler's object, which a reader may rewrite), lists whose items
 * do not line up, and a field whose value is not a string where it may come from elsewhere: a
 * transition time the first report took from the API's conditions, a container's name or image
 * from the pod spec. The fast paths compare such fields with === and send them as they are, right
 * only for strings; the general diff copies anything else.
 */
import type { ContainerState, ContainerStatus, PodCondition, PodStatus } from '../api/types';
import { BUILT_CONDITIONS, builtConditionOrder, builtStateKind } from './pod-status';
import { diffList, diffMaps } from './status-diff';
import { plainCopy } from './status-patch';

type JsonMap = Record<string, unknown>;

/** builtStatusDiff is statusDiff(base, next) for statuses podStatusFromView built (see above). */
export function builtStatusDiff(base: PodStatus, next: PodStatus): JsonMap | undefined {
  let patch: JsonMap | undefined;
  // The builder's fields in its order: phase, conditions, hostIP, hostIPs, [podIP, podIPs], startTime, containerStatuses, qosClass.
  if (next.phase !== base.phase) (patch ??= {}).phase = next.phase;
  const conditions = diffBuiltConditions(base.conditions!, next.conditions!);
  if (conditions !== undefined) {
    patch ??= {};
    if (conditions.length > 0) patch.conditions = conditions;
    // The builder always makes its four and PodScheduled (found by that type): their order is one
    // literal; typeOrder only guards the shape builtConditionOrder assumes.
    patch['$setElementOrder/conditions'] = next.conditions!.length === BUILT_CONDITIONS + 1 ? builtConditionOrder() : typeOrder(next.conditions!);
  }
  if (next.hostIP !== base.hostIP) (patch ??= {}).hostIP = next.hostIP;
  patch = withIPs(patch, 'hostIPs', base.hostIPs, next.hostIPs);
  if (next.podIP !== undefined && next.podIP !== base.podIP) (patch ??= {}).podIP = next.podIP;
  patch = withIPs(patch, 'podIPs', base.podIPs, next.podIPs);
  if (next.startTime !== base.startTime) (patch ??= {}).startTime = next.startTime;
  const statuses = diffBuiltContainers(base.containerStatuses!, next.containerStatuses!);
  if (statuses !== undefined) {
    patch ??= {};
    if (statuses.length > 0) patch.containerStatuses = statuses;
    patch['$setElementOrder/containerStatuses'] = nameOrder(next.containerStatuses!);
  }
  if (next.qosClass !== base.qosClass) (patch ??= {}).qosClass = next.qosClass;
  // The only fields a built status may lack, nulled in the old status's order.
  if (base.podIP !== undefined && next.podIP === undefined) (patch ??= {}).podIP = null;
  if (base.podIPs !== undefined && next.podIPs === undefined) (patch ??= {}).podIPs = null;
  return patch;
}

/** withIPs adds the diff of an IP list (`field`, merge key `ip`) to `patch`, as diffMaps would: a list new to the status goes whole. */
function withIPs(patch: JsonMap | undefined, field: string, base: { ip: string }[] | undefined, next: { ip: string }[] | undefined): JsonMap | undefined {
  if (next === undefined || next === base) return patch;
  if (base === undefined) {
    (patch ??= {})[field] = copyIPs(next);
    return patch;
  }
  const list = diffList(base, next, 'ip');
  if (list === undefined) return patch;
  patch ??= {};
  if (list.length > 0) patch[field] = list;
  patch[`$setElementOrder/${field}`] = next.map((item) => ({ ip: item.ip }));
  return patch;
}

/**
 * diffBuiltConditions is diffList(base, next, 'type') for the builder's conditions: the same types
 * at the same places, so each pair is compared where it stands; its own conditions by their
 * fields, PodScheduled by the general diff.
 */
function diffBuiltConditions(base: PodCondition[], next: PodCondition[]): unknown[] | undefined {
  if (base.length !== BUILT_CONDITIONS + 1 || next.length !== BUILT_CONDITIONS + 1) return diffList(base, next, 'type');
  let changed: unknown[] | undefined;
  for (let i = 0; i < BUILT_CONDITIONS; i++) {
    const old = base[i];
    const item = next[i];
    if (old === item) continue;
    const patch = typeof old.lastTransitionTime === 'string' && typeof item.lastTransitionTime === 'string' ? diffCondition(old, item) : diffMaps(old as never, item as never, 'type');
    if (patch !== undefined) (changed ??= []).push(patch);
  }
  const scheduled = next[BUILT_CONDITIONS];
  if (base[BUILT_CONDITIONS] !== scheduled) {
    const patch = diffMaps(base[BUILT_CONDITIONS] as never, scheduled as never, 'type');
    if (patch !== undefined) (changed ??= []).push(patch);
  }
  return changed;
}

/** diffCondition is diffMaps(old, item, 'type') for two conditions the builder made: type, status, lastTransitionTime, then reason and message when set, all strings. */
function diffCondition(old: PodCondition, item: PodCondition): JsonMap | undefined {
  let patch: JsonMap | undefined;
  if (item.status !== old.status) (patch ??= { type: item.type }).status = item.status;
  if (item.lastTransitionTime !== old.lastTransitionTime) (patch ??= { type: item.type }).lastTransitionTime = item.lastTransitionTime;
  if (item.reason !== undefined && item.reason !== old.reason) (patch ??= { type: item.type }).reason = item.reason;
  if (item.message !== undefined && item.message !== old.message) (patch ??= { type: item.type }).message = item.message;
  if (old.reason !== undefined && item.reason === undefined) (patch ??= { type: item.type }).reason = null;
  if (old.message !== undefined && item.message === undefined) (patch ??= { type: item.type }).message = null;
  return patch;
}

/**
 * diffBuiltContainers is diffList(base, next, 'name') for the builder's container statuses: when
 * the same names stand at the same places (a pod's containers never change), each pair is
 * compared by its fields; otherwise the general diff matches them.
 */
function diffBuiltContainers(base: ContainerStatus[], next: ContainerStatus[]): unknown[] | undefined {
  if (base.length !== next.length) return diffList(base, next, 'name');
  for (let i = 0; i < next.length; i++) if (base[i].name !== next[i].name || typeof next[i].name !== 'string') return diffList(base, next, 'name');
  let changed: unknown[] | undefined;
  for (let i = 0; i < next.length; i++) {
    const old = base[i];
    const item = next[i];
    if (old === item) continue;
    const patch = typeof old.image === 'string' && typeof item.image === 'string' ? diffContainer(old, item) : diffMaps(old as never, item as never, 'name');
    if (patch !== undefined) (changed ??= []).push(patch);
  }
  return changed;
}

/**
 * diffContainer is diffMaps(old, item, 'name') for two container statuses the builder made:
 * containerID when set, image, imageID, lastState, name, ready, restartCount, started, state.
 */
function diffContainer(old: ContainerStatus, item: ContainerStatus): JsonMap | undefined {
  let patch: JsonMap | undefined;
  if (item.containerID !== undefined && item.containerID !== old.containerID) (patch ??= { name: item.name }).containerID = item.containerID;
  if (item.image !== old.image) (patch ??= { name: item.name }).image = item.image;
  if (item.imageID !== old.imageID) (patch ??= { name: item.name }).imageID = item.imageID;
  if (item.lastState !== old.lastState) {
    const lastState = diffBuiltState(old.lastState!, item.lastState!);
    if (lastState !== undefined) (patch ??= { name: item.name }).lastState = lastState;
  }
  if (item.ready !== old.ready) (patch ??= { name: item.name }).ready = item.ready;
  if (item.restartCount !== old.restartCount) (patch ??= { name: item.name }).restartCount = item.restartCount;
  if (item.started !== old.started) (patch ??= { name: item.name }).started = item.started;
  if (item.state !== old.state) {
    const state = diffBuiltState(old.state!, item.state!);
    if (state !== undefined) (patch ??= { name: item.name }).state = state;
  }
  if (old.containerID !== undefined && item.containerID === undefined) (patch ??= { name: item.name }).containerID = null;
  return patch;
}

/**
 * diffBuiltState is diffMaps(base, next) for two container states containerStatus built: at most
 * one key (running, waiting or terminated: builtStateKind, read by name) each, holding an object of
 * strings and numbers with no undefined field. A state new to the container goes as a spread copy
 * (what plainCopy gives for such an object), one of the same kind as the diff of its fields, the
 * old one as a null: a running report turns every container's waiting state into a running one.
 */
function diffBuiltState(base: ContainerState, next: ContainerState): JsonMap | undefined {
  const kind = builtStateKind(next);
  const baseKind = builtStateKind(base);
  let patch: JsonMap | undefined;
  if (kind !== undefined) {
    const value = next[kind] as JsonMap;
    if (baseKind !== kind) patch = { [kind]: { ...value } };
    else if (base[kind] !== value) {
      const fields = diffMaps(base[kind] as JsonMap, value);
      if (fields !== undefined) patch = { [kind]: fields };
    }
  }
  if (baseKind !== undefined && baseKind !== kind) (patch ??= {})[baseKind] = null;
  return patch;
}

/** copyIPs is plainCopy of an IP list podStatusFromView built (`{ ip }` items); any other item goes through plainCopy. */
function copyIPs(list: readonly { ip: string }[]): { ip: string }[] {
  const out: { ip: string }[] = [];
  for (let i = 0; i < list.length; i++) {
    const ip = list[i].ip;
    out.push(typeof ip === 'string' ? { ip } : plainCopy(list[i]));
  }
  return out;
}

/** typeOrder is elementOrder(conditions, 'type') for the builder's conditions, every one an object. */
function typeOrder(conditions: readonly PodCondition[]): JsonMap[] {
  const order: JsonMap[] = [];
  for (let i = 0; i < conditions.length; i++) order.push({ type: conditions[i].type });
  return order;
}

/** nameOrder is elementOrder(statuses, 'name') for the builder's container statuses. */
function nameOrder(statuses: readonly ContainerStatus[]): JsonMap[] {
  const order: JsonMap[] = [];
  for (let i = 0; i < statuses.length; i++) order.push({ name: statuses[i].name });
  return order;
}
