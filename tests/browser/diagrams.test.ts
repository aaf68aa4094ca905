import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { chapterPages, listPages, openPage, watchPageProblems, type StaticServer, withBrowserAndSite } from './lib/index.ts';

// Chapter diagrams arrive as SVG in the HTML (drawn at build time): visible without JavaScript,
// in the colours of the current theme, captioned and described for screen readers, and without
// a byte of Mermaid on the page.
const chapters = chapterPages(await listPages());
let browser: Browser;
let site: StaticServer;

withBrowserAndSite((b, s) => {
  browser = b;
  site = s;
});

describe('diagrams', () => {
  test('chapter 1 has at least two diagrams', async () => {
    const { page, close } = await openPage(browser);
    try {
      await page.goto(site.url + 'chapters/api-server-at-the-centre/');
      assert.ok((await page.locator('figure.diagram').count()) >= 2);
    } finally {
      await close();
    }
  });

  for (const chapter of chapters) {
    for (const colorScheme of ['light', 'dark'] as const) {
      test(`${chapter.name}: diagrams are visible SVG in ${colorScheme} without JavaScript`, async () => {
        const { page, close } = await openPage(browser, { colorScheme, javaScriptEnabled: false });
        try {
          await page.goto(site.url + chapter.path);
          const figures = page.locator('figure.diagram');
          for (const figure of await figures.all()) {
            assert.equal(await figure.getAttribute('data-diagram'), 'svg', 'diagram was not drawn at build time');
            const visibleSvg = figure.locator(`.diagram-${colorScheme} svg`);
            assert.ok(await visibleSvg.isVisible(), `${colorScheme} SVG hidden`);
            const box = await visibleSvg.boundingBox();
            assert.ok(box && box.width > 200 && box.height > 100, `SVG too small: ${JSON.stringify(box)}`);
            const other = colorScheme === 'light' ? 'dark' : 'light';
            assert.equal(await figure.locator(`.diagram-${other} svg`).isVisible(), false, `${other} SVG shown too`);
            assert.ok((await visibleSvg.locator('text, foreignObject').count()) > 0, 'SVG has no labels');
          }
        } finally {
          await close();
        }
      });
    }

    test(`${chapter.name}: every diagram has a caption and a description for screen readers`, async () => {
      const { page, close } = await openPage(browser);
      try {
        await page.goto(site.url + chapter.path);
        for (const figure of await page.locator('figure.diagram').all()) {
          const labelId = await figure.getAttribute('aria-labelledby');
          const descriptionId = await figure.getAttribute('aria-describedby');
          const caption = (await page.locator(`[id="${labelId}"]`).textContent())?.trim() ?? '';
          const description = (await page.locator(`[id="${descriptionId}"]`).textContent())?.trim() ?? '';
          assert.ok(caption.length > 5, `caption "${caption}"`);
          assert.ok(description.length > 40, `description "${description}"`);
          for (const svg of await figure.locator('svg').all()) {
            assert.equal(await svg.getAttribute('aria-hidden'), 'true', 'SVG text would be read out as a jumble');
          }
        }
      } finally {
        await close();
      }
    });

    test(`${chapter.name}: diagrams follow the theme toggle and load no Mermaid code`, async () => {
      const { page, close } = await openPage(browser, { colorScheme: 'light' });
      try {
        const problems = watchPageProblems(page);
        const scripts: string[] = [];
        page.on('request', (request) => {
          if (request.resourceType() === 'script') scripts.push(request.url());
        });
        await page.goto(site.url + chapter.path, { waitUntil: 'networkidle' });
        const firstFigure = page.locator('figure.diagram').first();
        assert.ok(await firstFigure.locator('.diagram-light svg').isVisible());
        await page.getByRole('button', { name: 'Switch to dark theme' }).click();
        assert.ok(await firstFigure.locator('.diagram-dark svg').isVisible(), 'dark SVG not shown after toggle');
        assert.equal(await firstFigure.locator('.diagram-light svg').isVisible(), false);
        // Scroll every diagram into view: still no Mermaid, since all were drawn at build time.
        for (const figure of await page.locator('figure.diagram').all()) await figure.scrollIntoViewIfNeeded();
        await page.waitForLoadState('networkidle');
        assert.deepEqual(scripts.filter((url) => /mermaid|ClientDiagrams/i.test(url)), []);
        assert.deepEqual(problems.all(), []);
      } finally {
        await close();
      }
    });
  }
});
