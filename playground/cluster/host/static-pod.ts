/**
 * renderStaticPod writes a control-plane static-pod manifest in the exact layout kubeadm produces
 * (sigs.k8s.io/yaml output: keys sorted, sequences flush with their key, `status: {}` at the end).
 * It is a template rather than a YAML library call on purpose: the reader compares this file with
 * the one on their own kubeadm node, so the text itself, down to key order, is the point.
 */
import { rememberManifestCommand } from './manifest-commands';

/** HostPathVolume is one hostPath volume and where the container mounts it. */
export interface HostPathVolume {
  name: string;
  hostPath: string;
  /** DirectoryOrCreate, FileOrCreate, File… */
  type: string;
  mountPath: string;
  readOnly: boolean;
}

/** ProbeSpec is the httpGet probe target kubeadm writes for a component. */
export interface ProbeSpec {
  host: string;
  path: { liveness: string; readiness?: string };
  /** A number, or a named port such as `probe-port`. */
  port: number | string;
  scheme: 'HTTP' | 'HTTPS';
}

/** StaticPodSpec is everything that differs between kubeadm's four control-plane manifests. */
export interface StaticPodSpec {
  name: string;
  image: string;
  /** The container command: binary name first, then flags. */
  command: string[];
  annotations?: Record<string, string>;
  /** Named container port the probes use (kube-apiserver only). */
  probePort?: { name: string; containerPort: number };
  probe: ProbeSpec;
  /** resources.requests. */
  requests: Record<string, string>;
  volumes: HostPathVolume[];
}

function httpGet(probe: ProbeSpec, path: string, indent: string): string {
  return [
    `${indent}httpGet:`,
    `${indent}  host: ${probe.host}`,
    `${indent}  path: ${path}`,
    `${indent}  port: ${probe.port}`,
    `${indent}  scheme: ${probe.scheme}`,
  ].join('\n');
}

/** renderStaticPod returns the manifest text for one control-plane component. */
export function renderStaticPod(spec: StaticPodSpec): string {
  const lines: string[] = ['apiVersion: v1', 'kind: Pod', 'metadata:'];
  const annotations = Object.entries(spec.annotations ?? {});
  if (annotations.length) {
    lines.push('  annotations:');
    for (const [key, value] of annotations) lines.push(`    ${key}: ${value}`);
  }
  lines.push('  labels:', `    component: ${spec.name}`, '    tier: control-plane', `  name: ${spec.name}`, '  namespace: kube-system');
  lines.push('spec:', '  containers:', '  - command:');
  for (const arg of spec.command) lines.push(`    - ${arg}`);
  lines.push(`    image: ${spec.image}`, '    imagePullPolicy: IfNotPresent');
  lines.push('    livenessProbe:', '      failureThreshold: 8', httpGet(spec.probe, spec.probe.path.liveness, '      '));
  lines.push('      initialDelaySeconds: 10', '      periodSeconds: 10', '      timeoutSeconds: 15');
  lines.push(`    name: ${spec.name}`);
  if (spec.probePort) {
    lines.push('    ports:', `    - containerPort: ${spec.probePort.containerPort}`, `      name: ${spec.probePort.name}`, '      protocol: TCP');
  }
  if (spec.probe.path.readiness) {
    lines.push('    readinessProbe:', '      failureThreshold: 3', httpGet(spec.probe, spec.probe.path.readiness, '      '));
    lines.push('      periodSeconds: 1', '      timeoutSeconds: 15');
  }
  lines.push('    resources:', '      requests:');
  for (const [resource, quantity] of Object.entries(spec.requests)) lines.push(`        ${resource}: ${quantity}`);
  lines.push('    startupProbe:', '      failureThreshold: 24', httpGet(spec.probe, spec.probe.path.liveness, '      '));
  lines.push('      initialDelaySeconds: 10', '      periodSeconds: 10', '      timeoutSeconds: 15');
  const mounts = [...spec.volumes].sort((a, b) => (a.mountPath < b.mountPath ? -1 : 1));
  lines.push('    volumeMounts:');
  for (const volume of mounts) {
    lines.push(`    - mountPath: ${volume.mountPath}`, `      name: ${volume.name}`);
    if (volume.readOnly) lines.push('      readOnly: true');
  }
  lines.push('  hostNetwork: true', '  priority: 2000001000', '  priorityClassName: system-node-critical');
  lines.push('  securityContext:', '    seccompProfile:', '      type: RuntimeDefault', '  volumes:');
  for (const volume of [...spec.volumes].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    lines.push('  - hostPath:', `      path: ${volume.hostPath}`, `      type: ${volume.type}`, `    name: ${volume.name}`);
  }
  lines.push('status: {}', '');
  const text = lines.join('\n');
  // The kubelet and kube-apiserver read this command back at every boot; remember it instead.
  rememberManifestCommand(text, spec.command);
  return text;
}

/** CA_VOLUMES are the system CA bundles kubeadm mounts into the API server and controller-manager. */
export const CA_VOLUMES: HostPathVolume[] = [
  { name: 'ca-certs', hostPath: '/etc/ssl/certs', type: 'DirectoryOrCreate', mountPath: '/etc/ssl/certs', readOnly: true },
  { name: 'etc-ca-certificates', hostPath: '/etc/ca-certificates', type: 'DirectoryOrCreate', mountPath: '/etc/ca-certificates', readOnly: true },
  { name: 'usr-local-share-ca-certificates', hostPath: '/usr/local/share/ca-certificates', type: 'DirectoryOrCreate', mountPath: '/usr/local/share/ca-certificates', readOnly: true },
  { name: 'usr-share-ca-certificates', hostPath: '/usr/share/ca-certificates', type: 'DirectoryOrCreate', mountPath: '/usr/share/ca-certificates', readOnly: true },
];

/** flagArgs renders a flag map as `--name=value` arguments sorted by name, as kubeadm does. */
export function flagArgs(flags: Record<string, string>): string[] {
  return Object.keys(flags)
    .sort()
    .map((name) => `--${name}=${flags[name]}`);
}
