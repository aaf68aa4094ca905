/**
 * Pod defaulting (pkg/apis/core/v1/defaults.go SetDefaults_Pod, _PodSpec, _Container): the fields
 * `kubectl get pod -o yaml` shows although nobody wrote them. Applied on decode of a request body.
 */
import type { Container, Pod, PodSpec } from '../../../api/types';

/** EMPTY_SECURITY_CONTEXT is the defaulted pod securityContext, one frozen object for every pod. */
const EMPTY_SECURITY_CONTEXT: Record<string, unknown> = Object.freeze({});

/** defaultImagePullPolicy is Always for `:latest` or an untagged image, IfNotPresent otherwise. */
export function defaultImagePullPolicy(image: string | undefined): Container['imagePullPolicy'] {
  if (!image) return 'IfNotPresent';
  const withoutDigest = image.split('@')[0];
  const lastSegment = withoutDigest.slice(withoutDigest.lastIndexOf('/') + 1);
  if (image.includes('@')) return 'IfNotPresent';
  const colon = lastSegment.lastIndexOf(':');
  const tag = colon < 0 ? '' : lastSegment.slice(colon + 1);
  return tag === '' || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultContainer(container: Container): void {
  if (!container || typeof container !== 'object') return;
  container.imagePullPolicy ??= defaultImagePullPolicy(container.image);
  container.terminationMessagePath ??= '/dev/termination-log';
  container.terminationMessagePolicy ??= 'File';
  const resources = (container.resources ??= {});
  // Limits without requests: the requests default to the limits.
  if (resources.limits) {
    resources.requests ??= {};
    for (const [name, quantity] of Object.entries(resources.limits)) resources.requests[name] ??= quantity;
  }
  for (const port of container.ports ?? []) port.protocol ??= 'TCP';
}

/** defaultPodSpec fills PodSpec defaults (also used for pod templates in ReplicaSets). */
export function defaultPodSpec(spec: PodSpec): void {
  if (!spec || typeof spec !== 'object') return;
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.securityContext ??= EMPTY_SECURITY_CONTEXT;
  spec.schedulerName ??= 'default-scheduler';
  spec.enableServiceLinks ??= true;
  // The deprecated serviceAccount field mirrors serviceAccountName.
  if (spec.serviceAccountName && !spec.serviceAccount) spec.serviceAccount = spec.serviceAccountName;
  if (Array.isArray(spec.containers)) spec.containers.forEach(defaultContainer);
  if (Array.isArray(spec.initContainers)) spec.initContainers.forEach(defaultContainer);
}

/** defaultPod applies SetDefaults_Pod to a decoded pod. */
export function defaultPod(pod: Pod): void {
  if (pod.spec && typeof pod.spec === 'object') defaultPodSpec(pod.spec);
}
