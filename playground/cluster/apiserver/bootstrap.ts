/**
 * bootstrapObjects is what the real server's post-start hooks create: the system namespaces and the
 * default RBAC policy. It also creates each namespace's `default` ServiceAccount, which in a real
 * cluster is the job of the serviceaccount controller in kube-controller-manager (simplified here).
 * Existing objects are left alone, so it is safe on every start.
 */
import { StatusError } from '../api/status';
import type { KubeObject } from '../api/types';
import { bootstrapClusterRoleBindings, bootstrapClusterRoles } from './bootstrap-policy';
import type { Store } from './registry/store';

/** SYSTEM_NAMESPACES are created at start. */
export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

function createIfMissing(store: Store, namespace: string, object: KubeObject): void {
  if (store.tryGet(namespace, object.metadata?.name ?? '')) return;
  store.strategy.defaults(object);
  try {
    store.create(namespace, object);
  } catch (error) {
    if (!(error instanceof StatusError && error.status.reason === 'AlreadyExists')) throw error;
  }
}

/** ensureDefaultServiceAccount creates `default` in a namespace (the serviceaccount controller's job). */
export function ensureDefaultServiceAccount(stores: ReadonlyMap<string, Store>, namespace: string): void {
  createIfMissing(stores.get('serviceaccounts')!, namespace, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace } });
}

export function bootstrapObjects(stores: ReadonlyMap<string, Store>): void {
  for (const name of SYSTEM_NAMESPACES) {
    createIfMissing(stores.get('namespaces')!, '', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  }
  for (const role of bootstrapClusterRoles()) createIfMissing(stores.get('clusterroles')!, '', role);
  for (const binding of bootstrapClusterRoleBindings()) createIfMissing(stores.get('clusterrolebindings')!, '', binding);
  for (const name of SYSTEM_NAMESPACES) ensureDefaultServiceAccount(stores, name);
}
