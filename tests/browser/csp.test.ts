import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { cspForMeta } from '../../src/lib/security.ts';
import { watchCsp } from './csp-helpers.ts';
import { listPages, openPage, watchPageProblems, type StaticServer, withBrowserAndSite } from './lib/index.ts';
import { firstStep, runAndWait, STEP_CHAPTER } from './step-helpers.ts';

// The site under its Content-Security-Policy (a <meta> tag in every page, so this holds on any
// static host): no inline script, no eval. Every page loads, search and the editor open and a
// step runs in the QuickJS worker without a single violation.
let browser: Browser;
let site: StaticServer;
const pages = await listPages();

withBrowserAndSite((b, s) => {
  browser = b;
  site = s;
});

describe('Content-Security-Policy', () => {
  test('every page carries the policy and loads without violations', async () => {
    const { page, close } = await openPage(browser);
    try {
      const csp = await watchCsp(page);
      const problems = watchPageProblems(page, { allowStatus: (url, status) => status === 404 && url.endsWith('/404.html') });
      for (const sitePage of pages) {
        await page.goto(site.url + sitePage.path, { waitUntil: 'networkidle' });
        const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
        assert.equal(policy, cspForMeta(), `${sitePage.name}: policy`);
        assert.equal(await page.locator('script:not([src])').count(), 0, `${sitePage.name}: inline script`);
        assert.deepEqual(await csp.violations(page), [], `${sitePage.name}: violations`);
      }
      assert.deepEqual(problems.all(), []);
    } finally {
      await close();
    }
  });

  test('search, the editor and a step run work under the policy', async () => {
    const { page, close } = await openPage(browser);
    try {
      const csp = await watchCsp(page);
      const problems = watchPageProblems(page);
      await page.goto(site.url + STEP_CHAPTER, { waitUntil: 'networkidle' });
      // Search: Pagefind's script and WebAssembly.
      await page.keyboard.press('/');
      await page.getByRole('searchbox', { name: 'Search the chapters' }).fill('etcd');
      await page.getByRole('dialog').getByRole('link').first().waitFor();
      await page.keyboard.press('Escape');
      // A step: the QuickJS worker, its WebAssembly and the control-plane bundle.
      const step = firstStep(page);
      await runAndWait(step);
      assert.match((await step.locator('[data-output]').textContent()) ?? '', /\S/, 'the run printed nothing');
      // The editor: Monaco, its workers and its injected styles.
      await step.getByRole('button', { name: /^Edit/ }).click();
      await step.locator('.monaco-editor .view-lines').waitFor({ timeout: 30_000 });
      assert.deepEqual(await csp.violations(page), []);
      assert.deepEqual(problems.all(), []);
    } finally {
      await close();
    }
  });
});
