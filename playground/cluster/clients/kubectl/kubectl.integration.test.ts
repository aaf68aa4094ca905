import { describe, expect, it } from 'vitest';
import { newTestApiServer } from '../../apiserver/test-support';
import { startTestCluster } from '../../controllers/test-cluster';
import type { TestCluster } from '../../controllers/test-cluster';
import type { EventLoop } from '../../sim/loop';
import type { KubectlEnv } from './env';
import { kubectl } from './index';
import type { CommandResult } from './result';

function runner(env: KubectlEnv, loop: EventLoop) {
  return (line: string, stdin?: string): CommandResult => {
    let result: CommandResult | undefined;
    kubectl(env, line, (r) => (result = r), { stdin });
    loop.runUntil(() => result !== undefined, loop.now() + 600_000);
    if (!result) throw new Error(`kubectl ${line} never finished`);
    return result;
  };
}

function cluster(): { c: TestCluster; run: ReturnType<typeof runner> } {
  const c = startTestCluster({ nodes: [{ nodeName: 'node-1', index: 1 }] });
  c.ctx.loop.advanceTo(5_000);
  return { c, run: runner({ client: c.admin, loop: c.ctx.loop }, c.ctx.loop) };
}

const podManifest = (image: string) => `apiVersion: v1
kind: Pod
metadata:
  name: web
  labels:
    app: web
spec:
  containers:
  - name: web
    image: ${image}
`;

