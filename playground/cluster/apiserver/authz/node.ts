/**
 * Node authorizer, simplified (plugin/pkg/auth/authorizer/node). It speaks only for kubelets —
 * users `system:node:<node>` in group `system:nodes` — and allows what a kubelet needs for its own
 * node: read nodes, write its own Node (and status) and Lease, read pods, update the status of and
 * delete pods bound to it, write events. The real one walks a graph of pods, secrets, volumes and
 * service accounts; we model only the pod-to-node edge. Anything else: no opinion.
 */
import type { Pod } from '../../api/types';
import type { Authorizer } from './types';

/** nodeNameOf returns the node a user is the kubelet of, or undefined for other users. */
export function nodeNameOf(user: { name: string; groups: string[] }): string | undefined {
  if (!user.groups.includes('system:nodes') || !user.name.startsWith('system:node:')) return undefined;
  return user.name.slice('system:node:'.length) || undefined;
}

const READ = ['get', 'list', 'watch'];

/** nodeAuthorizer needs the pod lookup to see which node a pod is bound to. */
export function nodeAuthorizer(podLookup: (namespace: string, name: string) => Pod | undefined): Authorizer {
  return {
    name: 'Node',
    authorize(a) {
      const node = nodeNameOf(a.user);
      if (!node || !a.isResourceRequest) return { decision: 'no-opinion', reason: '' };
      const allow = { decision: 'allow' as const, reason: '' };
      const noRelationship = { decision: 'no-opinion' as const, reason: `no relationship found between node '${node}' and this object` };
      switch (a.resource) {
        case 'nodes':
          if (READ.includes(a.verb)) return allow;
          if (a.verb === 'create' || a.name === node) return allow;
          return noRelationship;
        case 'leases':
          if (a.apiGroup !== 'coordination.k8s.io' || a.namespace !== 'kube-node-lease') break;
          return a.verb === 'create' || a.name === node || (a.verb === 'list' || a.verb === 'watch') ? allow : noRelationship;
        case 'pods': {
          if (!a.subresource && READ.includes(a.verb)) return allow;
          if (!a.subresource && a.verb === 'create') return allow; // mirror pods
          if ((a.subresource === 'status' && ['get', 'update', 'patch'].includes(a.verb)) || (!a.subresource && a.verb === 'delete')) {
            return podLookup(a.namespace, a.name)?.spec?.nodeName === node ? allow : noRelationship;
          }
          break;
        }
        case 'events':
          if (['create', 'update', 'patch'].includes(a.verb)) return allow;
          break;
      }
      return { decision: 'no-opinion', reason: '' };
    },
  };
}
