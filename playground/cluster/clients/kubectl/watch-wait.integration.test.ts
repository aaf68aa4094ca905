import { describe, expect, it } from 'vitest';
import type { Pod } from '../../api/types';
import { startTestCluster } from '../../controllers/test-cluster';
import { kubectl } from './index';
import type { CommandResult } from './result';

function cluster() {
  const c = startTestCluster({ nodes: [{ nodeName: 'node-1', index: 1 }] });
  c.ctx.loop.advanceTo(5_000);
  const run = (line: string): CommandResult & { at: number } => {
    let result: CommandResult | undefined;
    kubectl({ client: c.admin, loop: c.ctx.loop }, line, (r) => (result = r));
    c.ctx.loop.runUntil(() => result !== undefined, c.ctx.loop.now() + 600_000);
    if (!result) throw new Error(`kubectl ${line} never finished`);
    return { ...result, at: c.ctx.loop.now() };
  };
  return { c, run };
}

describe('kubectl wait', () => {
  it('waits in virtual time for a pod to become Ready, and prints "condition met"', () => {
    const { run } = cluster();
    const started = run('run nginx --image=nginx:1.27').at;
    const waited = run('wait --for=condition=Ready pod/nginx --timeout=60s');
    expect(waited).toMatchObject({ stdout: 'pod/nginx condition met\n', stderr: '', exitCode: 0 });
    // It returned when the kubelet reported Ready (a few seconds), not at the timeout.
    expect(waited.at - started).toBeGreaterThan(1_000);
    expect(waited.at - started).toBeLessThan(10_000);
    expect(run('get pod nginx').stdout).toMatch(/^NAME {4}READY {3}STATUS {4}RESTARTS {3}AGE\nnginx {3}1\/1 {5}Running {3}0 /);
  });

  it('times out with kubectl\'s message, and says NotFound for a pod that does not exist', () => {
    const { run } = cluster();
    run('run nginx --image=nginx:1.27');
    const before = run('get pods').at;
    const waited = run('wait --for=condition=Bogus pod/nginx --timeout=3s');
    expect(waited).toMatchObject({ stdout: '', stderr: 'error: timed out waiting for the condition on pods/nginx\n', exitCode: 1 });
    expect(waited.at - before).toBe(3_000);
    expect(run('wait --for=condition=Ready pod/nope')).toMatchObject({ stderr: 'Error from server (NotFound): pods "nope" not found\n', exitCode: 1 });
    expect(run('wait pod/nginx').stderr).toBe('error: --for must be specified\n');
  });

  it('--for=delete waits through the graceful deletion; an already deleted pod passes quietly', () => {
    const { run } = cluster();
    run('run nginx --image=nginx:1.27');
    run('wait --for=condition=Ready pod/nginx');
    expect(run('delete pod nginx --wait=false').stdout).toBe('pod "nginx" deleted\n');
    expect(run('get pods').stdout).toContain('Terminating');
    expect(run('wait --for=delete pod/nginx --timeout=60s')).toMatchObject({ stdout: 'pod/nginx condition met\n', exitCode: 0 });
    expect(run('get pods').stderr).toBe('No resources found in default namespace.\n');
    expect(run('wait --for=delete pod/nginx')).toMatchObject({ stdout: '', stderr: '', exitCode: 0 });
  });
});

