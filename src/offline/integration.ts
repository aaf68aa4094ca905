import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { closure } from './asset-graph';

/**
 * offlineIntegration writes `<outDir>/sw.js` after the build: the service worker in
 * src/offline/service-worker.js with this build's version (a hash of every output file, so any
 * change makes browsers see a new worker), the base path and the precache list.
 *
 * The precache list is what every page loads plus what a step Run loads (its controller, the
 * sandbox worker, QuickJS's WebAssembly and the control-plane bundle), found by following the
 * references in the built files. The walk stops at the two big libraries a reader may never
 * need — Monaco (loaded on Edit) and Mermaid (drawing in the page) — which are cached when used.
 */
export function offlineIntegration(): AstroIntegration {
  let base = '/';
  return {
    name: 'kube-api:offline',
    hooks: {
      'astro:config:done': ({ config }) => {
        base = config.base.endsWith('/') ? config.base : `${config.base}/`;
      },
      'astro:build:done': async ({ dir, logger }) => {
        const outDir = fileURLToPath(dir);
        const files = await outputFiles(outDir);
        const pages = files.filter((file) => file.endsWith('.html')).map((file) => sitePath(base, file));
        const precache = await precacheList(outDir, base, pages);
        const version = await buildVersion(outDir, files);
        const template = await readFile(join(dirname(fileURLToPath(import.meta.url)), 'service-worker.js'), 'utf8');
        const config = `self.swConfig = ${JSON.stringify({ version, base, precache }, null, 2)};\n`;
        await writeFile(join(outDir, 'sw.js'), config + template);
        logger.info(`sw.js: version ${version}, ${precache.length} files precached`);
      },
    },
  };
}

/** heavyLibrary matches the entry files of Monaco and Mermaid, where the precache walk stops. */
export const heavyLibrary = /mermaid\.core|monaco|editor\.api|editor\.worker|ts\.worker|tsMode|codicon/;

/** precacheList is the shell and the step sandbox: everything pages reach, minus Monaco, Mermaid and pages. */
export async function precacheList(outDir: string, base: string, pages: readonly string[]): Promise<string[]> {
  const reached = await closure(outDir, base, pages, { include: (path) => !heavyLibrary.test(path) });
  const home = base;
  const assets = reached.filter((path) => !path.endsWith('/') && !path.endsWith('.html') && !path.endsWith('.xml'));
  return [home, ...assets.sort()];
}

async function outputFiles(outDir: string): Promise<string[]> {
  const entries = await readdir(outDir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(outDir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .filter((file) => file !== 'sw.js')
    .sort();
}

function sitePath(base: string, file: string): string {
  if (file === 'index.html') return base;
  if (file.endsWith('/index.html')) return base + file.slice(0, -'index.html'.length);
  return base + file;
}

async function buildVersion(outDir: string, files: readonly string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(file);
    hash.update(await readFile(join(outDir, file)));
  }
  return hash.digest('hex').slice(0, 16);
}
