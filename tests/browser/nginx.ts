import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './lib/index.ts';

/**
 * Runs Debian's nginx for the deploy tests with the project's own deploy/nginx.conf, as an
 * unprivileged process: a temporary prefix holds the main config, pid file, logs and temp dirs,
 * and it listens on a free port on 127.0.0.1. Nothing is installed or changed system-wide.
 */

/** nginxBinary is the nginx to run: $NGINX_PATH, else Debian's /usr/sbin/nginx. */
export function nginxBinary(): string {
  const path = process.env.NGINX_PATH ?? '/usr/sbin/nginx';
  if (!existsSync(path)) {
    throw new Error(`The deploy tests need nginx and ${path} does not exist. On Debian/Ubuntu: apt-get install -y nginx (.ci/run does this).`);
  }
  return path;
}

/** NginxSite is a running nginx; `url` is the site's URL including the sub-path. */
export interface NginxSite {
  url: string;
  origin: string;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * siteConfig turns deploy/nginx.conf into the test's config: only the lines the README tells an
 * operator to edit change (listen, server_name, root, error_page).
 */
export function siteConfig(shipped: string, options: { port: number; root: string; base: string }): string {
  const replace = (text: string, pattern: RegExp, line: string) => {
    if (!pattern.test(text)) throw new Error(`deploy/nginx.conf: no line matches ${pattern}`);
    return text.replace(pattern, line);
  };
  let config = shipped;
  config = replace(config, /^(\s*)listen\s+[^;]+;/m, `$1listen 127.0.0.1:${options.port};`);
  config = replace(config, /^(\s*)server_name\s+[^;]+;/m, '$1server_name localhost;');
  config = replace(config, /^(\s*)root\s+[^;]+;/m, `$1root ${options.root};`);
  config = replace(config, /^(\s*)error_page 404\s+[^;]+;/m, `$1error_page 404 ${options.base}404.html;`);
  return config;
}

/**
 * startNginx serves `root` (a directory holding the site at `base`, e.g. root/learn/kube/) with
 * deploy/nginx.conf (or `config`, a copy of it) and resolves once nginx answers.
 */
export async function startNginx(options: { root: string; base: string; config?: string }): Promise<NginxSite> {
  const binary = nginxBinary();
  const prefix = await mkdtemp(join(tmpdir(), 'kube-api-nginx-'));
  await mkdir(join(prefix, 'logs'));
  const port = await freePort();
  const shipped = await readFile(options.config ?? join(repoRoot, 'deploy', 'nginx.conf'), 'utf8');
  await writeFile(join(prefix, 'site.conf'), siteConfig(shipped, { port, root: options.root, base: options.base }));
  // As root, drop to nobody for the whole process tree: the prefix must be theirs, the site readable.
  const asRoot = process.getuid?.() === 0;
  const main = [
    'daemon off;',
    'master_process on;',
    'worker_processes 1;',
    `pid ${join(prefix, 'nginx.pid')};`,
    `error_log ${join(prefix, 'logs', 'error.log')} warn;`,
    'events { worker_connections 64; }',
    'http {',
    `  access_log off;`,
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `  ${kind}_temp_path ${join(prefix, `${kind}_temp`)};`),
    `  include ${join(prefix, 'site.conf')};`,
    '}',
    '',
  ].join('\n');
  await writeFile(join(prefix, 'nginx.conf'), main);
  await writeFile(join(prefix, 'mime.types'), await readFile('/etc/nginx/mime.types', 'utf8'));
  let command = binary;
  let args = ['-p', prefix, '-c', join(prefix, 'nginx.conf'), '-e', join(prefix, 'logs', 'error.log')];
  if (asRoot) {
    spawnSync('chown', ['-R', 'nobody', prefix]);
    await chmod(prefix, 0o755);
    args = ['--reuid=nobody', '--regid=nogroup', '--clear-groups', '--', binary, ...args];
    command = 'setpriv';
  }
  const child: ChildProcess = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) {
      const log = await readFile(join(prefix, 'logs', 'error.log'), 'utf8').catch(() => '');
      throw new Error(`nginx exited with ${child.exitCode}: ${stderr}${log}`);
    }
    const up = await fetch(`${origin}/`, { redirect: 'manual' }).then(() => true, () => false);
    if (up) break;
    if (Date.now() > deadline) throw new Error(`nginx did not answer on ${origin}: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url: `${origin}${options.base}`,
    origin,
    async close() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGQUIT');
        await exited;
      }
      await rm(prefix, { recursive: true, force: true });
    },
  };
}
