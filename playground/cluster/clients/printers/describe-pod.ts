/**
 * `kubectl describe pod`, laid out as kubectl 1.32's describePod: header fields, IPs, each
 * container's image, ports, state, readiness, environment and mounts, then conditions, volumes,
 * QoS class, node selectors, tolerations and the pod's events.
 */
import { podQOSClass } from '../../api/qos';
import type { Container, ContainerState, ContainerStatus, Event, Pod, Toleration, Volume } from '../../api/types';
import type { EventTimes } from './event';
import { DescribeWriter, writeAnnotations, writeMapMultiline } from './describe-writer';
import { writeEvents } from './describe-events';
import { rfc1123z, since } from './time';

function writeState(w: DescribeWriter, title: string, state: ContainerState | undefined): void {
  if (state?.running) {
    w.write(2, `${title}:\tRunning\n`);
    w.write(3, `Started:\t${state.running.startedAt ? rfc1123z(state.running.startedAt) : ''}\n`);
  } else if (state?.terminated) {
    const t = state.terminated;
    w.write(2, `${title}:\tTerminated\n`);
    if (t.reason) w.write(3, `Reason:\t${t.reason}\n`);
    if (t.message) w.write(3, `Message:\t${t.message}\n`);
    w.write(3, `Exit Code:\t${t.exitCode}\n`);
    w.write(3, `Started:\t${t.startedAt ? rfc1123z(t.startedAt) : ''}\n`);
    w.write(3, `Finished:\t${t.finishedAt ? rfc1123z(t.finishedAt) : ''}\n`);
  } else {
    w.write(2, `${title}:\tWaiting\n`);
    if (state?.waiting?.reason) w.write(3, `Reason:\t${state.waiting.reason}\n`);
    if (state?.waiting?.message) w.write(3, `Message:\t${state.waiting.message}\n`);
  }
}

function writeContainer(w: DescribeWriter, container: Container, status: ContainerStatus | undefined): void {
  w.write(1, `${container.name}:\n`);
  if (status) w.write(2, `Container ID:\t${status.containerID ?? ''}\n`);
  w.write(2, `Image:\t${container.image ?? ''}\n`);
  if (status) w.write(2, `Image ID:\t${status.imageID ?? ''}\n`);
  const ports = (container.ports ?? []).map((p) => `${p.containerPort}/${p.protocol ?? ''}`).join(', ');
  const hostPorts = (container.ports ?? []).map((p) => `${p.hostPort ?? 0}/${p.protocol ?? ''}`).join(', ');
  w.write(2, ports.includes(',') ? `Ports:\t${ports}\n` : `Port:\t${ports || '<none>'}\n`);
  w.write(2, hostPorts.includes(',') ? `Host Ports:\t${hostPorts}\n` : `Host Port:\t${hostPorts || '<none>'}\n`);
  for (const [title, words] of [['Command', container.command], ['Args', container.args]] as const) {
    if (!words?.length) continue;
    w.write(2, `${title}:\n`);
    for (const word of words) for (const part of word.split('\n')) w.write(3, `${part}\n`);
  }
  if (status) {
    writeState(w, 'State', status.state);
    if (status.lastState?.terminated) writeState(w, 'Last State', status.lastState);
    w.write(2, `Ready:\t${status.ready ? 'True' : 'False'}\n`);
    w.write(2, `Restart Count:\t${status.restartCount}\n`);
  }
  for (const [title, list] of [['Limits', container.resources?.limits], ['Requests', container.resources?.requests]] as const) {
    const names = Object.keys(list ?? {}).sort();
    if (!names.length) continue;
    w.write(2, `${title}:\n`);
    for (const name of names) w.write(3, `${name}:\t${list![name]}\n`);
  }
  const env = container.env ?? [];
  w.write(2, `Environment:${env.length ? '' : '\t<none>'}\n`);
  for (const variable of env) {
    (variable.value ?? '').split('\n').forEach((part, i) => w.write(3, i === 0 ? `${variable.name}:\t${part}\n` : `\t${part}\n`));
  }
  const mounts = [...(container.volumeMounts ?? [])].sort((a, b) => (a.mountPath < b.mountPath ? -1 : a.mountPath > b.mountPath ? 1 : 0));
  w.write(2, `Mounts:${mounts.length ? '' : '\t<none>'}\n`);
  for (const mount of mounts) w.write(3, `${mount.mountPath} from ${mount.name} (${mount.readOnly ? 'ro' : 'rw'})\n`);
}

