/**
 * ServiceAccount admission: every pod runs as a service account (`default` unless named), which must
 * exist, and gets the `kube-api-access-<suffix>` projected volume (token, cluster CA, namespace)
 * mounted at /var/run/secrets/kubernetes.io/serviceaccount in each container.
 */
import { forbidden, StatusError } from '../../api/status';
import type { Pod, Volume } from '../../api/types';
import { freezeThrough } from '../../sim/freeze';
import type { AdmissionPlugin } from './types';

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
    const containers = [...(spec.containers ?? []), ...(spec.initContainers ?? [])];
    if (containers.some((c) => (c.volumeMounts ?? []).some((m) => m.mountPath === SERVICE_ACCOUNT_MOUNT_PATH))) return;
    const volumeName = `kube-api-access-${lookups.suffix()}`;
    spec.volumes = [...(spec.volumes ?? []), apiAccessVolume(volumeName)];
    for (const c of containers) {
      if (c && typeof c === 'object') c.volumeMounts = [...(c.volumeMounts ?? []), { name: volumeName, readOnly: true, mountPath: SERVICE_ACCOUNT_MOUNT_PATH }];
    }
  },
};
