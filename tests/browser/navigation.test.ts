import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { chapterPages, listPages, openPage, watchPageProblems, type StaticServer, withBrowserAndSite } from './lib/index.ts';

// Readers find their way: home lists every chapter, the sidebar marks the current one, the
// contents link to real headings, and unknown URLs get a helpful 404 page.
const chapters = chapterPages(await listPages());
let browser: Browser;
let site: StaticServer;

withBrowserAndSite((b, s) => {
  browser = b;
  site = s;
});

describe('navigation', () => {
  test('the home page lists every chapter and links to the first', async () => {
    const { page, close } = await openPage(browser);
    try {
      await page.goto(site.url);
      const cards = page.locator('.chapter-cards a');
      assert.equal(await cards.count(), chapters.length);
      await page.getByRole('link', { name: /Start with chapter 1/ }).click();
      await page.waitForURL(/\/chapters\//);
      assert.match(await page.locator('h1').textContent() ?? '', /API server at the centre/);
    } finally {
      await close();
    }
  });

  test('the sidebar marks the current chapter and the contents link to headings on the page', async () => {
    const { page, close } = await openPage(browser);
    try {
      await page.goto(site.url + chapters[0]!.path);
      const current = page.locator('.sidebar a[aria-current="page"]');
      assert.equal(await current.count(), 1);
      assert.equal(await current.getAttribute('href'), `/${chapters[0]!.path}`);
      const tocLinks = page.locator('aside.toc a');
      assert.ok((await tocLinks.count()) >= 4, 'table of contents too short');
      for (const link of await tocLinks.all()) {
        const target = (await link.getAttribute('href'))!.slice(1);
        assert.equal(await page.locator(`[id="${target}"]`).count(), 1, `no heading with id ${target}`);
      }
    } finally {
      await close();
    }
  });

  test('an unknown URL gets the 404 page with a way home', async () => {
    const { page, close } = await openPage(browser);
    try {
      const problems = watchPageProblems(page, { allowStatus: (url, status) => status === 404 && url.endsWith('/no-such-page/') });
      const response = await page.goto(site.url + 'no-such-page/');
      assert.equal(response?.status(), 404);
      assert.match(await page.locator('h1').textContent() ?? '', /does not exist/);
      await page.getByRole('link', { name: /Back to the home page/ }).click();
      await page.waitForURL(site.url);
      assert.deepEqual(problems.all(), []);
    } finally {
      await close();
    }
  });
});
