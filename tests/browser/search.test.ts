import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { openPage, saveScreenshot, watchPageProblems, type StaticServer, withBrowserAndSite } from './lib/index.ts';

// Full-text search over the chapters (Pagefind, built into dist/pagefind/): nothing loads until
// the dialog opens; `/`, Ctrl/Cmd+K or the button open it; arrows, Enter and Esc drive it; each
// result links to the heading that matched.
let browser: Browser;
let site: StaticServer;

withBrowserAndSite((b, s) => {
  browser = b;
  site = s;
});

describe('search', () => {
  test('loads nothing until opened; keyboard only: / opens, arrows move, Enter goes to the heading', async () => {
    const { page, close } = await openPage(browser);
    try {
      const problems = watchPageProblems(page);
      const searchRequests: string[] = [];
      page.on('request', (request) => {
        if (/\/pagefind\/|\/dialog\.[\w-]+\.js/.test(request.url())) searchRequests.push(request.url());
      });
      await page.goto(site.url, { waitUntil: 'networkidle' });
      assert.equal(searchRequests.length, 0, `loaded before the dialog was opened: ${searchRequests.join(', ')}`);

      await page.keyboard.press('/');
      const dialog = page.getByRole('dialog', { name: 'Search the chapters' });
      await dialog.waitFor();
      const input = dialog.getByRole('searchbox', { name: 'Search the chapters' });
      assert.ok(await input.evaluate((element) => element === document.activeElement), 'the input is not focused');
      await page.keyboard.type('resourceVersion');
      const links = dialog.getByRole('link');
      await links.first().waitFor();
      assert.ok(searchRequests.some((url) => url.includes('/pagefind/')), 'the index was not loaded on open');
      assert.match((await dialog.getByRole('status').textContent()) ?? '', /\d+ results? for “resourceVersion”/);
      assert.ok((await links.count()) >= 2, 'expected several results');
      await saveScreenshot(page, 'search-light-desktop', { fullPage: false });

      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      const second = links.nth(1);
      assert.ok(await second.evaluate((element) => element === document.activeElement), 'ArrowDown did not move to the second result');
      assert.ok(await second.evaluate((element) => element.matches(':focus-visible')), 'no visible focus on the result');
      await page.keyboard.press('ArrowUp');
      await page.keyboard.press('ArrowUp');
      assert.ok(await input.evaluate((element) => element === document.activeElement), 'ArrowUp from the first result did not return to the input');
      await page.keyboard.press('ArrowDown');
      const href = (await links.first().getAttribute('href'))!;
      assert.match(href, /^\/chapters\/[\w-]+\/#[\w-]+$/, `result ${href} does not link to a heading`);
      await page.keyboard.press('Enter');
      await page.waitForURL(new URL(href, site.url).href);
      const heading = decodeURIComponent(href.split('#')[1]!);
      assert.equal(await page.locator(`[id="${heading}"]`).count(), 1, `no heading #${heading} on the target page`);
      assert.match((await page.locator(`[id="${heading}"]`).evaluate((element) => element.tagName)) ?? '', /^H[1-6]$/);
      assert.deepEqual(problems.all(), []);
    } finally {
      await close();
    }
  });

  test('Ctrl+K and the button open it, Esc closes it and gives focus back; "/" in the field is just text', async () => {
    const { page, close } = await openPage(browser, { viewport: 'phone', colorScheme: 'dark' });
    try {
      await page.goto(site.url + 'chapters/the-only-door-to-etcd/', { waitUntil: 'networkidle' });
      const dialog = page.getByRole('dialog', { name: 'Search the chapters' });
      await page.keyboard.press('Control+k');
      await dialog.waitFor();
      await page.keyboard.type('a/b');
      assert.equal(await dialog.getByRole('searchbox').inputValue(), 'a/b');
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });

      const button = page.getByRole('button', { name: 'Search' });
      await button.click();
      await dialog.waitFor();
      await dialog.getByRole('searchbox').fill('quixotically');
      await dialog.getByText(/No results for/).waitFor();
      await dialog.getByRole('searchbox').fill('scheduler');
      await dialog.getByRole('link').first().waitFor();
      await saveScreenshot(page, 'search-dark-phone', { fullPage: false });
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
      assert.ok(await button.evaluate((element) => element === document.activeElement), 'focus did not return to the Search button');
    } finally {
      await close();
    }
  });
});
