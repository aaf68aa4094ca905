import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { chapterPages, listPages, openPage, watchPageProblems, type StaticServer, withBrowserAndSite } from './lib/index.ts';

// The theme follows the system until the reader picks one; the pick survives a reload, and the
// right theme is in place before anything is painted.
const chapter = chapterPages(await listPages())[0];
let browser: Browser;
let site: StaticServer;

withBrowserAndSite((b, s) => {
  browser = b;
  site = s;
});

const pageBackground = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

describe('theme', () => {
  test('the toggle switches the theme and the choice survives a reload', async () => {
    assert.ok(chapter, 'no chapter page built');
    const { page, close } = await openPage(browser, { colorScheme: 'light' });
    try {
      const problems = watchPageProblems(page);
      await page.goto(site.url + chapter.path);
      const toggle = page.getByRole('button', { name: 'Switch to dark theme' });
      const lightBackground = await pageBackground(page);
      await toggle.click();
      assert.equal(await page.locator('html').getAttribute('data-theme'), 'dark');
      const darkBackground = await pageBackground(page);
      assert.notEqual(darkBackground, lightBackground, 'background did not change');
      assert.equal(await page.getByRole('button', { name: 'Switch to light theme' }).count(), 1);

      await page.reload();
      assert.equal(await page.locator('html').getAttribute('data-theme'), 'dark', 'choice forgotten after reload');
      assert.equal(await pageBackground(page), darkBackground);

      await page.getByRole('button', { name: 'Switch to light theme' }).click();
      await page.reload();
      assert.equal(await page.locator('html').getAttribute('data-theme'), 'light');
      assert.deepEqual(problems.all(), []);
    } finally {
      await close();
    }
  });

  test('a remembered choice beats the system setting', async () => {
    const { page, close } = await openPage(browser, { colorScheme: 'dark' });
    try {
      await page.goto(site.url);
      assert.equal(await page.locator('html').getAttribute('data-theme'), 'dark');
      await page.getByRole('button', { name: 'Switch to light theme' }).click();
      await page.goto(site.url + chapter!.path);
      assert.equal(await page.locator('html').getAttribute('data-theme'), 'light');
    } finally {
      await close();
    }
  });

  test('without a remembered choice the page follows system changes live', async () => {
    const { page, close } = await openPage(browser, { colorScheme: 'light' });
    try {
      await page.goto(site.url);
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
    } finally {
      await close();
    }
  });

  test('the theme is set before the body exists (no flash of the wrong theme)', async () => {
    const { page, close } = await openPage(browser, { colorScheme: 'light' });
    try {
      await page.goto(site.url);
      await page.evaluate(() => localStorage.setItem('theme', 'dark'));
      // Record, from before any page script runs, what the theme was when <body> appeared.
      await page.addInitScript(() => {
        const record = window as unknown as { themeWhenBodyAppeared?: string | null };
        new MutationObserver((_, observer) => {
          if (!document.body) return;
          record.themeWhenBodyAppeared = document.documentElement.getAttribute('data-theme');
          observer.disconnect();
        }).observe(document, { childList: true, subtree: true });
      });
      await page.goto(site.url + chapter!.path);
      const themeWhenBodyAppeared = await page.evaluate(
        () => (window as unknown as { themeWhenBodyAppeared?: string | null }).themeWhenBodyAppeared,
      );
      assert.equal(themeWhenBodyAppeared, 'dark');
    } finally {
      await close();
    }
  });

  test('without JavaScript the page follows the system theme and hides the toggle', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const { page, close } = await openPage(browser, { colorScheme, javaScriptEnabled: false });
      try {
        await page.goto(site.url + chapter!.path);
        assert.equal(await page.locator('[data-theme-toggle]').isVisible(), false, 'toggle visible without JS');
        const scheme = await page.evaluate(() => getComputedStyle(document.documentElement).colorScheme);
        assert.ok(scheme.includes(colorScheme), `color-scheme is "${scheme}"`);
        const background = await pageBackground(page);
        assert.equal(background, colorScheme === 'dark' ? 'rgb(11, 17, 32)' : 'rgb(255, 255, 255)');
      } finally {
        await close();
      }
    }
  });
});