describe('kubectl get -w', () => {
  it('prints the list, then a row per change, aligned under the header, until --request-timeout', () => {
    const { c, run } = cluster();
    c.create('pods', 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } });
    const before = c.ctx.loop.now();
    const watched = run('get pods -w --request-timeout=20s');
    const lines = watched.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('NAME   READY   STATUS    RESTARTS   AGE');
    expect(lines[1]).toBe('web    0/1     Pending   0          0s');
    expect(lines.slice(2).map((line) => line.split(/\s{2,}/)[2])).toEqual(expect.arrayContaining(['ContainerCreating', 'Running']));
    // Columns only grow: the Running row keeps the width ContainerCreating needed.
    expect(lines.at(-1)).toMatch(/^web {4}1\/1 {5}Running {13}0 {10}\ds$/);
    expect(watched).toMatchObject({ stderr: '', exitCode: 0 });
    // The watch ran 20 s of virtual time after the list came back (a few ms).
    expect(watched.at - before).toBeGreaterThanOrEqual(20_000);
    expect(watched.at - before).toBeLessThan(20_010);
  });

  it('watches one pod by name without repeating it, and --watch-only skips the current state', () => {
    const { run } = cluster();
    run('run nginx --image=nginx:1.27');
    run('wait --for=condition=Ready pod/nginx');
    const quiet = run('get pod nginx -w --request-timeout=5s');
    expect(quiet.stdout.trimEnd().split('\n')).toHaveLength(2);
    run('run web --image=nginx:1.27');
    const only = run('get pods --watch-only --request-timeout=10s').stdout.trimEnd().split('\n');
    expect(only[0]).toBe('NAME   READY   STATUS    RESTARTS   AGE');
    expect(only.slice(1).every((line) => line.startsWith('web '))).toBe(true);
    expect(run('get pods -w --request-timeout=0').stderr).toContain('--request-timeout=0 would watch forever');
    expect(run('get pods,nodes -w').stderr).toBe('error: you may only specify a single resource type\n');
  });
});

describe('kubectl set image, run --image-pull-policy, logs', () => {
  it('set image patches the container, the kubelet restarts it, and an unknown container is an error', () => {
    const { c, run } = cluster();
    run('run nginx --image=nginx:1.27');
    run('wait --for=condition=Ready pod/nginx');
    expect(run('set image pod/nginx nginx=nginx:1.28')).toMatchObject({ stdout: 'pod/nginx image updated\n', exitCode: 0 });
    expect(run('set image pod/nginx nginx=nginx:1.28')).toMatchObject({ stdout: '', stderr: '', exitCode: 0 });
    expect(run('set image pod/nginx sidecar=busybox')).toMatchObject({ stderr: 'error: unable to find container named "sidecar"\n', exitCode: 1 });
    c.run();
    const status = c.get<Pod>('pods', 'default', 'nginx')!.status!.containerStatuses![0];
    expect(status).toMatchObject({ image: 'docker.io/library/nginx:1.28', restartCount: 1 });
  });

  it('set image changes a ReplicaSet\'s pod template', () => {
    const { c, run } = cluster();
    c.create('replicasets', 'default', {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'web' },
      spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } },
    } as never);
    expect(run('set image replicaset web *=nginx:1.28').stdout).toBe('replicaset.apps/web image updated\n');
    expect(run('get rs web -o yaml').stdout).toContain('image: nginx:1.28');
  });

  it('run --image-pull-policy sets the policy, and refuses an unknown one', () => {
    const { c, run } = cluster();
    run('run nginx --image=nginx:1.27 --image-pull-policy=Never');
    expect(c.get<Pod>('pods', 'default', 'nginx')!.spec.containers[0].imagePullPolicy).toBe('Never');
    expect(run('run x --image=nginx --image-pull-policy=Sometimes')).toMatchObject({ stderr: "error: invalid image pull policy: Sometimes\nSee 'kubectl run -h' for help and examples\n", exitCode: 1 });
  });

  it('logs says the simulated runtime keeps no logs, after checking the pod and container exist', () => {
    const { run } = cluster();
    run('run nginx --image=nginx:1.27');
    const logs = run('logs nginx');
    expect(logs.exitCode).toBe(1);
    expect(logs.stderr).toMatch(/^error: no logs for container "nginx" in pod "nginx": the playground's container runtime is simulated; its containers run no process and keep no logs/);
    expect(run('logs nope').stderr).toBe('Error from server (NotFound): pods "nope" not found\n');
    expect(run('logs nginx -c sidecar').stderr).toBe('Error from server (BadRequest): container sidecar is not valid for pod nginx\n');
  });
});
