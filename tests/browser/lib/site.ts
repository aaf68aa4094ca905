import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic, type StaticServer } from './static-server.ts';

/** repoRoot is the project's root directory. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** distDir is where `npm run build` writes the site. */
export const distDir = join(repoRoot, 'dist');

/** SitePage is one built HTML page: its URL path under the site root and a file-safe name. */
export interface SitePage {
  /** Path relative to the site root, e.g. '' for home, 'chapters/x/' or '404.html'. */
  path: string;
  /** Name for screenshots and test titles: 'home', 'chapters-x', '404'. */
  name: string;
}

/** assertBuilt fails with a clear message when dist/ is missing. */
export function assertBuilt(dir: string = distDir): void {
  if (!existsSync(join(dir, 'index.html'))) {
    throw new Error(`${dir}/index.html not found: run \`npm run build\` before the browser tests.`);
  }
}

/** listPages finds every HTML page in the built site. */
export async function listPages(dir: string = distDir): Promise<SitePage[]> {
  assertBuilt(dir);
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const pages: SitePage[] = [];
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.endsWith('.html')) continue;
    const file = relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/');
    const path = file === 'index.html' ? '' : file.endsWith('/index.html') ? file.slice(0, -'index.html'.length) : file;
    const name = path === '' ? 'home' : path.replace(/\/$/, '').replace(/\.html$/, '').replaceAll('/', '-');
    pages.push({ path, name });
  }
  return pages.sort((a, b) => a.path.localeCompare(b.path));
}

/** chapterPages keeps the chapter pages of a page list. */
export function chapterPages(pages: readonly SitePage[]): SitePage[] {
  return pages.filter((page) => page.path.startsWith('chapters/'));
}

/** serveSite serves the built site (default dist/) on 127.0.0.1 at the given base. */
export async function serveSite(options: { dir?: string; base?: string } = {}): Promise<StaticServer> {
  const root = options.dir ?? distDir;
  assertBuilt(root);
  return serveStatic({ root, base: options.base ?? '/' });
}
