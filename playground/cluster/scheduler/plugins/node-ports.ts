/**
 * NodePorts (the old PodFitsHostPorts predicate): a pod asking for a host port cannot share a node
 * with another pod using the same protocol and port. Every host port is on 0.0.0.0 here.
 */
import { SUCCESS, unschedulable, type FilterPlugin } from '../types';

/** REASON_NODE_PORTS is kube-scheduler's NodePorts ErrReason. */
export const REASON_NODE_PORTS = "node(s) didn't have free ports for the requested pod ports";

/** NodePorts filters out nodes where a requested host port is taken. */
export const NodePorts = {
  name: 'NodePorts',
  skip: (_pod, state) => state.pod.hostPorts.length === 0,
  filter(_pod, nodeInfo, state) {
    for (const port of state.pod.hostPorts) {
      if (nodeInfo.usedPorts.has(port)) return unschedulable(REASON_NODE_PORTS);
    }
    return SUCCESS;
  },
} satisfies FilterPlugin;
