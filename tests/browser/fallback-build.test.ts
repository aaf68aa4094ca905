import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, repoRoot, serveSite, watchPageProblems, type StaticServer } from './lib/index.ts';

// A second production build, as made on a machine without a browser (KUBE_API_DIAGRAMS=client)
// and for hosting under a sub-path (SITE_BASE=/kube-api/). Diagrams must then be drawn in the page
// when they come into view, and a broken one must show its source and a message, never a blank box.
const base = '/kube-api/';
const chapterPath = 'chapters/api-server-at-the-centre/';
let outDir: string;
let browser: Browser;
let site: StaticServer;

before(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'kube-api-fallback-'));
  const build = spawnSync(join(repoRoot, 'node_modules', '.bin', 'astro'), ['build', '--outDir', outDir], {
    cwd: repoRoot,
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', KUBE_API_DIAGRAMS: 'client', SITE_BASE: base },
    encoding: 'utf8',
  });
  assert.equal(build.status, 0, `fallback build failed:\n${build.stdout}\n${build.stderr}`);
  // Break the chapter's last diagram the way a bad edit would.
  const chapterFile = join(outDir, chapterPath, 'index.html');
  const html = await readFile(chapterFile, 'utf8');
  const sources = [...html.matchAll(/<code data-diagram-source[^>]*>([\s\S]*?)<\/code>/g)];
  assert.ok(sources.length >= 2, 'expected at least two diagrams in the fallback build');
  const last = sources.at(-1)!;
  const broken = last[0].replace(last[1]!, 'sequenceDiagram\n  kubectl-&gt;&gt;: this arrow has no target');
  await writeFile(chapterFile, html.slice(0, last.index) + broken + html.slice(last.index! + last[0].length));
  browser = await launchBrowser();
  site = await serveSite({ dir: outDir, base });
});
after(async () => {
  await browser?.close();
  await site?.close();
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

describe('build without a browser, under a sub-path', () => {
  test('links and assets work under the sub-path', async () => {
    const { page, close } = await openPage(browser);
    try {
      const problems = watchPageProblems(page);
      await page.goto(site.url, { waitUntil: 'networkidle' });
      await page.getByRole('link', { name: /Start with chapter 1/ }).click();
      await page.waitForURL(`${site.url}${chapterPath}`);
      // Let the first diagram (near the fold) finish loading Mermaid before leaving the page.
      await page.waitForLoadState('networkidle');
      await page.getByRole('link', { name: 'Kube API, hands-on' }).click();
      await page.waitForURL(site.url);
      assert.deepEqual(problems.all(), []);
    } finally {
      await close();
    }
  });

  test('diagrams are drawn in the page only when they come into view', async () => {
    // On a phone the first diagram starts well below the fold.
    const { page, close } = await openPage(browser, { viewport: 'phone', colorScheme: 'dark' });
    try {
      const problems = watchPageProblems(page);
      let mermaidRequested = false;
      page.on('request', (request) => {
        // Mermaid's own chunks (mermaid.core, its parsers, diagram types); our few-hundred-byte
        // shared theme config (mermaid-config.*.js) may load with the page's diagram script.
        if (/mermaid(?!-config)/i.test(request.url())) mermaidRequested = true;
      });
      await page.goto(site.url + chapterPath, { waitUntil: 'networkidle' });
      assert.equal(mermaidRequested, false, 'Mermaid loaded before any diagram was near the viewport');
      const first = page.locator('figure.diagram').first();
      assert.match((await first.textContent()) ?? '', /Drawing diagram/);
      await first.scrollIntoViewIfNeeded();
      await page.waitForFunction(() => document.querySelector('figure.diagram')?.getAttribute('data-diagram') === 'drawn');
      assert.ok(mermaidRequested);
      assert.ok(await first.locator('.diagram-dark svg').isVisible(), 'dark SVG not visible in dark theme');
      assert.equal(await first.locator('.diagram-light svg').isVisible(), false);
      await page.getByRole('button', { name: 'Switch to light theme' }).click();
      assert.ok(await first.locator('.diagram-light svg').isVisible(), 'light SVG not visible after toggle');
      assert.deepEqual(problems.all(), []);
    } finally {
      await close();
    }
  });

  test('a diagram that cannot be drawn shows a message and its source', async () => {
    const { page, close } = await openPage(browser);
    try {
      await page.goto(site.url + chapterPath, { waitUntil: 'networkidle' });
      const broken = page.locator('figure.diagram').last();
      await broken.scrollIntoViewIfNeeded();
      await page.waitForFunction(() => [...document.querySelectorAll('figure.diagram')].at(-1)?.getAttribute('data-diagram') === 'failed');
      const status = broken.locator('[role="status"]');
      assert.match((await status.textContent()) ?? '', /could not be drawn/);
      assert.match((await broken.locator('.diagram-canvas pre').textContent()) ?? '', /this arrow has no target/);
      assert.ok(await broken.locator('.diagram-canvas pre').isVisible());
      const box = await broken.locator('.diagram-canvas').boundingBox();
      assert.ok(box && box.height > 60, 'failed diagram collapsed to an empty box');
    } finally {
      await close();
    }
  });
});
