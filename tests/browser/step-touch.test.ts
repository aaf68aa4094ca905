import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { openPage, saveScreenshot, watchPageProblems, type StaticServer, withBrowserAndSite } from './lib/index.ts';
import { editorText, firstStep, openEditor, runAndWait, STEP_CHAPTER, typeAtEnd } from './step-helpers.ts';

// On a 375 px touch screen Monaco is not loaded: the step edits in a plain textarea with the same
// controls, the same saved edits, and nothing wider than the screen.
let browser: Browser;
let site: StaticServer;

withBrowserAndSite((b, s) => {
  browser = b;
  site = s;
});

describe('runnable step (touch, 375 px)', () => {
  test('edits in a textarea, runs, keeps the edit across a reload and fits the screen', async () => {
    const { page, close } = await openPage(browser, { viewport: 'phone', colorScheme: 'dark' });
    try {
      const scripts: string[] = [];
      page.on('request', (request) => request.resourceType() === 'script' && scripts.push(request.url()));
      await page.goto(site.url + STEP_CHAPTER);
      const problems = watchPageProblems(page);
      const step = firstStep(page);
      const area = await openEditor(step, true);
      assert.equal(await area.getAttribute('aria-label'), `Code of ${await step.getAttribute('data-title')}`);
      assert.equal(await area.getAttribute('autocapitalize'), 'off');
      await typeAtEnd(page, step, '\n// from my phone', true);
      assert.match(await editorText(step, true), /\/\/ from my phone$/);
      await step.locator('[data-edited]:not([hidden])').waitFor();

      await runAndWait(step);
      // Mermaid loads when the diagram comes into view; on a phone it starts below the fold.
      await step.locator('.step-diagram-host').scrollIntoViewIfNeeded();
      await step.locator('.step-diagram-host svg').waitFor({ timeout: 20_000 });
      assert.deepEqual(scripts.filter((url) => /editor\.api|monaco/i.test(url)), [], 'Monaco loaded on a touch screen');
      await step.locator('.step-etcd > summary').click();
      await step.locator('.step-diagram-alt > summary').click();
      const box = (await step.boundingBox())!;
      assert.ok(box.x >= 0 && box.x + box.width <= 375, `step spans ${box.x}..${box.x + box.width}px on a 375px screen`);
      // Wide tables and the diagram scroll inside their own boxes; nothing widens the step.
      const overflow = await step.evaluate((node) => node.scrollWidth - node.clientWidth);
      assert.equal(overflow, 0, `step content is ${overflow}px wider than the step`);
      await saveScreenshot(page, 'step-run-phone-dark');
      assert.deepEqual(problems.all(), []);

      await page.reload();
      const reloaded = firstStep(page);
      await reloaded.locator('[data-edited]:not([hidden])').waitFor();
      await openEditor(reloaded, true);
      assert.match(await editorText(reloaded, true), /\/\/ from my phone$/);
      await reloaded.getByRole('button', { name: /^Reset/ }).click();
      assert.doesNotMatch(await editorText(reloaded, true), /from my phone/);
    } finally {
      await close();
    }
  });

  test('every control is a named button reachable by keyboard', async () => {
    const { page, close } = await openPage(browser, { viewport: 'phone' });
    try {
      await page.goto(site.url + STEP_CHAPTER);
      const step = firstStep(page);
      const names = await step.getByRole('button').evaluateAll((buttons) =>
        buttons.filter((b) => !(b as HTMLButtonElement).hidden).map((b) => (b as HTMLElement).innerText.trim()),
      );
      assert.ok(names.length >= 4, `only ${names.length} buttons`);
      await step.locator('[data-static]').evaluate((node) => (node as HTMLElement).blur());
      // Keyboard path: focus Run and press Enter.
      await step.getByRole('button', { name: /^Run/ }).focus();
      await page.keyboard.press('Enter');
      await step.locator('.step-run-summary').waitFor({ timeout: 30_000 });
    } finally {
      await close();
    }
  });
});
