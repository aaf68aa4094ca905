/** `npm run cluster` as a reader runs it: the bundled CLI in its own process, stopped with Ctrl+C (SIGINT). */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseCliArgs } from './main';

const dir = mkdtempSync(join(tmpdir(), 'kube-local-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runCli(args: string[], until?: RegExp) {
  const child = spawn(process.execPath, [join(__dirname, 'cluster.mjs'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (until && until.test(output)) {
        clearInterval(timer);
        resolve();
      }
    }, 20);
    void exited.then(() => {
      clearInterval(timer);
      if (until && !until.test(output)) reject(new Error(`the CLI exited before printing ${until}:\n${output}`));
      else resolve();
    });
  });
  return { child, exited, ready, output: () => output };
}

describe('npm run cluster', () => {
  it('prints how to use the cluster, serves it, and on Ctrl+C stops cleanly and saves --state', async () => {
    const kubeconfig = join(dir, 'kubeconfig');
    const state = join(dir, 'state.json');
    const cli = runCli(['--port', '0', '--kubeconfig', kubeconfig, '--state', state], /Press Ctrl\+C to stop\./);
    await cli.ready;
    expect(cli.output()).toContain(`export KUBECONFIG=${kubeconfig}\n  kubectl get nodes`);
    const config = parse(readFileSync(kubeconfig, 'utf8'));
    const server: string = config.clusters[0].cluster.server;
    expect(server).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const version = await new Promise<string>((resolve, reject) => {
      const ca = Buffer.from(config.clusters[0].cluster['certificate-authority-data'], 'base64');
      request(`${server}/version`, { ca }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve(body));
      })
        .on('error', reject)
        .end();
    });
    expect(JSON.parse(version).gitVersion).toBe('v1.32.0');

    cli.child.kill('SIGINT');
    expect(await cli.exited).toBe(0);
    expect(cli.output()).toContain(`Saved the cluster state to ${state}.`);
    expect(JSON.parse(readFileSync(state, 'utf8')).format).toBe('etcd-keyspace/v1');
  }, 60_000);

  it('refuses a bad flag with its name and the usage', async () => {
    const cli = runCli(['--port', 'http']);
    expect(await cli.exited).toBe(2);
    expect(cli.output()).toContain('error: --port must be a whole number from 0 to 65535, got "http"');
    expect(cli.output()).toContain('Usage: npm run cluster -- [options]');
  }, 60_000);

  it('parses its flags with the documented defaults', () => {
    expect(parseCliArgs([])).toMatchObject({ port: 6443, nodes: 2 });
    expect(parseCliArgs(['--nodes', '3', '--port', '0'])).toMatchObject({ port: 0, nodes: 3 });
    expect(parseCliArgs(['-h'])).toBe('help');
    expect(() => parseCliArgs(['--nodes=-1'])).toThrow('--nodes must be a whole number from 0 to 50, got "-1"');
    expect(() => parseCliArgs(['--colour'])).toThrow(/--colour/);
  });
});
