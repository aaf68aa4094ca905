import assert from 'node:assert/strict';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { securityHeaders } from '../../src/lib/security.ts';
import { crawl } from './crawl.ts';
import { watchCsp } from './csp-helpers.ts';
import { followRecipe, type Recipe } from './deploy-recipe.ts';
import { launchBrowser, openPage, watchPageProblems } from './lib/index.ts';
import { startNginx, type NginxSite } from './nginx.ts';
import { firstStep, runAndWait, STEP_CHAPTER } from './step-helpers.ts';

// The README's two nginx recipes, followed as written (tests/browser/deploy-recipe.ts), served by
// Debian's nginx with deploy/nginx.conf. A crawler then fetches every link and file from the home
// page; headers, caching, gzip and the 404 page are checked; and under the sub-path a reader's
// path — search, a step run — works under the header Content-Security-Policy.
const scratch = await mkdtemp(join(tmpdir(), 'kube-api-deploy-'));
await chmod(scratch, 0o755); // nginx runs as nobody when the tests run as root
let browser: Browser;
const deployed: Record<string, { recipe: Recipe; nginx: NginxSite }> = {};

before(async () => {
  browser = await launchBrowser();
  for (const name of ['nginx-root', 'nginx-subpath']) {
    const recipe = await followRecipe(name, join(scratch, name));
    await chmod(join(scratch, name), 0o755);
    const root = join(scratch, name, 'var-www', 'kube-api');
    const nginx = await startNginx({ root, base: recipe.base, config: recipe.nginxConfig });
    deployed[name] = { recipe, nginx };
  }
});
after(async () => {
  await browser?.close();
  for (const { nginx } of Object.values(deployed)) await nginx.close();
  await rm(scratch, { recursive: true, force: true });
});

for (const name of ['nginx-root', 'nginx-subpath']) {
  describe(`README recipe ${name}`, () => {
    test('the crawler finds no broken link or missing file', async () => {
      const { recipe, nginx } = deployed[name]!;
      const result = await crawl(nginx.url, { publicOrigin: recipe.siteUrl, extra: ['robots.txt', 'sw.js', 'pagefind/pagefind.js', 'pagefind/pagefind-entry.json'] });
      // Monaco names a fallback worker (editorWebWorkerMain.js, copied unbundled, importing files
      // that are not shipped) for when MonacoEnvironment.getWorker is missing; ours is always set
      // (src/scripts/step/monaco-editor.ts), so the file is never loaded. Everything else must resolve.
      const unusedMonacoFallback = /\/_astro\/editorWebWorker\.js \(linked from [^)]*\/_astro\/editorWebWorkerMain\.[\w-]+\.js\)$/;
      assert.deepEqual(result.broken.filter((line) => !unusedMonacoFallback.test(line)), []);
      const paths = [...result.fetched.keys()].map((url) => new URL(url).pathname.slice(recipe.base.length));
      for (const expected of ['', 'sitemap.xml', 'feed.xml', 'favicon.svg', 'theme-init.js', `${STEP_CHAPTER}`]) {
        assert.ok(paths.includes(expected), `crawl never reached ${recipe.base}${expected}`);
      }
      assert.ok(paths.some((path) => path.endsWith('.wasm')), 'crawl never reached the QuickJS WebAssembly');
      assert.ok(paths.length > 30, `only ${paths.length} files reached`);
    });

    test('headers: security, MIME types, caching, gzip, 404', async () => {
      const { recipe, nginx } = deployed[name]!;
      const home = await fetch(nginx.url, { headers: { 'Accept-Encoding': 'gzip' } });
      assert.equal(home.status, 200);
      for (const [header, value] of Object.entries(securityHeaders())) assert.equal(home.headers.get(header), value, header);
      assert.equal(home.headers.get('cache-control'), 'no-cache', 'HTML must be revalidated');
      assert.equal(home.headers.get('content-encoding'), 'gzip');
      const html = await home.text();
      const css = /href="([^"]+\.css)"/.exec(html)?.[1];
      assert.ok(css, 'no stylesheet link');
      const stylesheet = await fetch(new URL(css, nginx.url), { headers: { 'Accept-Encoding': 'gzip' } });
      assert.equal(stylesheet.headers.get('cache-control'), 'public, max-age=31536000, immutable');
      assert.match(stylesheet.headers.get('content-type') ?? '', /^text\/css/);
      assert.equal(stylesheet.headers.get('x-content-type-options'), 'nosniff');
      const sw = await fetch(`${nginx.url}sw.js`);
      const wasm = /"([^"]+\.wasm)"/.exec(await sw.text())?.[1];
      assert.equal(sw.headers.get('cache-control'), 'no-cache', 'sw.js must be revalidated');
      assert.ok(wasm, 'sw.js precaches no WebAssembly');
      const wasmResponse = await fetch(new URL(wasm, nginx.url));
      assert.equal(wasmResponse.headers.get('content-type'), 'application/wasm');
      const missing = await fetch(`${nginx.url}chapters/no-such-chapter/`);
      assert.equal(missing.status, 404);
      assert.match(await missing.text(), /This page does not exist/);
      assert.equal(missing.headers.get('x-frame-options'), 'DENY');
      const robots = await (await fetch(`${nginx.url}robots.txt`)).text();
      assert.match(robots, new RegExp(`Sitemap: ${recipe.siteUrl}${recipe.base}sitemap.xml`));
      if (recipe.base !== '/') {
        const bare = await fetch(nginx.url.slice(0, -1), { redirect: 'manual' });
        assert.equal(bare.status, 301);
        assert.equal(bare.headers.get('location'), recipe.base);
      }
    });
  });
}

