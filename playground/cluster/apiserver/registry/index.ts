/**
 * buildRegistry creates one Store per stored resource with its policy, plus the status-subresource
 * policies — the equivalent of the REST storage providers the real server installs at start.
 */
import { RESOURCES } from '../../api/resources';
import { namespaceStatusStrategy, namespaceStrategy } from './namespace-strategy';
import { nodeStatusStrategy, nodeStrategy } from './node-strategy';
import { podStatusStrategy, podStrategy } from './pod/strategy';
import { replicaSetStatusStrategy, replicaSetStrategy } from './replicaset-strategy';
import { eventStrategy, leaseStrategy, roleBindingStrategy, roleStrategy, serviceAccountStrategy } from './simple-strategies';
import { Store, type StoreDeps } from './store';
import type { Strategy } from './strategy';

const STRATEGIES: Record<string, Strategy> = {
  namespaces: namespaceStrategy,
  pods: podStrategy,
  nodes: nodeStrategy,
  events: eventStrategy,
  serviceaccounts: serviceAccountStrategy,
  replicasets: replicaSetStrategy,
  leases: leaseStrategy,
  roles: roleStrategy,
  clusterroles: roleStrategy,
  rolebindings: roleBindingStrategy,
  clusterrolebindings: roleBindingStrategy,
};

const STATUS_STRATEGIES: Record<string, Strategy> = {
  namespaces: namespaceStatusStrategy,
  pods: podStatusStrategy,
  nodes: nodeStatusStrategy,
  replicasets: replicaSetStatusStrategy,
};

/** Registry is every store and status policy, by plural resource name. */
export interface Registry {
  stores: Map<string, Store>;
  statusStrategies: Map<string, Strategy>;
}

export function buildRegistry(deps: StoreDeps): Registry {
  const stores = new Map<string, Store>();
  for (const info of RESOURCES) {
    if (!info.stored) continue;
    const strategy = STRATEGIES[info.resource];
    if (!strategy) throw new Error(`no strategy for stored resource ${info.resource}`);
    stores.set(info.resource, new Store(info, strategy, deps));
  }
  return { stores, statusStrategies: new Map(Object.entries(STATUS_STRATEGIES)) };
}
