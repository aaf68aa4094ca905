/**
 * TaintNodesByCondition taints every new Node `node.kubernetes.io/not-ready:NoSchedule`; the node
 * lifecycle controller removes it once the kubelet reports Ready, so nothing lands on a node
 * before it can run pods.
 */
import type { Node } from '../../api/types';
import type { AdmissionPlugin } from './types';

export const TaintNodesByCondition: AdmissionPlugin = {
  name: 'TaintNodesByCondition',
  resources: ['nodes'],
  operations: ['CREATE'],
  mainResourceOnly: true,
  admit(a) {
    if (a.resource.resource !== 'nodes' || a.subresource || a.operation !== 'CREATE' || !a.object) return;
    const node = a.object as Node;
    node.spec = node.spec ?? {};
    const taints = node.spec.taints ?? [];
    if (!taints.some((t) => t.key === 'node.kubernetes.io/not-ready' && t.effect === 'NoSchedule')) {
      node.spec.taints = [...taints, { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }];
    }
  },
};
