import { assetReferences } from '../../src/offline/asset-graph.ts';

/**
 * crawl follows every internal link and file from a site's home page over HTTP, as a link checker
 * would: HTML links and assets, CSS url()s, the files scripts import (including workers and
 * WebAssembly), the service worker's precache list, robots.txt, the sitemap and the feed.
 */

/** CrawlResult is what was fetched and what was broken. */
export interface CrawlResult {
  /** Every URL fetched, with its status. */
  fetched: Map<string, number>;
  /** One line per broken link or file: `status url (linked from page)`. */
  broken: string[];
}

/**
 * crawl starts at `siteUrl` (ending in the base path). `publicOrigin` is SITE_URL: absolute links
 * to it (sitemap, feed, canonical) are checked against the server under test instead.
 */
export async function crawl(siteUrl: string, options: { publicOrigin?: string; extra?: string[] } = {}): Promise<CrawlResult> {
  const site = new URL(siteUrl);
  const base = site.pathname;
  const fetched = new Map<string, number>();
  const broken: string[] = [];
  const queue: { url: string; from: string }[] = [siteUrl, ...(options.extra ?? []).map((path) => new URL(path, siteUrl).href)].map(
    (url) => ({ url, from: '(start)' }),
  );
  const enqueue = (path: string, from: string) => queue.push({ url: new URL(path, site.origin).href, from });

  while (queue.length) {
    const { url, from } = queue.shift()!;
    const key = url.split('#')[0]!;
    if (fetched.has(key)) continue;
    const response = await fetch(key);
    fetched.set(key, response.status);
    if (response.status !== 200) {
      broken.push(`${response.status} ${key} (linked from ${from})`);
      continue;
    }
    const path = new URL(key).pathname;
    const type = response.headers.get('content-type') ?? '';
    // Pagefind's own files name their fragments at run time; the search tests load them for real.
    if (!/html|css|javascript|xml|text\/plain/.test(type) || path.startsWith(`${base}pagefind/`)) {
      await response.arrayBuffer();
      continue;
    }
    let text = await response.text();
    if (options.publicOrigin) text = text.replaceAll(options.publicOrigin, site.origin);
    for (const reference of assetReferences(text, path, base)) enqueue(reference, key);
    // Absolute links within the site (sitemap <loc>, feed <link>, canonical, robots.txt Sitemap:).
    for (const match of text.matchAll(/(?:<loc>|href="|content="|Sitemap: )(https?:\/\/[^<"\s]+)/g)) {
      const target = new URL(match[1]!);
      if (target.origin === site.origin) {
        if (!target.pathname.startsWith(base)) broken.push(`outside the site: ${target.href} (linked from ${key})`);
        else enqueue(target.pathname, key);
      }
    }
    // A link that leaves the base path on the same server is broken under a sub-path.
    for (const match of text.matchAll(/\s(?:href|src)="(\/[^"]*)"/g)) {
      if (!match[1]!.startsWith(base) && !match[1]!.startsWith('//')) broken.push(`outside the base path: ${match[1]} (in ${key})`);
    }
  }
  return { fetched, broken };
}
