/**
 * A hand-written trace of `kubectl run nginx` on a two-node cluster, shaped like the control
 * plane's recorder output, with the routine traffic (reads, watches, node heartbeats) around it.
 * Shared by the trace tests.
 */
import type { TraceEntry } from '../cluster/sim/trace';

/** heartbeat is one kubelet lease renewal: request, etcd write, response. */
export function heartbeat(t: number, node: string, id: number, revision: number): TraceEntry[] {
  const path = `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${node}`;
  return [
    { t, kind: 'request', from: `kubelet/${node}`, to: 'kube-apiserver', id, method: 'PUT', path, verb: 'update', user: `system:node:${node}` },
    { t, kind: 'etcd', from: 'kube-apiserver', to: 'etcd', op: 'txn', key: `/registry/leases/kube-node-lease/${node}`, revision, detail: 'succeeded' },
    { t, kind: 'response', from: 'kube-apiserver', to: `kubelet/${node}`, id, code: 200, reason: '', summary: `leases "${node}" replaced` },
  ];
}

/** schedulerData is the detail kube-scheduler records for an attempt where node-2 is tainted. */
export const schedulerData = {
  pod: 'default/nginx',
  attempt: 1,
  filterPlugins: ['NodeUnschedulable', 'NodeName', 'TaintToleration', 'NodeResourcesFit'],
  scorePlugins: [
    { name: 'TaintToleration', weight: 3 },
    { name: 'NodeResourcesFit', weight: 1 },
    { name: 'NodeResourcesBalancedAllocation', weight: 1 },
  ],
  selected: 'node-1',
  nodes: [
    {
      node: 'node-1',
      filter: { NodeUnschedulable: 'passed', NodeName: 'passed', TaintToleration: 'passed', NodeResourcesFit: 'passed' },
      score: {
        TaintToleration: { raw: 0, normalized: 100, weighted: 300 },
        NodeResourcesFit: { raw: 92, normalized: 92, weighted: 92 },
      },
      total: 392,
    },
    {
      node: 'node-2',
      filter: { NodeUnschedulable: 'passed', NodeName: 'passed', TaintToleration: "node(s) had untolerated taint {dedicated: gpu}" },
    },
  ],
};

/** kubectlRunNginx is the whole run, 2 heartbeats per node mixed in. */
export const kubectlRunNginx: TraceEntry[] = [
  { t: 0, kind: 'request', from: 'kube-scheduler', to: 'kube-apiserver', id: 1, method: 'GET', path: '/api/v1/pods?watch=true&resourceVersion=5', verb: 'watch', user: 'system:kube-scheduler' },
  { t: 0, kind: 'etcd', from: 'kube-apiserver', to: 'etcd', op: 'watch', key: '/registry/pods/', revision: 5, detail: '' },
  ...heartbeat(1, 'node-1', 2, 6),
  { t: 10, kind: 'request', from: 'kubectl', to: 'kube-apiserver', id: 3, method: 'POST', path: '/api/v1/namespaces/default/pods', verb: 'create', user: 'kubernetes-admin' },
  { t: 11, kind: 'etcd', from: 'kube-apiserver', to: 'etcd', op: 'txn', key: '/registry/pods/default/nginx', revision: 7, detail: 'created' },
  { t: 11, kind: 'response', from: 'kube-apiserver', to: 'kubectl', id: 3, code: 201, reason: '', summary: 'pods "nginx" created' },
  { t: 12, kind: 'watch', from: 'kube-apiserver', to: 'kube-scheduler', type: 'ADDED', resource: 'pods', namespace: 'default', name: 'nginx', resourceVersion: '7' },
  { t: 13, kind: 'action', from: 'kube-scheduler', to: 'kube-scheduler', action: 'schedule', summary: 'default/nginx → node-1', data: schedulerData },
  { t: 14, kind: 'request', from: 'kube-scheduler', to: 'kube-apiserver', id: 4, method: 'POST', path: '/api/v1/namespaces/default/pods/nginx/binding', verb: 'create', user: 'system:kube-scheduler' },
  { t: 15, kind: 'etcd', from: 'kube-apiserver', to: 'etcd', op: 'txn', key: '/registry/pods/default/nginx', revision: 8, detail: 'succeeded' },
  { t: 15, kind: 'response', from: 'kube-apiserver', to: 'kube-scheduler', id: 4, code: 201, reason: '', summary: 'binding created' },
  ...heartbeat(16, 'node-2', 5, 9),
  { t: 17, kind: 'watch', from: 'kube-apiserver', to: 'kubelet/node-1', type: 'ADDED', resource: 'pods', namespace: 'default', name: 'nginx', resourceVersion: '8' },
  { t: 18, kind: 'action', from: 'kubelet/node-1', to: 'containerd/node-1', action: 'RunPodSandbox', summary: 'default/nginx' },
  { t: 19, kind: 'request', from: 'kubectl', to: 'kube-apiserver', id: 6, method: 'GET', path: '/api/v1/namespaces/default/pods/nginx', verb: 'get', user: 'kubernetes-admin' },
  { t: 19, kind: 'etcd', from: 'kube-apiserver', to: 'etcd', op: 'range', key: '/registry/pods/default/nginx', revision: 9, detail: '1 key' },
  { t: 19, kind: 'response', from: 'kube-apiserver', to: 'kubectl', id: 6, code: 200, reason: '', summary: 'pods "nginx"' },
  ...heartbeat(20, 'node-1', 7, 10),
];
