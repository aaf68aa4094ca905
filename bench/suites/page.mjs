// Page weight as a reader pays for it, measured on the production build in Chromium:
//   build.astro_s                          wall time of `astro build`
//   page.js_before_interaction_kb_gz       largest chapter page: gzip size of all JavaScript loaded in a
//                                          1280x800 viewport before any click or scroll (inline included)
//   page.css_blocking_kb_gz                largest page: gzip size of render-blocking CSS (<link> + <style> in head)
//   page.html_kb_gz                        largest chapter page: gzip size of the HTML document
//   page.heavy_libs_before_interaction     scripts or styles from Mermaid or Monaco loaded before interaction (want 0)
// Sizes are KiB (1024 bytes) of gzip level 9, summed per resource.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chapterPages, launchBrowser, listPages, openPage, serveSite } from '../../tests/browser/lib/index.ts';

const kib = (bytes) => Math.round((bytes / 1024) * 100) / 100;
const gzipBytes = (content) => gzipSync(content, { level: 9 }).length;
const heavyLibrary = /mermaid|monaco|editor\.api|ts\.worker|cytoscape|katex/i;

function buildSite(context) {
  const started = performance.now();
  const astro = join(context.rootDir, 'node_modules', '.bin', 'astro');
  const result = spawnSync(astro, ['build'], {
    cwd: context.rootDir,
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (result.status !== 0) throw new Error(`astro build failed with exit code ${result.status}`);
  return (performance.now() - started) / 1000;
}

async function measurePage(browser, url) {
  const { page, close } = await openPage(browser, { viewport: 'desktop', colorScheme: 'light' });
  try {
    /** @type {Map<string, import('playwright-core').Response>} */
    const responses = new Map();
    page.on('response', (response) => responses.set(response.url(), response));
    const documentResponse = await page.goto(url, { waitUntil: 'networkidle' });
    // Let idle-time loaders (IntersectionObserver, requestIdleCallback) fire before counting.
    await page.waitForTimeout(300);
    await page.waitForLoadState('networkidle');

    const inline = await page.evaluate(() => ({
      scripts: [...document.scripts]
        .filter((script) => !script.src && (!script.type || script.type === 'module' || /javascript/.test(script.type)))
        .map((script) => script.textContent ?? ''),
      blockingStyles: [...document.head.querySelectorAll('style')].map((style) => style.textContent ?? ''),
      blockingLinks: [...document.head.querySelectorAll('link[rel~="stylesheet"]')]
        .filter((link) => !link.media || matchMedia(link.media).matches)
        .map((link) => link.href),
    }));

    let jsBytes = inline.scripts.reduce((sum, text) => sum + gzipBytes(text), 0);
    const heavy = [];
    for (const [resourceUrl, response] of responses) {
      const type = response.request().resourceType();
      if (heavyLibrary.test(resourceUrl) && (type === 'script' || type === 'stylesheet')) heavy.push(resourceUrl);
      if (type === 'script') jsBytes += gzipBytes(await response.body());
    }
    let cssBytes = inline.blockingStyles.reduce((sum, text) => sum + gzipBytes(text), 0);
    for (const href of inline.blockingLinks) {
      const response = responses.get(href);
      if (!response) throw new Error(`stylesheet ${href} was not loaded`);
      cssBytes += gzipBytes(await response.body());
    }
    const htmlBytes = gzipBytes(await documentResponse.body());
    return { jsBytes, cssBytes, htmlBytes, heavy };
  } finally {
    await close();
  }
}

/** run builds the site, then measures every page. */
export async function run(context) {
  context.log('astro build');
  const buildSeconds = buildSite(context);
  const pages = await listPages(context.distDir);
  const chapters = new Set(chapterPages(pages).map((page) => page.path));
  if (chapters.size === 0) throw new Error('no chapter pages in dist/');
  const browser = await launchBrowser();
  const site = await serveSite({ dir: context.distDir });
  try {
    const largest = { js: { bytes: 0, page: '' }, css: { bytes: 0, page: '' }, html: { bytes: 0, page: '' } };
    const heavy = [];
    for (const page of pages) {
      context.log(`measuring /${page.path}`);
      const measured = await measurePage(browser, site.url + page.path);
      heavy.push(...measured.heavy);
      if (measured.cssBytes > largest.css.bytes) largest.css = { bytes: measured.cssBytes, page: page.path };
      if (!chapters.has(page.path)) continue;
      if (measured.jsBytes > largest.js.bytes) largest.js = { bytes: measured.jsBytes, page: page.path };
      if (measured.htmlBytes > largest.html.bytes) largest.html = { bytes: measured.htmlBytes, page: page.path };
    }
    return {
      'build.astro_s': Math.round(buildSeconds * 10) / 10,
      'page.js_before_interaction_kb_gz': kib(largest.js.bytes),
      'page.css_blocking_kb_gz': kib(largest.css.bytes),
      'page.html_kb_gz': kib(largest.html.bytes),
      'page.heavy_libs_before_interaction': heavy.length,
      notes: [
        `${pages.length} pages measured; largest JS on /${largest.js.page}, CSS on /${largest.css.page}, HTML on /${largest.html.page}`,
        'targets: JS <= 10 KB gz per chapter page, blocking CSS <= 15 KB gz, build < 60 s, no Mermaid/Monaco before interaction',
        ...heavy.map((url) => `heavy library loaded before interaction: ${url}`),
      ],
    };
  } finally {
    await browser.close();
    await site.close();
  }
}
