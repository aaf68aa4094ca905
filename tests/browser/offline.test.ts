import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { distDir, launchBrowser, openPage, saveScreenshot, serveSite, type StaticServer } from './lib/index.ts';
import { firstStep, runAndWait, STEP_CHAPTER } from './step-helpers.ts';

// Offline support (dist/sw.js): after one visit, chapters already seen open and their steps run
// with the network off; a new deploy shows "A new version of this site is available" and Reload
// switches to it. The site is served from a copy of dist/ so the test can deploy a "new version".
let browser: Browser;
let site: StaticServer;
let copy: string;

before(async () => {
  copy = await mkdtemp(join(tmpdir(), 'kube-api-offline-'));
  await cp(distDir, copy, { recursive: true });
  browser = await launchBrowser();
  site = await serveSite({ dir: copy });
});
after(async () => {
  await browser?.close();
  await site?.close();
  if (copy) await rm(copy, { recursive: true, force: true });
});

/** waitForOffline waits until the service worker controls the page and has kept the page itself. */
async function waitForOffline(page: Page): Promise<void> {
  await page.waitForFunction(async () => {
    if (!navigator.serviceWorker.controller) return false;
    return (await caches.match(location.href.split('#')[0]!)) !== undefined;
  }, undefined, { timeout: 20_000, polling: 200 });
}

describe('offline', () => {
  test('seen chapters open and their steps run with the network off; unseen pages say so', async () => {
    const { context, page, close } = await openPage(browser, { viewport: 'phone' });
    try {
      await page.goto(site.url + STEP_CHAPTER, { waitUntil: 'networkidle' });
      await waitForOffline(page);
      const second = await page.locator('a[rel="next"]').first().getAttribute('href');
      assert.ok(second, 'no link to the next chapter');
      await page.goto(new URL(second, site.url).href, { waitUntil: 'networkidle' });
      await waitForOffline(page);

      await context.setOffline(true);
      await page.goto(site.url + STEP_CHAPTER);
      assert.equal(await page.locator('h1').count(), 1);
      // The reader never pressed Run online: the sandbox was precached when the worker installed.
      const step = firstStep(page);
      await runAndWait(step);
      assert.match((await step.locator('[data-output]').textContent()) ?? '', /\S/, 'the offline run printed nothing');

      await page.goto(new URL(second, site.url).href);
      assert.equal(await page.locator('h1').count(), 1, 'the second chapter seen did not open offline');

      const unseen = await page.goto(site.url + 'chapters/certificates-ahead/');
      assert.equal(unseen?.status(), 503);
      assert.match((await page.locator('h1').textContent()) ?? '', /You are offline/);
      await page.getByRole('link', { name: 'Go to the home page' }).click();
      await page.waitForURL(site.url);
      assert.equal(await page.locator('h1').count(), 1, 'the home page is not available offline');
    } finally {
      await close();
    }
  });

  test('a new deploy shows "new version available"; Reload switches to it', async () => {
    const { page, close } = await openPage(browser, { viewport: 'phone', colorScheme: 'dark' });
    try {
      await page.goto(site.url + STEP_CHAPTER, { waitUntil: 'networkidle' });
      await waitForOffline(page);
      const notice = page.getByRole('status').filter({ hasText: 'A new version of this site is available' });
      assert.equal(await notice.isVisible(), false, 'notice shown without an update');
      const oldVersion = await page.evaluate(() => caches.keys());

      // Deploy: any change to the output gives sw.js a new version.
      const swPath = join(copy, 'sw.js');
      const sw = await readFile(swPath, 'utf8');
      await writeFile(swPath, sw.replace(/"version": "([0-9a-f]+)"/, '"version": "$1-next"'));
      await page.reload({ waitUntil: 'networkidle' });
      await notice.waitFor({ timeout: 20_000 });
      await saveScreenshot(page, 'offline-update-notice-dark-phone', { fullPage: false });
      await Promise.all([page.waitForEvent('load'), notice.getByRole('button', { name: 'Reload' }).click()]);
      await page.waitForFunction((old) => caches.keys().then((keys) => keys.length === 1 && !old.includes(keys[0]!)), oldVersion);
      assert.equal(await notice.isVisible(), false, 'notice still shown after switching');
      assert.equal(await page.locator('h1').count(), 1);
    } finally {
      await close();
    }
  });
});
