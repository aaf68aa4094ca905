/**
 * ServiceAccount admission: every pod runs as a service account (`default` unless named), which must
 * exist, and gets the `kube-api-access-<suffix>` projected volume (token, cluster CA, namespace)
 * mounted at /var/run/secrets/kubernetes.io/serviceaccount in each container.
 */
import { forbidden, StatusError } from '../../api/status';
import type { Container, Pod, PodSpec, Volume } from '../../api/types';
import { freezeThrough } from '../../sim/freeze';
import type { AdmissionLookups, AdmissionPlugin } from './types';

/** SERVICE_ACCOUNT_MOUNT_PATH is where the token volume is mounted in containers. */
export const SERVICE_ACCOUNT_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';

/**
 * API_ACCESS_PROJECTION is the projection of every kube-api-access volume (token, cluster CA,
 * namespace): the same for every pod, so one deeply frozen object serves them all (always frozen,
 * not only under the test guard: a write to it would change every pod).
 */
const API_ACCESS_PROJECTION = freezeThrough({
  defaultMode: 420,
  sources: [
    { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
    { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
    { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
  ],
});

function apiAccessVolume(name: string): Volume {
  return { name, projected: API_ACCESS_PROJECTION as Volume['projected'] };
}

/** NONE stands for an absent list (read only). */
const NONE: readonly never[] = Object.freeze([]);

/**
 * tokenMountIn tells whether a container of the list mounts something at SERVICE_ACCOUNT_MOUNT_PATH
 * (then the pod is left alone); undefined when, before one does, a container is absent or its
 * mounts are no array (mountTokenAnyShape then fails as it always did).
 */
function tokenMountIn(containers: readonly Container[]): boolean | undefined {
  for (let i = 0; i < containers.length; i++) {
    const c = containers[i];
    if (c === undefined || c === null) return undefined;
    const mounts = c.volumeMounts;
    if (mounts === undefined || mounts === null) continue;
    if (!Array.isArray(mounts)) return undefined;
    for (let j = 0; j < mounts.length; j++) if (mounts[j].mountPath === SERVICE_ACCOUNT_MOUNT_PATH) return true;
  }
  return false;
}

/** addTokenMount mounts the token volume read-only in each container of the list, after its own mounts. */
function addTokenMount(containers: readonly Container[], volumeName: string): void {
  for (let i = 0; i < containers.length; i++) {
    const c = containers[i];
    if (!c || typeof c !== 'object') continue;
    const mounts = c.volumeMounts;
    const mount = { name: volumeName, readOnly: true, mountPath: SERVICE_ACCOUNT_MOUNT_PATH };
    c.volumeMounts = mounts === undefined || mounts === null || mounts.length === 0 ? [mount] : [...mounts, mount];
  }
}

/** mountTokenAnyShape mounts the token as the admit fast path does, for lists of any shape (spread, as the plugin always did). */
function mountTokenAnyShape(spec: PodSpec, lookups: AdmissionLookups): void {
  const containers = [...(spec.containers ?? []), ...(spec.initContainers ?? [])];
  if (containers.some((c) => (c.volumeMounts ?? []).some((m) => m.mountPath === SERVICE_ACCOUNT_MOUNT_PATH))) return;
  const volumeName = `kube-api-access-${lookups.suffix()}`;
  spec.volumes = [...(spec.volumes ?? []), apiAccessVolume(volumeName)];
  for (const c of containers) {
    if (c && typeof c === 'object') c.volumeMounts = [...(c.volumeMounts ?? []), { name: volumeName, readOnly: true, mountPath: SERVICE_ACCOUNT_MOUNT_PATH }];
  }
}

export const ServiceAccount: AdmissionPlugin = {
  name: 'ServiceAccount',
  resources: ['pods'],
  operations: ['CREATE'],
  mainResourceOnly: true,
  admit(a, lookups) {
    if (a.resource.resource !== 'pods' || a.subresource || a.operation !== 'CREATE' || !a.object) return;
    const pod = a.object as Pod & { spec: { automountServiceAccountToken?: boolean } };
    if (pod.metadata?.annotations?.['kubernetes.io/config.mirror'] !== undefined) return;
    const spec = pod.spec;
    if (!spec || typeof spec !== 'object') return;
    spec.serviceAccountName = spec.serviceAccountName || 'default';
    spec.serviceAccount = spec.serviceAccountName;
    const account = lookups.serviceAccount(a.namespace, spec.serviceAccountName) as { automountServiceAccountToken?: boolean } | undefined;
    if (!account) {
      const why = `error looking up service account ${a.namespace}/${spec.serviceAccountName}: serviceaccount "${spec.serviceAccountName}" not found`;
      throw new StatusError(forbidden({ group: '', resource: 'pods' }, a.name, why));
    }
    const automount = spec.automountServiceAccountToken ?? account.automountServiceAccountToken ?? true;
    if (!automount) return;
    const containers = spec.containers ?? NONE;
    const initContainers = spec.initContainers ?? NONE;
    // Lists in arrays (or absent), as in every valid pod, are walked by index: the spreads and some()
    // callbacks of mountTokenAnyShape cost QuickJS an iterator and an object per element, and two
    // closures, on every pod created. Any other shape (a body validation refuses later) goes the
    // way it always went, to the same TypeError.
    if (!Array.isArray(containers) || !Array.isArray(initContainers)) return mountTokenAnyShape(spec, lookups);
    const inContainers = tokenMountIn(containers);
    const inInitContainers = inContainers === false ? tokenMountIn(initContainers) : inContainers;
    if (inInitContainers === true) return;
    const volumes = spec.volumes ?? NONE;
    if (inInitContainers === undefined || !Array.isArray(volumes)) return mountTokenAnyShape(spec, lookups);
    const volumeName = `kube-api-access-${lookups.suffix()}`;
    const volume = apiAccessVolume(volumeName);
    spec.volumes = volumes.length === 0 ? [volume] : [...volumes, volume];
    addTokenMount(containers, volumeName);
    addTokenMount(initContainers, volumeName);
  },
};
