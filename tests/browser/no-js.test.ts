import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { chapterPages, listPages, openPage, type StaticServer, withBrowserAndSite } from './lib/index.ts';

// A chapter is complete without JavaScript: highlighted code in the system theme, navigation,
// and the contents menu all work as plain HTML and CSS.
const chapter = chapterPages(await listPages())[0];
let browser: Browser;
let site: StaticServer;

withBrowserAndSite((b, s) => {
  browser = b;
  site = s;
});

describe('without JavaScript', () => {
  test('code blocks are highlighted, in colours that follow the system theme', async () => {
    assert.ok(chapter, 'no chapter page built');
    const tokenColours: Record<string, Set<string>> = {};
    for (const colorScheme of ['light', 'dark'] as const) {
      const { page, close } = await openPage(browser, { colorScheme, javaScriptEnabled: false });
      try {
        await page.goto(site.url + chapter.path);
        const block = page.locator('pre.astro-code[data-language="json"]').first();
        assert.ok(await block.isVisible(), 'no highlighted code block');
        const colours = await block.locator('span[style]').evaluateAll((spans) =>
          spans.map((span) => getComputedStyle(span).color),
        );
        tokenColours[colorScheme] = new Set(colours);
        assert.ok(tokenColours[colorScheme].size >= 3, `only ${tokenColours[colorScheme].size} token colours in ${colorScheme}`);
      } finally {
        await close();
      }
    }
    assert.notDeepEqual([...tokenColours.light!].sort(), [...tokenColours.dark!].sort(), 'same colours in both themes');
  });

  test('the phone chapter menu and contents open as plain HTML', async () => {
    const { page, close } = await openPage(browser, { viewport: 'phone', javaScriptEnabled: false });
    try {
      await page.goto(site.url + chapter!.path);
      await page.getByLabel('Chapters menu').click();
      const current = page.locator('.menu-panel a[aria-current="page"]');
      assert.ok(await current.isVisible(), 'current chapter not shown in the open menu');
      await page.getByLabel('Chapters menu').click();
      assert.equal(await current.isVisible(), false, 'menu did not close');
      await page.locator('.toc-inline summary').click();
      assert.ok(await page.locator('.toc-inline a').first().isVisible(), 'contents did not open');
    } finally {
      await close();
    }
  });
});