describe('kubectl against the real API server', () => {
  it('runs a pod and shows it Pending, then scheduled with its IP and node', () => {
    const { c, run } = cluster();
    expect(run('kubectl run nginx --image=nginx:1.27')).toEqual({ stdout: 'pod/nginx created\n', stderr: '', exitCode: 0 });
    expect(run('get pods -o wide').stdout).toBe(
      'NAME    READY   STATUS    RESTARTS   AGE   IP       NODE     NOMINATED NODE   READINESS GATES\nnginx   0/1     Pending   0          0s    <none>   <none>   <none>           <none>\n',
    );
    c.advance(30_000);
    const [header, row] = run('get pods -o wide').stdout.split('\n');
    expect(header).toMatch(/^NAME {4}READY {3}STATUS +RESTARTS {3}AGE {3}IP {11}NODE {5}NOMINATED NODE {3}READINESS GATES$/);
    expect(row).toMatch(/^nginx {3}1\/1 {5}Running {3}0 {10}30s {3}10\.244\.1\.2 {3}node-1 {3}<none> {11}<none>$/);
    expect(run('get pods').stderr).toBe('');
  });

  it('describes a pod with its events from the scheduler and the kubelet', () => {
    const { c, run } = cluster();
    run('run nginx --image=nginx:1.27 --labels=app=web,tier=front');
    c.advance(10_000);
    const page = run('describe pod nginx').stdout;
    expect(page).toMatch(/^Name:             nginx\nNamespace:        default\nPriority:         0\nService Account:  default\nNode:             node-1\/172\.18\.0\.3\n/);
    expect(page).toContain('Labels:           app=web\n                  tier=front\n');
    expect(page).toMatch(/\nEvents:\n  Type    Reason     Age   From               Message\n  ----    ------     ----  ----               -------\n  Normal  Scheduled  10s   default-scheduler  Successfully assigned default\/nginx to node-1\n/);
    expect(page).toContain('kubelet            Started container nginx\n');
  });

  it('applies: created, unchanged, configured with a strategic merge patch', () => {
    const { c, run } = cluster();
    expect(run('apply -f -', podManifest('nginx:1.27')).stdout).toBe('pod/web created\n');
    expect(run('apply -f -', podManifest('nginx:1.27')).stdout).toBe('pod/web unchanged\n');
    const before = c.ctx.trace.entries.length;
    expect(run('apply -f -', podManifest('nginx:1.28'))).toEqual({ stdout: 'pod/web configured\n', stderr: '', exitCode: 0 });
    const requests = c.ctx.trace.entries.slice(before).filter((e) => e.kind === 'request' && e.from === 'kubectl');
    expect(requests.map((e) => (e.kind === 'request' ? `${e.method} ${e.path}` : ''))).toEqual(['GET /api/v1/namespaces/default/pods/web', 'PATCH /api/v1/namespaces/default/pods/web']);
    const yaml = run('get pod web -o yaml').stdout;
    expect(yaml).toContain('  - image: nginx:1.28\n');
    expect(yaml).toContain(
      '    kubectl.kubernetes.io/last-applied-configuration: |\n      {"apiVersion":"v1","kind":"Pod","metadata":{"annotations":{},"labels":{"app":"web"},"name":"web","namespace":"default"},"spec":{"containers":[{"image":"nginx:1.28","name":"web"}]}}\n',
    );
  });

  it('deletes a running pod and waits until the kubelet has stopped it', () => {
    const { c, run } = cluster();
    run('run nginx --image=nginx:1.27');
    c.run(10_000);
    const before = c.ctx.loop.now();
    expect(run('delete pod nginx')).toEqual({ stdout: 'pod "nginx" deleted\n', stderr: '', exitCode: 0 });
    expect(c.ctx.loop.now()).toBeGreaterThan(before + 50);
    const kubectlRequests = c.ctx.trace.entries.filter((e) => e.kind === 'request' && e.from === 'kubectl' && e.t >= before);
    expect(kubectlRequests.map((e) => (e.kind === 'request' ? e.verb : ''))).toEqual(['delete', 'get', 'list', 'watch']);
    expect(c.get('pods', 'default', 'nginx')).toBeUndefined();
    expect(run('delete pod nginx')).toEqual({ stdout: '', stderr: 'Error from server (NotFound): pods "nginx" not found\n', exitCode: 1 });
  });

  it('prints kubectl errors for unknown types, missing objects, duplicates and invalid objects', () => {
    const { run } = cluster();
    expect(run('get pdos')).toEqual({ stdout: '', stderr: 'error: the server doesn\'t have a resource type "pdos"\n', exitCode: 1 });
    expect(run('get pod nope').stderr).toBe('Error from server (NotFound): pods "nope" not found\n');
    run('create -f -', podManifest('nginx'));
    expect(run('create -f -', podManifest('nginx'))).toEqual({ stdout: '', stderr: 'Error from server (AlreadyExists): error when creating "STDIN": pods "web" already exists\n', exitCode: 1 });
    expect(run('create -f -', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: broken\nspec: {}\n').stderr).toBe('The Pod "broken" is invalid: spec.containers: Required value\n');
    expect(run('get pods --bogus').stderr).toBe("error: unknown flag: --bogus\nSee 'kubectl get --help' for usage.\n");
    expect(run('apply -f -', 'kind: Pod\nmetadata: {name: x}\n  bad: indent\n').stderr).toMatch(/^error: error parsing STDIN: error converting YAML to JSON: yaml: line 3, column \d+: /);
  });

  it('cordons, labels, lists several types, and shows nodes, namespaces and versions', () => {
    const { run } = cluster();
    expect(run('cordon node-1').stdout).toBe('node/node-1 cordoned\n');
    expect(run('get no').stdout).toBe('NAME     STATUS                     ROLES    AGE   VERSION\nnode-1   Ready,SchedulingDisabled   <none>   5s    v1.32.2\n');
    expect(run('uncordon node-1').stdout).toBe('node/node-1 uncordoned\n');
    run('run nginx --image=nginx');
    expect(run('label pod nginx tier=front').stdout).toBe('pod/nginx labeled\n');
    expect(run('label pod nginx tier=back').stderr).toBe("error: 'tier' already has a value (front), and --overwrite is false\n");
    expect(run('get pods -l tier=front -o name').stdout).toBe('pod/nginx\n');
    expect(run('get pods -A --show-labels').stdout).toMatch(/^NAMESPACE   NAME    READY .* LABELS\ndefault     nginx   .* run=nginx,tier=front\n$/);
    expect(JSON.parse(run('get pod nginx -o json').stdout)).toMatchObject({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'nginx' } });
    expect(JSON.parse(run('get pods -o json').stdout)).toMatchObject({ apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items: [{ kind: 'Pod' }] });
    expect(run('get leases -n kube-node-lease').stdout).toBe('NAME     HOLDER   AGE\nnode-1   node-1   5s\n');
    expect(run('get pods,nodes').stdout).toMatch(/^NAME {8}READY .*\npod\/nginx .*\n\nNAME {10}STATUS .*\nnode\/node-1 .*\n$/);
    expect(run('get ns').stdout).toBe('NAME              STATUS   AGE\ndefault           Active   5s\nkube-node-lease   Active   5s\nkube-public       Active   5s\nkube-system       Active   5s\n');
    expect(run('version').stdout).toBe('Client Version: v1.32.0\nKustomize Version: v5.5.0\nServer Version: v1.32.0\n');
    expect(JSON.parse(run('get --raw /api/v1/namespaces/default/pods/nginx').stdout).metadata.labels).toEqual({ run: 'nginx', tier: 'front' });
  });
});

describe('kubectl auth can-i and --as', () => {
  it('answers yes or no from a SelfSubjectAccessReview, with the right exit code', () => {
    const t = newTestApiServer(['--authorization-mode=Node,RBAC', '--token-auth-file=/etc/tokens.csv'], { '/etc/tokens.csv': 'admin-token,admin,1,"system:masters"\nalice-token,alice,2\n' });
    const admin = t.client('kubectl', { token: 'admin-token' });
    const env: KubectlEnv = {
      client: admin,
      loop: t.loop,
      clientFor: (user) => (user === 'alice' ? t.client('kubectl', { token: 'alice-token' }) : undefined),
    };
    const run = runner(env, t.loop);
    expect(run('auth can-i create pods')).toEqual({ stdout: 'yes\n', stderr: '', exitCode: 0 });
    expect(run('auth can-i list pods --as alice')).toEqual({ stdout: 'no\n', stderr: '', exitCode: 1 });
    expect(run('auth can-i list nodes --as alice')).toEqual({ stdout: 'no\n', stderr: "Warning: resource 'nodes' is not namespace scoped\n", exitCode: 1 });
    expect(run('get pods --as alice')).toEqual({
      stdout: '',
      stderr: 'Error from server (Forbidden): pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "default"\n',
      exitCode: 1,
    });
    expect(run('get pods --as bob').stderr).toBe('error: no credentials for user "bob" in this cluster\n');
    const stranger = runner({ client: t.client('kubectl', { token: 'wrong' }), loop: t.loop }, t.loop);
    expect(stranger('get pods')).toEqual({ stdout: '', stderr: 'error: You must be logged in to the server (Unauthorized)\n', exitCode: 1 });
  });
});

describe('kubectl with manifests of several objects', () => {
  it('applies a ReplicaSet, scales it, and deletes everything from the same manifest', () => {
    const { c, run } = cluster();
    const manifest = `apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1.27
---
apiVersion: v1
kind: Namespace
metadata:
  name: team-a
`;
    expect(run('apply -f -', manifest).stdout).toBe('replicaset.apps/web created\nnamespace/team-a created\n');
    c.advance(10_000);
    expect(run('get rs').stdout).toBe('NAME   DESIRED   CURRENT   READY   AGE\nweb    2         2         ' + run('get rs web -o json').stdout.match(/"readyReplicas": (\d+)/)?.[1] + '       10s\n');
    expect(run('scale rs web --replicas=3').stdout).toBe('replicaset.apps/web scaled\n');
    c.advance(10_000);
    expect(run('get pods -l app=web -o name').stdout.trim().split('\n')).toHaveLength(3);
    expect(run('delete -f -', manifest)).toEqual({ stdout: 'replicaset.apps "web" deleted\nnamespace "team-a" deleted\n', stderr: '', exitCode: 0 });
    expect(run('get rs')).toEqual({ stdout: '', stderr: 'No resources found in default namespace.\n', exitCode: 0 });
    expect(run('apply -f -', 'apiVersion: v1\nkind: Widget\nmetadata:\n  name: w\n').stderr).toBe(
      'error: resource mapping not found for name: "w" namespace: "" from "STDIN": no matches for kind "Widget" in version "v1"\nensure CRDs are installed first\n',
    );
  });
});
