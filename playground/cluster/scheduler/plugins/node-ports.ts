/**
 * NodePorts (the old PodFitsHostPorts predicate): a pod asking for a host port cannot share a node
 * with another pod using the same protocol and port. Every host port is on 0.0.0.0 here.
 */
import { SUCCESS, sharedStatus, unschedulable, type FilterPlugin } from '../types';

/** REASON_NODE_PORTS is kube-scheduler's NodePorts ErrReason. */
export const REASON_NODE_PORTS = "node(s) didn't have free ports for the requested pod ports";

const PORT_TAKEN = sharedStatus(unschedulable(REASON_NODE_PORTS));

/** NodePorts filters out nodes where a requested host port is taken. */
export const NodePorts = {
  name: 'NodePorts',
  skip: (_pod, state) => state.pod.hostPorts.length === 0,
  filter(_pod, nodeInfo, state) {
    const hostPorts = state.pod.hostPorts;
    for (let i = 0; i < hostPorts.length; i++) {
      if (nodeInfo.usedPorts.has(hostPorts[i])) return PORT_TAKEN;
    }
    return SUCCESS;
  },
} satisfies FilterPlugin;
