/**
 * A real kubectl binary against the local endpoint, through the kubeconfig `npm run cluster`
 * writes. Skipped (with the reason in the test name) when no kubectl is on PATH. kubectl runs as a
 * child process without blocking: the server lives in this same process.
 */
import { execFile, spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient } from '../playground/cluster/api/api-client';
import { LoopTransport } from '../playground/cluster/api/transport';
import { kubectlArgs } from '../playground/cluster/clients/kubectl';
import type { CommandResult } from '../playground/cluster/clients/kubectl/result';
import { printerFor } from '../playground/cluster/clients/printers/columns';
import { startTestServer, type TestServer } from './test-support';

const hasKubectl = spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;
const needs = hasKubectl ? '' : ' (skipped: no kubectl binary on PATH)';
const run = promisify(execFile);

let server: TestServer | undefined;
let kubectl: (...args: string[]) => Promise<{ stdout: string; stderr: string }>;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  if (!hasKubectl) return;
  server = await startTestServer();
  env = { ...process.env, KUBECONFIG: server.kubeconfigPath };
  const cacheDir = join(server.dir, 'cache');
  kubectl = (...args) => run('kubectl', [...args, `--cache-dir=${cacheDir}`], { env, timeout: 20_000 });
}, 30_000);
afterAll(() => server?.stop());

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
  labels:
    app: web
spec:
  containers:
  - name: web
    image: nginx:1.27
    ports:
    - containerPort: 80
