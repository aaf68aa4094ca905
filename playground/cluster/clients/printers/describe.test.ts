import { describe, expect, it } from 'vitest';
import { describeNode } from './describe-node';
import { describePod } from './describe-pod';

const pod: any = {
  apiVersion: 'v1', kind: 'Pod',
  metadata: { name: 'nginx', namespace: 'default', uid: 'u1', creationTimestamp: '2026-01-01T00:00:00Z', labels: { run: 'nginx' }, annotations: {'kubectl.kubernetes.io/last-applied-configuration': '{}\n'} },
  spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80, protocol: 'TCP' }], volumeMounts: [{ name: 'kube-api-access-x7k2p', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true }] }],
    nodeName: 'node-1', serviceAccountName: 'default', priority: 0,
    tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }, { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }],
    volumes: [{ name: 'kube-api-access-x7k2p', projected: { sources: [{ serviceAccountToken: { expirationSeconds: 3607, path: 'token' } }, { configMap: { name: 'kube-root-ca.crt' } }, { downwardAPI: {} }] } }] },
  status: { phase: 'Running', hostIP: '192.168.49.3', podIP: '10.244.1.2', podIPs: [{ ip: '10.244.1.2' }], startTime: '2026-01-01T00:00:01Z',
    conditions: [{ type: 'PodReadyToStartContainers', status: 'True' }, { type: 'Initialized', status: 'True' }, { type: 'Ready', status: 'True' }, { type: 'ContainersReady', status: 'True' }, { type: 'PodScheduled', status: 'True' }],
    containerStatuses: [{ name: 'nginx', ready: true, restartCount: 0, image: 'nginx:1.27', imageID: 'docker.io/library/nginx@sha256:abc', containerID: 'containerd://1234', state: { running: { startedAt: '2026-01-01T00:00:04Z' } } }] },
};
const events: any[] = [
  { metadata: { name: 'e2' }, involvedObject: { kind: 'Pod', name: 'nginx' }, type: 'Normal', reason: 'Pulled', message: 'Successfully pulled image "nginx:1.27" in 2s', source: { component: 'kubelet', host: 'node-1' }, firstTimestamp: '2026-01-01T00:00:03Z', lastTimestamp: '2026-01-01T00:00:03Z', count: 1 },
  { metadata: { name: 'e1' }, involvedObject: { kind: 'Pod', name: 'nginx' }, type: 'Normal', reason: 'Scheduled', message: 'Successfully assigned default/nginx to node-1', reportingController: 'default-scheduler', eventTime: '2026-01-01T00:00:00Z' },
];
const node: any = { metadata: { name: 'node-1', creationTimestamp: '2026-01-01T00:00:00Z', labels: { 'kubernetes.io/hostname': 'node-1', 'kubernetes.io/os': 'linux' }, annotations: { 'node.alpha.kubernetes.io/ttl': '0' } },
  spec: { podCIDR: '10.244.1.0/24', podCIDRs: ['10.244.1.0/24'] },
  status: { capacity: { cpu: '2', memory: '4Gi', pods: '110' }, allocatable: { cpu: '2', memory: '4Gi', pods: '110' },
    conditions: [{ type: 'MemoryPressure', status: 'False', lastHeartbeatTime: '2026-01-01T00:00:00Z', lastTransitionTime: '2026-01-01T00:00:00Z', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' }, { type: 'Ready', status: 'True', lastHeartbeatTime: '2026-01-01T00:00:00Z', lastTransitionTime: '2026-01-01T00:00:00Z', reason: 'KubeletReady', message: 'kubelet is posting ready status' }],
    addresses: [{ type: 'InternalIP', address: '192.168.49.3' }, { type: 'Hostname', address: 'node-1' }],
    nodeInfo: { machineID: 'm', systemUUID: 's', bootID: 'b', kernelVersion: '6.1.0', osImage: 'Debian', operatingSystem: 'linux', architecture: 'amd64', containerRuntimeVersion: 'containerd://1.7.24', kubeletVersion: 'v1.32.0' } } };
const p2: any = { ...pod, metadata: { ...pod.metadata, name: 'web' }, spec: { ...pod.spec, containers: [{ name: 'a', resources: { requests: { cpu: '250m', memory: '64Mi' }, limits: { memory: '128Mi' } } }] } };

describe('describe pod', () => {
  it('lays out a running pod like kubectl 1.32, events sorted by time', () => {
    expect(describePod(pod, events, 65000)).toBe(`Name:             nginx
Namespace:        default
Priority:         0
Service Account:  default
Node:             node-1/192.168.49.3
Start Time:       Thu, 01 Jan 2026 00:00:01 +0000
Labels:           run=nginx
Annotations:      <none>
Status:           Running
IP:               10.244.1.2
IPs:
  IP:  10.244.1.2
Containers:
  nginx:
    Container ID:   containerd://1234
    Image:          nginx:1.27
    Image ID:       docker.io/library/nginx@sha256:abc
    Port:           80/TCP
    Host Port:      0/TCP
    State:          Running
      Started:      Thu, 01 Jan 2026 00:00:04 +0000
    Ready:          True
    Restart Count:  0
    Environment:    <none>
    Mounts:
      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-x7k2p (ro)
Conditions:
  Type                        Status
  PodReadyToStartContainers   True 
  Initialized                 True 
  Ready                       True 
  ContainersReady             True 
  PodScheduled                True 
Volumes:
  kube-api-access-x7k2p:
    Type:                    Projected (a volume that contains injected data from multiple sources)
    TokenExpirationSeconds:  3607
    ConfigMapName:           kube-root-ca.crt
    ConfigMapOptional:       <nil>
    DownwardAPI:             true
QoS Class:                   BestEffort
Node-Selectors:              <none>
Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
Events:
  Type    Reason     Age   From               Message
  ----    ------     ----  ----               -------
  Normal  Scheduled  65s   default-scheduler  Successfully assigned default/nginx to node-1
  Normal  Pulled     62s   kubelet            Successfully pulled image "nginx:1.27" in 2s
`);
  });

  it('shows <none> for what an unscheduled pod lacks, and Events on the last aligned line', () => {
    const pending = { ...pod, spec: { ...pod.spec, nodeName: undefined, volumes: [], tolerations: [] }, status: { phase: 'Pending' } };
    expect(describePod(pending, [], 1000)).toBe(`Name:             nginx
Namespace:        default
Priority:         0
Service Account:  default
Node:             <none>
Labels:           run=nginx
Annotations:      <none>
Status:           Pending
IP:               
IPs:              <none>
Containers:
  nginx:
    Image:        nginx:1.27
    Port:         80/TCP
    Host Port:    0/TCP
    Environment:  <none>
    Mounts:
      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-x7k2p (ro)
Volumes:         <none>
QoS Class:       BestEffort
Node-Selectors:  <none>
Tolerations:     <none>
Events:          <none>
`);
  });
});

describe('describe node', () => {
  it('lays out a node with its lease, pods and allocated resources', () => {
    expect(describeNode(node, { spec: { holderIdentity: 'node-1', renewTime: '2026-01-01T00:00:50Z' } } as any, [pod, p2], [], 60000)).toBe(`Name:               node-1
Roles:              <none>
Labels:             kubernetes.io/hostname=node-1
                    kubernetes.io/os=linux
Annotations:        node.alpha.kubernetes.io/ttl: 0
CreationTimestamp:  Thu, 01 Jan 2026 00:00:00 +0000
Taints:             <none>
Unschedulable:      false
Lease:
  HolderIdentity:  node-1
  AcquireTime:     <unset>
  RenewTime:       Thu, 01 Jan 2026 00:00:50 +0000
Conditions:
  Type             Status  LastHeartbeatTime                 LastTransitionTime                Reason                       Message
  ----             ------  -----------------                 ------------------                ------                       -------
  MemoryPressure   False   Thu, 01 Jan 2026 00:00:00 +0000   Thu, 01 Jan 2026 00:00:00 +0000   KubeletHasSufficientMemory   kubelet has sufficient memory available
  Ready            True    Thu, 01 Jan 2026 00:00:00 +0000   Thu, 01 Jan 2026 00:00:00 +0000   KubeletReady                 kubelet is posting ready status
Addresses:
  InternalIP:  192.168.49.3
  Hostname:    node-1
Capacity:
  cpu:     2
  memory:  4Gi
  pods:    110
Allocatable:
  cpu:     2
  memory:  4Gi
  pods:    110
System Info:
  Machine ID:                 m
  System UUID:                s
  Boot ID:                    b
  Kernel Version:             6.1.0
  OS Image:                   Debian
  Operating System:           linux
  Architecture:               amd64
  Container Runtime Version:  containerd://1.7.24
  Kubelet Version:            v1.32.0
PodCIDR:                      10.244.1.0/24
PodCIDRs:                     10.244.1.0/24
Non-terminated Pods:          (2 in total)
  Namespace                   Name     CPU Requests  CPU Limits  Memory Requests  Memory Limits  Age
  ---------                   ----     ------------  ----------  ---------------  -------------  ---
  default                     nginx    0 (0%)        0 (0%)      0 (0%)           0 (0%)         60s
  default                     web      250m (12%)    0 (0%)      64Mi (1%)        128Mi (3%)     60s
Allocated resources:
  (Total limits may be over 100 percent, i.e., overcommitted.)
  Resource           Requests    Limits
  --------           --------    ------
  cpu                250m (12%)  0 (0%)
  memory             64Mi (1%)   128Mi (3%)
  ephemeral-storage  0 (0%)      0 (0%)
Events:              <none>
`);
  });
});
