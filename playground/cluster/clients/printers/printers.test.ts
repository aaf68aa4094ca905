import { describe, expect, it } from 'vitest';
import type { Event, Node, Pod } from '../../api/types';
import { printerFor } from './columns';
import { nodeStatus } from './node';
import { summarizePod } from './pod';
import { table } from './tabwriter';
import { rfc1123z, since } from './time';

const T0 = '2026-01-01T00:00:00Z';
const at = (seconds: number) => seconds * 1000;

function pod(name: string, status: Pod['status'] = { phase: 'Pending' }, extra: Partial<Pod['metadata']> = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', creationTimestamp: T0, ...extra },
    spec: { containers: [{ name: 'app', image: 'nginx' }] },
    status,
  };
}

const waiting = (reason: string): Pod['status'] => ({
  phase: 'Pending',
  containerStatuses: [{ name: 'app', ready: false, restartCount: 0, image: 'nginx', imageID: '', state: { waiting: { reason } } }],
});

describe('summarizePod (the STATUS column)', () => {
  it('shows the phase, then the most telling container reason', () => {
    expect(summarizePod(pod('a'), 0).status).toBe('Pending');
    expect(summarizePod(pod('a', waiting('ContainerCreating')), 0)).toEqual({ ready: '0/1', status: 'ContainerCreating', restarts: '0' });
    expect(summarizePod(pod('a', waiting('ErrImagePull')), 0).status).toBe('ErrImagePull');
    expect(summarizePod(pod('a', waiting('ImagePullBackOff')), 0).status).toBe('ImagePullBackOff');
  });

  it('counts ready running containers', () => {
    const running = pod('a', {
      phase: 'Running',
      containerStatuses: [{ name: 'app', ready: true, restartCount: 0, image: 'nginx', imageID: '', state: { running: { startedAt: T0 } } }],
    });
    expect(summarizePod(running, 0)).toEqual({ ready: '1/1', status: 'Running', restarts: '0' });
  });

  it('shows Completed, ExitCode and restarts with the time of the last one', () => {
    const done = pod('a', {
      phase: 'Succeeded',
      containerStatuses: [{ name: 'app', ready: false, restartCount: 0, image: 'nginx', imageID: '', state: { terminated: { exitCode: 0, reason: 'Completed' } } }],
    });
    expect(summarizePod(done, 0).status).toBe('Completed');
    const crashed = pod('a', {
      phase: 'Running',
      containerStatuses: [
        {
          name: 'app',
          ready: false,
          restartCount: 3,
          image: 'nginx',
          imageID: '',
          state: { terminated: { exitCode: 2 } },
          lastState: { terminated: { exitCode: 2, finishedAt: '2026-01-01T00:00:30Z' } },
        },
      ],
    });
    expect(summarizePod(crashed, at(75))).toEqual({ ready: '0/1', status: 'ExitCode:2', restarts: '3 (45s ago)' });
  });

  it('says Terminating while a graceful delete is pending, but not for a finished pod', () => {
    expect(summarizePod(pod('a', { phase: 'Running' }, { deletionTimestamp: T0 }), 0).status).toBe('Terminating');
    expect(summarizePod(pod('a', { phase: 'Succeeded' }, { deletionTimestamp: T0 }), 0).status).toBe('Succeeded');
  });
});

