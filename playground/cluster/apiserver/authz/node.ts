/**
 * Node authorizer, simplified (plugin/pkg/auth/authorizer/node). It speaks only for kubelets —
 * users `system:node:<node>` in group `system:nodes` — and allows what a kubelet needs for its own
 * node: read nodes, write its own Node (and status) and Lease, read pods, update the status of and
 * delete pods bound to it, write events. The real one walks a graph of pods, secrets, volumes and
 * service accounts; we model only the pod-to-node edge. Anything else: no opinion.
 */
import type { Pod } from '../../api/types';
import { setHiddenNote } from '../registry/hidden-note';
import type { Authorizer, Decision } from './types';

function parseNodeName(user: { name: string; groups: string[] }): string | undefined {
  if (!user.groups.includes('system:nodes') || !user.name.startsWith('system:node:')) return undefined;
  return user.name.slice('system:node:'.length) || undefined;
}

/**
 * NODE_OF keys the node a user is the kubelet of (null for users who are no kubelet) on the user
 * itself, as a hidden note (see setHiddenNote). Every request passes here (and every kubelet write
 * through NodeRestriction), and users are shared by every request with the same credential: each
 * is looked at once, and the answer is a property read, where a WeakMap lookup was a call in an
 * interpreter. A user that cannot take the note (frozen) is looked at every time.
 */
const NODE_OF = Symbol('nodeOf');

/** nodeNameOf returns the node a user is the kubelet of, or undefined for other users. */
export function nodeNameOf(user: { name: string; groups: string[] }): string | undefined {
  let node = (user as { [NODE_OF]?: string | null })[NODE_OF];
  if (node === undefined) {
    node = parseNodeName(user) ?? null;
    if (Object.isExtensible(user)) setHiddenNote(user, NODE_OF, node);
  }
  return node ?? undefined;
}

// The verb lists as comparisons: no array search on every request.
const isRead = (verb: string) => verb === 'get' || verb === 'list' || verb === 'watch';
const isStatusVerb = (verb: string) => verb === 'get' || verb === 'update' || verb === 'patch';
const isEventVerb = (verb: string) => verb === 'create' || verb === 'update' || verb === 'patch';
// Every request passes here: the answers without a reason are shared (callers only read decisions).
const ALLOW: Decision = Object.freeze({ decision: 'allow', reason: '' });
const NO_OPINION: Decision = Object.freeze({ decision: 'no-opinion', reason: '' });

function noRelationship(node: string): Decision {
  return { decision: 'no-opinion', reason: `no relationship found between node '${node}' and this object` };
}

/** nodeAuthorizer needs the pod lookup to see which node a pod is bound to. */
export function nodeAuthorizer(podLookup: (namespace: string, name: string) => Pod | undefined): Authorizer {
  return {
    name: 'Node',
    authorize(a) {
      const node = nodeNameOf(a.user);
      if (!node || !a.isResourceRequest) return NO_OPINION;
      // Events first: a kubelet records one or more for nearly every pod it runs, its most frequent request.
      switch (a.resource) {
        case 'events':
          if (isEventVerb(a.verb)) return ALLOW;
          break;
        case 'nodes':
          if (isRead(a.verb)) return ALLOW;
          if (a.verb === 'create' || a.name === node) return ALLOW;
          return noRelationship(node);
        case 'leases':
          if (a.apiGroup !== 'coordination.k8s.io' || a.namespace !== 'kube-node-lease') break;
          return a.verb === 'create' || a.name === node || (a.verb === 'list' || a.verb === 'watch') ? ALLOW : noRelationship(node);
        case 'pods': {
          if (!a.subresource && isRead(a.verb)) return ALLOW;
          if (!a.subresource && a.verb === 'create') return ALLOW; // mirror pods
          if ((a.subresource === 'status' && isStatusVerb(a.verb)) || (!a.subresource && a.verb === 'delete')) {
            return podLookup(a.namespace, a.name)?.spec?.nodeName === node ? ALLOW : noRelationship(node);
          }
          break;
        }
      }
      return NO_OPINION;
    },
  };
}
