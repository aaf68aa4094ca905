import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The build output as a graph: which files a page or a script refers to. Used to decide what the
 * service worker precaches and by the deploy tests' crawler. References are found as written in
 * the built files (Astro and Vite write them as quoted strings), so no parser is needed.
 */

/** assetReferences lists the site paths (starting with the base) a built HTML, CSS or JS file refers to. */
export function assetReferences(text: string, fileUrlPath: string, base: string): string[] {
  const found = new Set<string>();
  const directory = fileUrlPath.slice(0, fileUrlPath.lastIndexOf('/') + 1);
  const add = (reference: string) => {
    if (/^(?:[a-z]+:|\/\/|#)/i.test(reference)) return; // other origins, data:, fragments
    if (!/^[\w./@%~-]+(?:[?#].*)?$/.test(reference)) return; // template-literal pieces in scripts, not paths
    const path = new URL(reference, `http://site${directory}`).pathname;
    if (path.startsWith(base)) found.add(decodeURI(path));
  };
  const script = /\.m?js$/.test(fileUrlPath);
  // HTML attributes: href, src, srcset (first URL of each candidate).
  if (!script && !fileUrlPath.endsWith('.css')) {
    for (const match of text.matchAll(/\s(?:href|src)=["']([^"'<>]+)["']/g)) add(match[1]!);
    for (const match of text.matchAll(/\ssrcset=["']([^"']+)["']/g)) {
      for (const candidate of match[1]!.split(',')) add(candidate.trim().split(/\s+/)[0]!);
    }
  }
  // CSS url(...), in stylesheets and in the <style> of pages.
  if (!script) for (const match of text.matchAll(/url\(\s*["']?([^"')\s]+)["']?\s*\)/g)) add(match[1]!);
  // JS: module imports of sibling chunks (`import("./x.js")`, `from "./x.js"`, `import "./x.js"`,
  // `new URL("./x", import.meta.url)`) and quoted built assets (`"<base>_astro/x.wasm"`). Other
  // quoted paths in bundled libraries (require() maps, messages) are data, not references.
  const sibling = /(?:\bimport\s*\(\s*|\bfrom\s*|\bimport\s*|\bnew URL\(\s*)["'`](\.\/[\w.-]+\.(?:m?js|css|wasm|json))["'`]/g;
  for (const match of text.matchAll(sibling)) add(match[1]!);
  const assets = `${base}_astro/`.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const quoted = new RegExp(`["'\`](${assets}[\\w.-]+\\.(?:m?js|css|wasm|ttf|woff2?|json))["'\`]`, 'g');
  for (const match of text.matchAll(quoted)) add(match[1]!);
  return [...found];
}

/** readSiteFile reads a built file given its site path (with base) and the output directory. */
export async function readSiteFile(outDir: string, base: string, sitePath: string): Promise<string | undefined> {
  const relative = sitePath.slice(base.length);
  const file = relative === '' || relative.endsWith('/') ? join(outDir, relative, 'index.html') : join(outDir, relative);
  return readFile(file, 'utf8').catch(() => undefined);
}

/**
 * closure follows references from `start` through HTML, CSS and JS files and returns every site
 * path reached, in the order found. `follow(path)` may stop the walk at a file (it is still listed
 * only if `include(path)` says so).
 */
export async function closure(
  outDir: string,
  base: string,
  start: readonly string[],
  options: { include?: (path: string) => boolean } = {},
): Promise<string[]> {
  const include = options.include ?? (() => true);
  const seen = new Set<string>();
  const queue = start.filter(include);
  while (queue.length) {
    const path = queue.shift()!;
    if (seen.has(path)) continue;
    seen.add(path);
    if (!/\.(?:m?js|css|html)$|\/$/.test(path)) continue;
    const text = await readSiteFile(outDir, base, path);
    if (text === undefined) continue;
    for (const next of assetReferences(text, path, base)) if (!seen.has(next) && include(next)) queue.push(next);
  }
  return [...seen];
}
