/**
 * NodeUnschedulable keeps pods off cordoned nodes (`spec.unschedulable: true`), unless the pod
 * tolerates the `node.kubernetes.io/unschedulable:NoSchedule` taint that stands for it.
 */
import { SUCCESS, sharedStatus, unresolvable, type FilterPlugin } from '../types';
import { anyNodeCordoned } from '../node-info';
import { tolerated } from './tolerations';

/** REASON_UNSCHEDULABLE is kube-scheduler's ErrReasonUnschedulable. */
export const REASON_UNSCHEDULABLE = 'node(s) were unschedulable';

const UNSCHEDULABLE_TAINT = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' } as const;

const CORDONED = sharedStatus(unresolvable(REASON_UNSCHEDULABLE));

/** NodeUnschedulable filters out cordoned nodes. */
export const NodeUnschedulable = {
  name: 'NodeUnschedulable',
  /** skip: no NodeInfo is cordoned at all, so every node passes. */
  skip: () => !anyNodeCordoned(),
  filter(pod, nodeInfo) {
    if (!nodeInfo.unschedulable) return SUCCESS;
    if (tolerated(pod.spec.tolerations, UNSCHEDULABLE_TAINT)) return SUCCESS;
    return CORDONED;
  },
} satisfies FilterPlugin;