describe('metadata with SITE_URL, under the sub-path', () => {
  test('title, description, canonical, Open Graph, feed, sitemap', async () => {
    const { recipe, nginx } = deployed['nginx-subpath']!;
    const html = await (await fetch(nginx.url + STEP_CHAPTER)).text();
    const meta = (pattern: RegExp) => pattern.exec(html)?.[1];
    const publicUrl = `${recipe.siteUrl}${recipe.base}${STEP_CHAPTER}`;
    assert.match(meta(/<title>([^<]+)<\/title>/) ?? '', /^The API server at the centre · Kube API, hands-on$/);
    assert.ok((meta(/<meta name="description" content="([^"]+)"/) ?? '').length > 40, 'no description');
    assert.equal(meta(/<link rel="canonical" href="([^"]+)"/), publicUrl);
    assert.equal(meta(/<meta property="og:url" content="([^"]+)"/), publicUrl);
    assert.equal(meta(/<meta property="og:type" content="([^"]+)"/), 'article');
    assert.equal(meta(/<meta property="og:title" content="([^"]+)"/), 'The API server at the centre · Kube API, hands-on');
    assert.equal(meta(/<meta property="og:image" content="([^"]+)"/), `${recipe.siteUrl}${recipe.base}og-image.png`);
    assert.equal(meta(/<link rel="icon" href="([^"]+)"/), `${recipe.base}favicon.svg`);
    assert.equal(meta(/<link rel="alternate" type="application\/atom\+xml"[^>]* href="([^"]+)"/), `${recipe.base}feed.xml`);
    const feed = await (await fetch(`${nginx.url}feed.xml`)).text();
    // The feed has one entry per chapter; the sitemap lists the chapters plus the home page and the notebook guide.
    const sitemap = await (await fetch(`${nginx.url}sitemap.xml`)).text();
    assert.equal((feed.match(/<entry>/g) ?? []).length, (sitemap.match(/<loc>[^<]*\/chapters\/[^<]*<\/loc>/g) ?? []).length);
    assert.ok(sitemap.includes(`<loc>${recipe.siteUrl}${recipe.base}how-it-works/</loc>`), 'the sitemap does not list the notebook guide');
    assert.ok(feed.includes(`<link href="${publicUrl}"/>`), 'the feed does not list chapter 1 at its public URL');
  });
});

describe('under the sub-path, behind nginx', () => {
  test('links, search and a step run work under the header Content-Security-Policy', async () => {
    const { nginx } = deployed['nginx-subpath']!;
    const { page, close } = await openPage(browser, { viewport: 'phone', colorScheme: 'dark' });
    try {
      const csp = await watchCsp(page);
      const problems = watchPageProblems(page);
      await page.goto(nginx.url, { waitUntil: 'networkidle' });
      await page.getByRole('link', { name: /Start with chapter 1/ }).click();
      await page.waitForURL(`${nginx.url}${STEP_CHAPTER}`);
      await page.getByRole('button', { name: 'Search' }).click();
      await page.getByRole('searchbox', { name: 'Search the chapters' }).fill('resourceVersion');
      const hit = page.getByRole('dialog').getByRole('link').first();
      await hit.waitFor();
      const href = (await hit.getAttribute('href')) ?? '';
      assert.ok(href.startsWith(new URL(nginx.url).pathname), `search result ${href} is outside the sub-path`);
      assert.match(href, /#/, 'search result does not link to a heading');
      await page.keyboard.press('Escape');
      const step = firstStep(page);
      await runAndWait(step);
      assert.match((await step.locator('[data-output]').textContent()) ?? '', /\S/);
      assert.deepEqual(await csp.violations(page), []);
      assert.deepEqual(problems.all(), []);
    } finally {
      await close();
    }
  });
});
