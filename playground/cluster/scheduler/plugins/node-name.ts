/**
 * NodeName honours `spec.nodeName` when a pod names its node (such pods normally bypass the
 * scheduler entirely; the filter keeps the framework correct when one does come through).
 */
import { SUCCESS, sharedStatus, unresolvable, type FilterPlugin } from '../types';

/** REASON_NODE_NAME is kube-scheduler's NodeName ErrReason. */
export const REASON_NODE_NAME = "node(s) didn't match the requested node name";

const OTHER_NODE = sharedStatus(unresolvable(REASON_NODE_NAME));

/** NodeName filters out every node but the one the pod names. */
export const NodeName = {
  name: 'NodeName',
  skip: (pod) => !pod.spec.nodeName,
  filter(pod, nodeInfo) {
    const wanted = pod.spec.nodeName;
    if (!wanted || wanted === nodeInfo.name) return SUCCESS;
    return OTHER_NODE;
  },
} satisfies FilterPlugin;
