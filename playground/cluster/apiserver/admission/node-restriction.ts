/**
 * NodeRestriction limits what kubelets (`system:node:<name>`) may write: only their own Node and
 * node Lease, the status of and deletion of pods bound to them, and mirror pods. Off by default;
 * kubeadm enables it. Messages are the real plugin's.
 */
import { forbidden, StatusError } from '../../api/status';
import type { Pod } from '../../api/types';
import { nodeNameOf } from '../authz/node';
import type { AdmissionAttributes, AdmissionPlugin } from './types';

/** refuse throws the plugin's 403 for the write `a` (a function of its own: no closure per kubelet write). */
function refuse(a: AdmissionAttributes, why: string): never {
  throw new StatusError(forbidden({ group: a.resource.group, resource: a.resource.resource }, a.name, why));
}

export const NodeRestriction: AdmissionPlugin = {
  name: 'NodeRestriction',
  resources: ['pods', 'nodes', 'leases'],
  admit(a) {
    const node = nodeNameOf(a.user);
    if (!node) return;
    switch (a.resource.resource) {
      case 'pods': {
        const pod = (a.object ?? a.oldObject) as Pod | undefined;
        const boundHere = (a.oldObject as Pod | undefined)?.spec?.nodeName === node;
        if (a.operation === 'CREATE' && !a.subresource) {
          if (pod?.metadata?.annotations?.['kubernetes.io/config.mirror'] === undefined) {
            refuse(a, `pod does not have "kubernetes.io/config.mirror" annotation, node "${node}" can only create mirror pods`);
          }
          if (pod?.spec?.nodeName !== node) refuse(a, `node "${node}" can only create pods with spec.nodeName set to itself`);
        } else if (a.subresource === 'status' && !boundHere) {
          refuse(a, `node "${node}" can only update pod status for pods with spec.nodeName set to itself`);
        } else if (a.operation === 'DELETE' && !boundHere) {
          refuse(a, `node "${node}" can only delete pods with spec.nodeName set to itself`);
        } else if (a.operation === 'UPDATE' && !a.subresource) {
          refuse(a, `node "${node}" can only update pod status`);
        } else if (a.subresource === 'binding') {
          refuse(a, `node "${node}" can only update pod status`);
        }
        return;
      }
      case 'nodes':
        if (a.name !== node) refuse(a, `node "${node}" is not allowed to modify node "${a.name}"`);
        return;
      case 'leases':
        if (a.namespace !== 'kube-node-lease' || a.name !== node) refuse(a, 'can only access node lease with the same name as the requesting node');
        return;
    }
  },
};