`;

/** headerCells splits a kubectl table header into its column names. */
const headerCells = (output: string) => output.split('\n')[0].trim().split(/\s{2,}/);

/** watchUntil runs `kubectl get pods -w` until a line matches, returning every line it printed. */
function watchUntil(pattern: RegExp): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn('kubectl', ['get', 'pods', '-w', `--cache-dir=${join(server!.dir, 'cache')}`], { env });
    const lines: string[] = [];
    let buffered = '';
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`kubectl get pods -w printed no line matching ${pattern}:\n${lines.join('\n')}`));
    }, 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const parts = buffered.split('\n');
      buffered = parts.pop() ?? '';
      lines.push(...parts);
      if (parts.some((line) => pattern.test(line))) {
        clearTimeout(timer);
        child.kill();
        resolve(lines);
      }
    });
  });
}

describe('kubectl against npm run cluster', () => {
  it.skipIf(!hasKubectl)(`get nodes shows both nodes Ready, with the in-browser kubectl's columns${needs}`, async () => {
    const { stdout } = await kubectl('get', 'nodes');
    expect(headerCells(stdout)).toEqual(printerFor('nodes').columns(false));
    expect(stdout).toMatch(/^node-1\s+Ready\s+<none>\s+\d+s\s+v1\.32/m);
    expect(stdout).toMatch(/^node-2\s+Ready\s+/m);
  });

  it.skipIf(!hasKubectl)(`apply -f creates a pod that get pods -w follows to Running${needs}`, async () => {
    const manifest = join(server!.dir, 'pod.yaml');
    writeFileSync(manifest, POD);
    const watching = watchUntil(/^web\s+1\/1\s+Running/);
    const { stdout } = await kubectl('apply', '-f', manifest);
    expect(stdout.trim()).toBe('pod/web created');
    const lines = await watching;
    expect(headerCells(lines[0])).toEqual(printerFor('pods').columns(false));
    expect(lines.some((line) => /^web\s+0\/1\s+(Pending|ContainerCreating)/.test(line))).toBe(true);
  });

  it.skipIf(!hasKubectl)(`get pods -o wide shows the node and IP in the in-browser kubectl's columns${needs}`, async () => {
    const { stdout } = await kubectl('get', 'pods', '-o', 'wide');
    expect(headerCells(stdout)).toEqual(printerFor('pods').columns(true));
    expect(stdout).toMatch(/^web\s+1\/1\s+Running\s+0\s+\d+s\s+10\.244\.\d+\.\d+\s+node-[12]\s+<none>\s+<none>/m);
  });

  it.skipIf(!hasKubectl)(`prints what the in-browser kubectl prints for the same cluster${needs}`, async () => {
    // The tutorial's own kubectl, as the admin, over the simulated network to the same apiserver.
    const cluster = server!.cluster;
    const client = createApiClient(new LoopTransport(cluster.ctx, cluster.apiServer), 'kubectl', { clientCertificate: { commonName: 'kubernetes-admin', organizations: ['system:masters'] } });
    const inBrowser = (...args: string[]) => new Promise<CommandResult>((resolve) => kubectlArgs({ client, loop: cluster.loop }, args, resolve));
    const real = (...args: string[]) => kubectl(...args).catch((error: { stdout: string; stderr: string }) => error);
    // AGE cells are computed a moment apart; widths follow them, so compare cells, not spacing.
    const normalize = (text: string) => text.replace(/\b\d+s\b/g, '<age>').replace(/[ \t]+/g, ' ').trim();
    for (const args of [['get', 'nodes'], ['get', 'nodes', '-o', 'wide'], ['get', 'pods', '-o', 'wide'], ['get', 'pods', '--show-labels'], ['get', 'pod', 'nope']]) {
      const [ours, theirs] = await Promise.all([inBrowser(...args), real(...args)]);
      expect(ours.stdout + ours.stderr, args.join(' ')).not.toBe('');
      expect(normalize(ours.stdout), args.join(' ')).toBe(normalize(theirs.stdout));
      expect(normalize(ours.stderr), args.join(' ')).toBe(normalize(theirs.stderr));
    }
  });

  it.skipIf(!hasKubectl)(`describe pod prints the defaulted spec and the scheduler's and kubelet's events${needs}`, async () => {
    const { stdout } = await kubectl('describe', 'pod', 'web');
    expect(stdout).toMatch(/^Name:\s+web$/m);
    expect(stdout).toMatch(/^Status:\s+Running$/m);
    expect(stdout).toMatch(/^\s+Port:\s+80\/TCP$/m);
    expect(stdout).toMatch(/Normal\s+Scheduled\s+\d+s\s+default-scheduler\s+Successfully assigned default\/web to node-[12]/);
    expect(stdout).toMatch(/Normal\s+Started\s+\d+s\s+kubelet\s+Started container web/);
  });

  it.skipIf(!hasKubectl)(`reports server errors as a real server's: 422 for an invalid pod, 409 for a duplicate${needs}`, async () => {
    const broken = join(server!.dir, 'broken.yaml');
    writeFileSync(broken, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: broken\nspec:\n  containers: []\n');
    await expect(kubectl('create', '-f', broken)).rejects.toMatchObject({ stderr: expect.stringContaining('The Pod "broken" is invalid: spec.containers: Required value') });
    await expect(kubectl('create', '-f', join(server!.dir, 'pod.yaml'))).rejects.toMatchObject({
      stderr: expect.stringContaining(`Error from server (AlreadyExists): error when creating "${join(server!.dir, 'pod.yaml')}": pods "web" already exists`),
    });
  });

  it.skipIf(!hasKubectl)(`create namespace/role/rolebinding and auth can-i work with their protobuf bodies${needs}`, async () => {
    expect((await kubectl('create', 'namespace', 'team-a')).stdout.trim()).toBe('namespace/team-a created');
    expect((await kubectl('create', 'role', 'reader', '-n', 'team-a', '--verb=get,list', '--resource=pods')).stdout.trim()).toBe('role.rbac.authorization.k8s.io/reader created');
    await kubectl('create', 'rolebinding', 'jane-reads', '-n', 'team-a', '--role=reader', '--user=jane');
    expect((await kubectl('auth', 'can-i', 'list', 'pods', '-n', 'team-a', '--as=jane')).stdout.trim()).toBe('yes');
    await expect(kubectl('auth', 'can-i', 'delete', 'pods', '-n', 'team-a', '--as=jane')).rejects.toMatchObject({ stdout: 'no\n' });
    await expect(kubectl('get', 'pods', '-n', 'default', '--as=jane')).rejects.toMatchObject({
      stderr: expect.stringContaining('Error from server (Forbidden): pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "default"'),
    });
  });

  it.skipIf(!hasKubectl)(`delete waits for the graceful delete to finish${needs}`, async () => {
    const { stdout } = await kubectl('delete', 'pod', 'web');
    expect(stdout.trim()).toBe('pod "web" deleted');
    const after = await kubectl('get', 'pods');
    expect(after.stderr.trim()).toBe('No resources found in default namespace.');
  });
});