function writeVolume(w: DescribeWriter, volume: Volume): void {
  w.write(1, `${volume.name}:\n`);
  const source = volume as Record<string, Record<string, unknown> | undefined>;
  if (source.hostPath) {
    w.write(2, `Type:\tHostPath (bare host directory volume)\n    Path:\t${source.hostPath.path}\n    HostPathType:\t${source.hostPath.type || '<none>'}\n`);
  } else if (source.emptyDir) {
    w.write(2, `Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t${source.emptyDir.medium ?? ''}\n    SizeLimit:\t${source.emptyDir.sizeLimit ?? '<unset>'}\n`);
  } else if (source.configMap) {
    w.write(2, `Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t${source.configMap.name}\n    Optional:\t${source.configMap.optional === true}\n`);
  } else if (source.secret) {
    w.write(2, `Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t${source.secret.secretName}\n    Optional:\t${source.secret.optional === true}\n`);
  } else if (source.projected) {
    w.write(2, 'Type:\tProjected (a volume that contains injected data from multiple sources)\n');
    for (const item of (source.projected.sources ?? []) as Record<string, Record<string, unknown>>[]) {
      if (item.secret) w.write(2, `SecretName:\t${item.secret.name}\n    SecretOptionalName:\t${item.secret.optional ?? '<nil>'}\n`);
      else if (item.downwardAPI) w.write(2, 'DownwardAPI:\ttrue\n');
      else if (item.configMap) w.write(2, `ConfigMapName:\t${item.configMap.name}\n    ConfigMapOptional:\t${item.configMap.optional ?? '<nil>'}\n`);
      else if (item.serviceAccountToken) w.write(2, `TokenExpirationSeconds:\t${item.serviceAccountToken.expirationSeconds}\n`);
    }
  } else w.write(1, '<unknown>\n');
}

function writeTolerations(w: DescribeWriter, tolerations: Toleration[] | undefined): void {
  w.write(0, 'Tolerations:\t');
  if (!tolerations?.length) return w.line('<none>');
  const sorted = [...tolerations].sort((a, b) => ((a.key ?? '') < (b.key ?? '') ? -1 : (a.key ?? '') > (b.key ?? '') ? 1 : 0));
  sorted.forEach((t, i) => {
    let text = i === 0 ? '' : '\t';
    text += t.key ?? '';
    if (t.value) text += `=${t.value}`;
    if (t.effect) text += `:${t.effect}`;
    if (t.operator === 'Exists' && !t.value) text += t.key || t.effect ? ' op=Exists' : 'op=Exists';
    if (t.tolerationSeconds !== undefined) text += ` for ${t.tolerationSeconds}s`;
    w.write(0, text + '\n');
  });
}

/** describePod renders `kubectl describe pod` for a pod and its events at virtual time nowMs. */
export function describePod(pod: Pod, events: readonly (Event & EventTimes)[], nowMs: number): string {
  const w = new DescribeWriter();
  const status = pod.status ?? {};
  const spec = pod.spec;
  w.write(0, `Name:\t${pod.metadata.name ?? ''}\n`);
  w.write(0, `Namespace:\t${pod.metadata.namespace ?? ''}\n`);
  if (spec.priority !== undefined) w.write(0, `Priority:\t${spec.priority}\n`);
  const priorityClassName = (spec as { priorityClassName?: string }).priorityClassName;
  if (priorityClassName) w.write(0, `Priority Class Name:\t${priorityClassName}\n`);
  if (spec.serviceAccountName) w.write(0, `Service Account:\t${spec.serviceAccountName}\n`);
  w.write(0, spec.nodeName ? `Node:\t${spec.nodeName}/${status.hostIP ?? ''}\n` : 'Node:\t<none>\n');
  if (status.startTime) w.write(0, `Start Time:\t${rfc1123z(status.startTime)}\n`);
  writeMapMultiline(w, 'Labels', pod.metadata.labels);
  writeAnnotations(w, pod.metadata.annotations);
  if (pod.metadata.deletionTimestamp && status.phase !== 'Failed' && status.phase !== 'Succeeded') {
    w.write(0, `Status:\tTerminating (lasts ${since(pod.metadata.deletionTimestamp, nowMs)})\n`);
    w.write(0, `Termination Grace Period:\t${pod.metadata.deletionGracePeriodSeconds ?? 0}s\n`);
  } else w.write(0, `Status:\t${status.phase ?? ''}\n`);
  if (status.reason) w.write(0, `Reason:\t${status.reason}\n`);
  if (status.message) w.write(0, `Message:\t${status.message}\n`);
  w.write(0, `IP:\t${status.podIP ?? ''}\n`);
  if (!status.podIPs?.length) w.write(0, 'IPs:\t<none>\n');
  else {
    w.write(0, 'IPs:\n');
    for (const ip of status.podIPs) w.write(1, `IP:\t${ip.ip}\n`);
  }
  const owner = pod.metadata.ownerReferences?.find((ref) => ref.controller);
  if (owner) w.write(0, `Controlled By:\t${owner.kind}/${owner.name}\n`);
  const statuses = new Map((status.containerStatuses ?? []).map((s) => [s.name, s]));
  if (spec.initContainers?.length) {
    w.write(0, 'Init Containers:\n');
    for (const container of spec.initContainers) writeContainer(w, container, undefined);
  }
  w.write(0, spec.containers?.length ? 'Containers:\n' : 'Containers: <none>\n');
  for (const container of spec.containers ?? []) writeContainer(w, container, statuses.get(container.name));
  if (status.conditions?.length) {
    w.write(0, 'Conditions:\n  Type\tStatus\n');
    for (const c of status.conditions) w.write(1, `${c.type} \t${c.status} \n`);
  }
  if (!spec.volumes?.length) w.write(0, 'Volumes:\t<none>\n');
  else {
    w.write(0, 'Volumes:\n');
    for (const volume of spec.volumes) writeVolume(w, volume);
  }
  w.write(0, `QoS Class:\t${podQOSClass(pod)}\n`);
  writeMapMultiline(w, 'Node-Selectors', spec.nodeSelector);
  writeTolerations(w, spec.tolerations);
  writeEvents(w, events, nowMs);
  return w.toString();
}
