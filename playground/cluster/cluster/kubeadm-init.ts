/**
 * The one API write of `kubeadm init` this cluster needs: since kubeadm 1.29, admin.conf's user is
 * in the group kubeadm:cluster-admins rather than system:masters, and that group only gets its
 * power from a ClusterRoleBinding of the same name to the cluster-admin ClusterRole. kube-apiserver
 * does not create it; kubeadm does, once the server answers, as the super-admin (system:masters),
 * because admin.conf's user cannot write RBAC before the binding exists
 * (cmd/kubeadm/app/phases/kubeconfig `EnsureAdminClusterRoleBinding`).
 */
import type { ApiClient } from '../api/client';
import type { RoleBinding, Status } from '../api/types';
import type { EventLoop } from '../sim/loop';
import { CLUSTER_ADMINS_GROUP } from '../host/node-files';

/** KUBEADM is kubeadm's lifeline in the trace. */
export const KUBEADM = 'kubeadm';

/** ADMIN_BINDING_RETRY_MS is how long kubeadm waits before trying again (the server may not listen yet). */
export const ADMIN_BINDING_RETRY_MS = 1_000;
/** ADMIN_BINDING_ATTEMPTS bounds the retries, as kubeadm's own wait gives up after a while. */
export const ADMIN_BINDING_ATTEMPTS = 120;

/** clusterAdminsBinding is the ClusterRoleBinding kubeadm creates, as it writes it. */
export function clusterAdminsBinding(): RoleBinding {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: CLUSTER_ADMINS_GROUP },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: CLUSTER_ADMINS_GROUP }],
  };
}

/** AdminBindingProgress tells whether the binding exists yet, and the last failure if not. */
export interface AdminBindingProgress {
  readonly done: boolean;
  readonly lastError: string | undefined;
}

/**
 * ensureAdminClusterRoleBinding creates the kubeadm:cluster-admins ClusterRoleBinding through
 * `superAdmin` (a client with super-admin.conf's identity), retrying every second until the API
 * server accepts it or says it already exists (at most ADMIN_BINDING_ATTEMPTS times).
 */
export function ensureAdminClusterRoleBinding(superAdmin: ApiClient, loop: EventLoop): AdminBindingProgress {
  const progress = { done: false, lastError: undefined as string | undefined };
  let attempts = 0;
  const attempt = (): void => {
    attempts++;
    superAdmin.create<RoleBinding>({ resource: 'clusterrolebindings' }, clusterAdminsBinding(), (result) => {
      if (result.ok || (result.status as Status).reason === 'AlreadyExists') {
        progress.done = true;
        progress.lastError = undefined;
        return;
      }
      progress.lastError = result.status.message ?? `HTTP ${result.code}`;
      if (attempts < ADMIN_BINDING_ATTEMPTS) loop.schedule(ADMIN_BINDING_RETRY_MS, `${KUBEADM}: retry ClusterRoleBinding ${CLUSTER_ADMINS_GROUP}`, attempt);
    });
  };
  attempt();
  return progress;
}
