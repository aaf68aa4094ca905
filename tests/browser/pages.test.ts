import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { listPages, openPage, saveScreenshot, watchPageProblems, type SitePage, type StaticServer, type ViewportName, withBrowserAndSite } from './lib/index.ts';

// Every built page, in both themes and both viewports: it loads cleanly, the prose never makes the
// page scroll sideways, and a screenshot is saved under tests/screenshots/ to look at.
const pages: SitePage[] = await listPages();
let browser: Browser;
let site: StaticServer;

withBrowserAndSite((b, s) => {
  browser = b;
  site = s;
});

describe('every page', () => {
  test('the site has a home page, a 404 page and at least one chapter', () => {
    const paths = pages.map((page) => page.path);
    assert.ok(paths.includes(''), 'home page missing');
    assert.ok(paths.includes('404.html'), '404 page missing');
    assert.ok(paths.some((path) => path.startsWith('chapters/')), 'no chapter pages');
  });

  for (const sitePage of pages) {
    for (const viewport of ['desktop', 'phone'] as ViewportName[]) {
      for (const colorScheme of ['light', 'dark'] as const) {
        test(`${sitePage.name} (${viewport}, ${colorScheme}) loads cleanly`, async () => {
          const { page, close } = await openPage(browser, { viewport, colorScheme });
          try {
            const problems = watchPageProblems(page);
            const response = await page.goto(site.url + sitePage.path, { waitUntil: 'networkidle' });
            assert.ok(response, 'no response');
            assert.equal(await page.locator('html').getAttribute('data-theme'), colorScheme, 'theme follows the system');
            assert.equal(await page.locator('h1').count(), 1, 'exactly one h1');
            assert.ok((await page.title()).length > 0, 'page has a title');
            if (viewport === 'phone') {
              const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
              assert.ok(overflow <= 0, `page scrolls sideways by ${overflow}px at 375px`);
            }
            await saveScreenshot(page, `${sitePage.name}-${colorScheme}-${viewport}`);
            assert.deepEqual(problems.all(), []);
          } finally {
            await close();
          }
        });
      }
    }
  }
});