describe('get tables', () => {
  it('prints pods with and without -o wide', () => {
    const pods = [
      pod('nginx', {
        phase: 'Running',
        podIP: '10.244.1.2',
        podIPs: [{ ip: '10.244.1.2' }],
        containerStatuses: [{ name: 'app', ready: true, restartCount: 0, image: 'nginx', imageID: '', state: { running: {} } }],
      }),
      pod('web-7d4b9c-x2x9k', waiting('ContainerCreating')),
    ];
    pods[0].spec.nodeName = 'node-1';
    const printer = printerFor('pods');
    const render = (wide: boolean) => table([printer.columns(wide), ...pods.map((p) => printer.row(p, at(185), wide))]);
    expect(render(false)).toBe(
      ['NAME               READY   STATUS              RESTARTS   AGE', 'nginx              1/1     Running             0          3m5s', 'web-7d4b9c-x2x9k   0/1     ContainerCreating   0          3m5s'].join('\n'),
    );
    expect(render(true)).toBe(
      [
        'NAME               READY   STATUS              RESTARTS   AGE    IP           NODE     NOMINATED NODE   READINESS GATES',
        'nginx              1/1     Running             0          3m5s   10.244.1.2   node-1   <none>           <none>',
        'web-7d4b9c-x2x9k   0/1     ContainerCreating   0          3m5s   <none>       <none>   <none>           <none>',
      ].join('\n'),
    );
  });

  it('shows a pending pod\'s nominated node in the wide NOMINATED NODE column, as kubectl\'s printPod does', () => {
    const printer = printerFor('pods');
    const nominated = pod('big', { phase: 'Pending', nominatedNodeName: 'node-2' });
    expect(table([printer.columns(true), printer.row(nominated, at(60), true)])).toBe(
      ['NAME   READY   STATUS    RESTARTS   AGE   IP       NODE     NOMINATED NODE   READINESS GATES', 'big    0/1     Pending   0          60s   <none>   <none>   node-2           <none>'].join('\n'),
    );
  });

  it('prints nodes with status, roles and wide columns', () => {
    const node: Node = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'control-plane', creationTimestamp: T0, labels: { 'node-role.kubernetes.io/control-plane': '' } },
      spec: { unschedulable: true },
      status: {
        conditions: [{ type: 'Ready', status: 'True' }],
        addresses: [{ type: 'InternalIP', address: '192.168.49.2' }],
        nodeInfo: { kubeletVersion: 'v1.32.0', osImage: 'Debian GNU/Linux 12 (bookworm)', kernelVersion: '6.1.0-18-amd64', containerRuntimeVersion: 'containerd://1.7.24' },
      },
    };
    const worker: Node = { ...node, metadata: { name: 'node-1', creationTimestamp: T0 }, spec: {}, status: { ...node.status, conditions: [{ type: 'Ready', status: 'Unknown' }] } };
    const printer = printerFor('nodes');
    expect(table([printer.columns(false), printer.row(node, at(86400 * 3), false), printer.row(worker, at(86400 * 3), false)])).toBe(
      ['NAME            STATUS                     ROLES           AGE   VERSION', 'control-plane   Ready,SchedulingDisabled   control-plane   3d    v1.32.0', 'node-1          NotReady                   <none>          3d    v1.32.0'].join('\n'),
    );
    expect(table([printer.columns(true), printer.row(worker, at(30), true)])).toBe(
      [
        'NAME     STATUS     ROLES    AGE   VERSION   INTERNAL-IP    EXTERNAL-IP   OS-IMAGE                         KERNEL-VERSION   CONTAINER-RUNTIME',
        'node-1   NotReady   <none>   30s   v1.32.0   192.168.49.2   <none>        Debian GNU/Linux 12 (bookworm)   6.1.0-18-amd64   containerd://1.7.24',
      ].join('\n'),
    );
    expect(nodeStatus({ ...worker, status: {} })).toBe('Unknown');
  });

  it('prints events, namespaces, replicasets, leases and a NAME AGE fallback', () => {
    const event: Event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'nginx.1881a', namespace: 'default' },
      involvedObject: { kind: 'Pod', name: 'nginx', namespace: 'default' },
      reason: 'Scheduled',
      message: 'Successfully assigned default/nginx to node-1',
      type: 'Normal',
      firstTimestamp: '2026-01-01T00:00:02Z',
    };
    const events = printerFor('events');
    expect(table([events.columns(false), events.row(event, at(12), false)])).toBe(
      ['LAST SEEN   TYPE     REASON      OBJECT      MESSAGE', '10s         Normal   Scheduled   pod/nginx   Successfully assigned default/nginx to node-1'].join('\n'),
    );
    const ns = printerFor('namespaces');
    expect(table([ns.columns(false), ns.row({ metadata: { name: 'kube-system', creationTimestamp: T0 }, status: { phase: 'Active' } }, at(7200), false)])).toBe(
      'NAME          STATUS   AGE\nkube-system   Active   120m',
    );
    const rs = printerFor('replicasets');
    expect(
      table([rs.columns(false), rs.row({ metadata: { name: 'web-7d4b9c', creationTimestamp: T0 }, spec: { replicas: 3, selector: {}, template: { spec: { containers: [] } } }, status: { replicas: 3, readyReplicas: 2 } }, at(5), false)]),
    ).toBe('NAME         DESIRED   CURRENT   READY   AGE\nweb-7d4b9c   3         3         2       5s');
    const leases = printerFor('leases');
    expect(table([leases.columns(false), leases.row({ metadata: { name: 'node-1', creationTimestamp: T0 }, spec: { holderIdentity: 'node-1' } }, at(40), false)])).toBe(
      'NAME     HOLDER   AGE\nnode-1   node-1   40s',
    );
    const fallback = printerFor('widgets');
    expect(table([fallback.columns(false), fallback.row({ metadata: { name: 'x', creationTimestamp: T0 } }, 0, false)])).toBe('NAME   AGE\nx      0s');
  });
});

describe('time formats', () => {
  it('formats describe times as RFC1123Z and ages as HumanDuration', () => {
    expect(rfc1123z('2026-01-01T00:00:05Z')).toBe('Thu, 01 Jan 2026 00:00:05 +0000');
    expect(since(undefined, 0)).toBe('<unknown>');
    expect(since(T0, at(3 * 3600 + 60))).toBe('3h1m');
  });
});
