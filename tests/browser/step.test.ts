import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { openPage, saveScreenshot, watchPageProblems, type StaticServer, withBrowserAndSite } from './lib/index.ts';
import { editorText, firstStep, openEditor, runAndWait, STEP_CHAPTER, typeAtEnd } from './step-helpers.ts';

// A reader's path through a runnable step on a desktop: a static block that costs almost no JS,
// Run with output, diagram and etcd keys, Monaco on Edit without the page jumping, edits that
// survive a reload, Reset with undo, and a Share link that carries the edit to someone else.
// Problems are watched from after the page load: the load itself is the pages test's business.
let browser: Browser;
let site: StaticServer;

withBrowserAndSite((b, s) => {
  browser = b;
  site = s;
});

const HEAVY = /editor\.api|monaco|ts\.worker|editor\.worker|quickjs|\.wasm|mermaid|sequenceDiagram|worker/i;

describe('runnable step (desktop)', () => {
  test('before any interaction the step is a highlighted block and no editor, sandbox or Mermaid loads', async () => {
    const { page, close } = await openPage(browser);
    try {
      const scripts: string[] = [];
      page.on('request', (request) => {
        if (request.resourceType() === 'script' || request.url().endsWith('.wasm')) scripts.push(request.url());
      });
      await page.goto(site.url + STEP_CHAPTER);
      const problems = watchPageProblems(page);
      const step = firstStep(page);
      await step.scrollIntoViewIfNeeded();
      await page.waitForLoadState('networkidle');
      assert.ok((await step.locator('[data-static] span[style*="--shiki"]').count()) > 0, 'code is not highlighted');
      assert.deepEqual(scripts.filter((url) => HEAVY.test(url)), [], 'heavy code loaded before interaction');
      const run = step.getByRole('button', { name: /^Run/ });
      assert.match((await run.getAttribute('aria-keyshortcuts')) ?? '', /Control\+Enter/);
      assert.equal(await step.locator('[data-output]').getAttribute('aria-live'), 'polite');
      assert.deepEqual(problems.all(), []);
    } finally {
      await close();
    }
  });

  test('the pointer over a step starts the sandbox (worker, QuickJS, bundle) before Run, and Run uses that worker', async () => {
    const { page, close } = await openPage(browser);
    try {
      const sandboxLoads: string[] = [];
      // The page's and its workers' requests; not the service worker's, which precaches the sandbox.
      page.context().on('request', (request) => {
        if (request.serviceWorker()) return;
        if (/\/worker-[^/]*\.js$|\.wasm$|kube-sandbox-bundle/.test(request.url())) sandboxLoads.push(request.url().replace(/^.*\//, ''));
      });
      await page.goto(site.url + STEP_CHAPTER);
      const problems = watchPageProblems(page);
      const step = firstStep(page);
      await step.scrollIntoViewIfNeeded();
      await page.waitForLoadState('networkidle');
      assert.equal(sandboxLoads.join(', '), '', 'the sandbox loaded before the reader showed intent');
      await step.locator('[data-static]').hover();
      const hasAll = () => sandboxLoads.some((url) => url.endsWith('.wasm')) && sandboxLoads.some((url) => url.includes('kube-sandbox-bundle'));
      for (let waited = 0; !hasAll() && waited < 10_000; waited += 100) await page.waitForTimeout(100);
      assert.ok(hasAll(), `hovering loaded only: ${sandboxLoads.join(', ')}`);
      const loaded = [...sandboxLoads];
      await runAndWait(step);
      assert.match(await step.locator('.step-run-summary').innerText(), /^Ran /);
      assert.deepEqual(sandboxLoads, loaded, 'Run started a second worker instead of adopting the early one');
      assert.deepEqual(problems.all(), []);
    } finally {
      await close();
    }
  });

  test('Run shows console output, the sequence diagram, the scheduler and etcd tables', async () => {
    const { page, close } = await openPage(browser);
    try {
      await page.goto(site.url + STEP_CHAPTER);
      const problems = watchPageProblems(page);
      // The step that creates a pod: its run includes a scheduling decision.
      const step = page.locator('[data-step]', { hasText: 'run nginx' }).first();
      await runAndWait(step);
      assert.match(await step.locator('.step-run-summary').innerText(), /^Ran /);
      assert.ok((await step.locator('.step-console pre').innerText()).trim().length > 0, 'no console output');
      await step.locator('.step-diagram-host svg').waitFor({ timeout: 20_000 });
      assert.ok((await step.locator('.step-diagram-host svg text').count()) > 3, 'diagram has no labels');
      assert.ok((await step.locator('.step-diagram-text li').count()) > 0, 'no text alternative for the diagram');
      await step.locator('.step-scheduler > summary').click();
      const nodeRows = step.locator('.step-scheduler table').first().locator('tbody tr');
      assert.ok((await nodeRows.count()) >= 2, 'the filter table has fewer rows than nodes');
      assert.equal(await step.locator('.step-scheduler .step-badge', { hasText: 'chosen' }).count() > 0, true, 'no chosen node');
      await step.locator('.step-etcd > summary').click();
      assert.ok((await step.locator('.step-etcd-table tbody tr').count()) > 0, 'no etcd keys');
      assert.match(await step.locator('.step-etcd-table tbody th').first().innerText(), /^\/registry\//);
      // A value is rendered as YAML, under its key's row, when the reader asks for it.
      const podRow = step.locator('.step-etcd-table tbody tr', { hasText: '/registry/pods/' }).first();
      const show = podRow.getByRole('button', { name: /Show YAML of \/registry\/pods\// });
      const valueRowId = await show.getAttribute('aria-controls');
      const toggle = podRow.locator(`button[aria-controls="${valueRowId}"]`);
      const valueRow = step.locator(`#${valueRowId}`);
      assert.equal(await valueRow.isHidden(), true);
      assert.equal(await valueRow.locator('pre').textContent(), '', 'YAML rendered before the value was asked for');
      await show.click();
      assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
      assert.match(await valueRow.locator('pre').innerText(), /^apiVersion: v1\nkind: Pod\n/);
      await podRow.getByRole('button', { name: /Hide YAML/ }).click();
      assert.equal(await valueRow.isHidden(), true);
      await saveScreenshot(page, 'step-run-desktop-light');
      assert.deepEqual(problems.all(), []);
    } finally {
      await close();
    }
  });

  test('Edit loads Monaco in place without moving the page, and completes the kube API', async () => {
    const { page, close } = await openPage(browser, { colorScheme: 'dark' });
    try {
      await page.goto(site.url + STEP_CHAPTER);
      const problems = watchPageProblems(page);
      const step = firstStep(page);
      await step.scrollIntoViewIfNeeded();
      const before = await step.boundingBox();
      const pressed = Date.now();
      await openEditor(step);
      const readyMs = Date.now() - pressed;
      const afterBox = await step.boundingBox();
      assert.ok(before && afterBox);
      assert.ok(Math.abs(afterBox.y - before.y) <= 1, `step moved by ${afterBox.y - before.y}px`);
      assert.ok(Math.abs(afterBox.height - before.height) <= 2, `step height changed by ${afterBox.height - before.height}px`);
      assert.ok(readyMs < 5_000, `editor took ${readyMs} ms`);
      const background = await step.locator('.monaco-editor-background').evaluate((node) => getComputedStyle(node).backgroundColor);
      assert.equal(background, 'rgb(15, 23, 41)', 'editor does not follow the dark theme');
      await typeAtEnd(page, step, '\ncreateClu');
      const suggestion = page.locator('.suggest-widget .monaco-list-row', { hasText: 'createCluster' });
      await suggestion.first().waitFor({ timeout: 20_000 });
      await saveScreenshot(page, 'step-edit-desktop-dark', { fullPage: false });
      assert.deepEqual(problems.all(), []);
    } finally {
      await close();
    }
  });

  test('an edit is saved, survives a reload, and Reset brings the original back with an undo', async () => {
    const { page, close } = await openPage(browser);
    try {
      await page.goto(site.url + STEP_CHAPTER);
      const step = firstStep(page);
      const original = await step.locator('[data-static] code').innerText();
      await openEditor(step);
      await typeAtEnd(page, step, '\n// my edit 42');
      await step.locator('[data-edited]:not([hidden])').waitFor();
      assert.equal(await step.locator('[data-edited]').innerText(), 'edited');

      await page.reload();
      const reloaded = firstStep(page);
      await reloaded.locator('[data-edited]:not([hidden])').waitFor();
      assert.match(await reloaded.locator('[data-static] code').innerText(), /\/\/ my edit 42/);

      await reloaded.getByRole('button', { name: /^Reset/ }).click();
      assert.equal((await reloaded.locator('[data-static] code').innerText()).trim(), original.trim());
      assert.equal(await reloaded.locator('[data-edited]').isHidden(), true);
      await reloaded.getByRole('button', { name: 'Undo reset' }).click();
      assert.match(await reloaded.locator('[data-static] code').innerText(), /\/\/ my edit 42/);
      await reloaded.getByRole('button', { name: /^Reset/ }).click();
      await page.reload();
      assert.equal(await firstStep(page).locator('[data-edited]').isHidden(), true, 'reset edit came back after reload');
    } finally {
      await close();
    }
  });

  test('Share gives a link that opens the edited code in a fresh browser and says so', async () => {
    const first = await openPage(browser);
    let link: string;
    try {
      await first.page.goto(site.url + STEP_CHAPTER);
      const step = firstStep(first.page);
      await openEditor(step);
      await typeAtEnd(first.page, step, '\n// shared edit ✓ 7');
      await step.getByRole('button', { name: /^Share/ }).click();
      link = await step.getByRole('textbox', { name: 'Share link' }).inputValue();
      assert.match(link, /#share=[\w-]+\.[\w-]+$/);
    } finally {
      await first.close();
    }
    const second = await openPage(browser);
    try {
      await second.page.goto(link);
      const problems = watchPageProblems(second.page);
      const step = firstStep(second.page);
      await step.locator('[data-edited]:not([hidden])').waitFor();
      assert.equal(await step.locator('[data-edited]').innerText(), 'from a shared link');
      assert.match(await step.locator('[data-notice]').innerText(), /shared link/);
      assert.match(await step.locator('[data-static] code').innerText(), /\/\/ shared edit ✓ 7/);
      await openEditor(step);
      assert.match(await editorText(step), /\/\/ shared edit ✓ 7/);
      assert.deepEqual(problems.all(), []);
    } finally {
      await second.close();
    }
  });

  test('an error links to its line, Ctrl+Enter runs from the editor, and Stop ends a run that never finishes', async () => {
    const { page, close } = await openPage(browser);
    try {
      await page.goto(site.url + STEP_CHAPTER);
      const step = firstStep(page);
      await openEditor(step);
      await typeAtEnd(page, step, '\nthrow new Error("boom at the end");');
      await page.keyboard.press('Control+Enter');
      await step.locator('.step-error').waitFor({ timeout: 30_000 });
      assert.match(await step.locator('.step-error-message').innerText(), /boom at the end/);
      const lines = (await editorText(step)).split('\n').length;
      const goTo = step.getByRole('button', { name: /^Go to line \d+/ });
      assert.match(await goTo.innerText(), new RegExp(`^Go to line ${lines}\\b`));
      await page.keyboard.press('Control+Home');
      await goTo.click();
      // The cursor moved: Monaco marks the current line's number.
      await step.locator('.monaco-editor .active-line-number', { hasText: new RegExp(`^${lines}$`) }).waitFor({ timeout: 5_000 });

      await step.getByRole('button', { name: /^Reset/ }).click();
      await typeAtEnd(page, step, '\nwhile (true) {}');
      await step.getByRole('button', { name: /^Run/ }).click();
      const stop = step.getByRole('button', { name: /^Stop/ });
      await stop.waitFor();
      assert.equal(await page.evaluate(() => 1 + 1), 2, 'page is not responsive during a run');
      await stop.click();
      await step.getByText('Run stopped.').waitFor({ timeout: 10_000 });
    } finally {
      await close();
    }
  });
  test('an exercise: Check shows which expectations fail, and pass once the solution is in', async () => {
    const { page, close } = await openPage(browser);
    try {
      await page.goto(site.url + STEP_CHAPTER);
      const problems = watchPageProblems(page);
      const step = page.locator('[data-step]:has([data-action="check"])').first();
      await step.getByRole('button', { name: /^Check/ }).click();
      await step.locator('.step-checks').waitFor({ timeout: 30_000 });
      assert.ok((await step.locator('.step-checks li.fail').count()) > 0, 'the starter code already passes the check');
      assert.match((await step.locator('.step-checks h4').textContent()) ?? '', /^Check: \d+ of \d+ expectations? met$/);

      await step.getByRole('button', { name: /^Show solution/ }).click();
      await step.getByRole('button', { name: 'Back to my code' }).waitFor();
      await step.getByRole('button', { name: /^Check/ }).click();
      // The new verdicts replace the old ones: wait for a list with passes and no failure.
      await step.locator('.step-checks:not(:has(li.fail)) li.pass').first().waitFor({ timeout: 30_000 });
      assert.match((await step.locator('.step-checks h4').textContent()) ?? '', /^Check: (\d+) of \1 expectations? met$/);
      assert.deepEqual(problems.all(), []);
    } finally {
      await close();
    }
  });
});
