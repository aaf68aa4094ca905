/**
 * The pod row of `kubectl get pods`, ported from kubectl's printPod
 * (pkg/printers/internalversion/printers.go): the STATUS column is not the phase but the most
 * telling reason: a container's waiting or terminated reason (ContainerCreating, ErrImagePull,
 * ImagePullBackOff, Completed, Error…), Terminating while a deletion is pending, and so on.
 */
import type { Pod } from '../../api/types';
import { since } from './time';

/** POD_COLUMNS and POD_WIDE_COLUMNS are the headers of `get pods` and its `-o wide` extras. */
export const POD_COLUMNS = ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'];
export const POD_WIDE_COLUMNS = ['IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'];

/** PodSummary is what the READY, STATUS and RESTARTS columns show. */
export interface PodSummary {
  ready: string;
  status: string;
  restarts: string;
}

/** summarizePod computes READY, STATUS and RESTARTS exactly as kubectl does (init containers aside). */
export function summarizePod(pod: Pod, nowMs: number): PodSummary {
  const status = pod.status ?? {};
  const totalContainers = pod.spec?.containers?.length ?? 0;
  let readyContainers = 0;
  let restarts = 0;
  let lastRestart: string | undefined;
  let reason: string = status.phase ?? '';
  if (status.reason) reason = status.reason;
  for (const condition of status.conditions ?? []) {
    if (condition.type === 'PodScheduled' && condition.reason === 'SchedulingGated') reason = 'SchedulingGated';
  }
  let hasRunning = false;
  const containerStatuses = status.containerStatuses ?? [];
  for (let i = containerStatuses.length - 1; i >= 0; i--) {
    const container = containerStatuses[i];
    restarts += container.restartCount ?? 0;
    const finishedAt = container.lastState?.terminated?.finishedAt;
    if (finishedAt && (!lastRestart || finishedAt > lastRestart)) lastRestart = finishedAt;
    const state = container.state ?? {};
    if (state.waiting?.reason) reason = state.waiting.reason;
    else if (state.terminated?.reason) reason = state.terminated.reason;
    else if (state.terminated) reason = `ExitCode:${state.terminated.exitCode}`;
    else if (container.ready && state.running) {
      hasRunning = true;
      readyContainers++;
    }
  }
  if (reason === 'Completed' && hasRunning) {
    reason = (status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True') ? 'Running' : 'NotReady';
  }
  const terminal = status.phase === 'Succeeded' || status.phase === 'Failed';
  if (pod.metadata.deletionTimestamp && status.reason === 'NodeLost') reason = 'Unknown';
  else if (pod.metadata.deletionTimestamp && !terminal) reason = 'Terminating';
  const restartsText = restarts !== 0 && lastRestart ? `${restarts} (${since(lastRestart, nowMs)} ago)` : String(restarts);
  return { ready: `${readyContainers}/${totalContainers}`, status: reason, restarts: restartsText };
}

/** podRow is one line of `get pods` (with the wide columns when asked). */
export function podRow(pod: Pod, nowMs: number, wide: boolean): string[] {
  const summary = summarizePod(pod, nowMs);
  const row = [pod.metadata.name ?? '', summary.ready, summary.status, summary.restarts, since(pod.metadata.creationTimestamp, nowMs)];
  if (wide) {
    const podIP = pod.status?.podIPs?.[0]?.ip || pod.status?.podIP || '<none>';
    const nominated = pod.status?.nominatedNodeName || '<none>';
    const gates = (pod.spec as { readinessGates?: { conditionType: string }[] }).readinessGates ?? [];
    let readinessGates = '<none>';
    if (gates.length > 0) {
      const trueCount = gates.filter((g) => pod.status?.conditions?.find((c) => c.type === g.conditionType)?.status === 'True').length;
      readinessGates = `${trueCount}/${gates.length}`;
    }
    row.push(podIP, pod.spec?.nodeName || '<none>', nominated, readinessGates);
  }
  return row;
}
