// What a runnable step costs the reader, measured on the production build in Chromium (desktop,
// the first step of the first chapter page that has one):
//   sandbox.cold_run_ms       Run pressed on a fresh page → output shown (worker, QuickJS and the
//                             control-plane bundle load on this first run; the pointer reaches the
//                             button just before the press, as Playwright's click moves it). The
//                             median of COLD_PAGES fresh pages, each in its own browser context
//                             (empty cache): one sample moved by ±10% with the machine's load.
//   sandbox.warm_run_ms       the same Run again on that page, after a second of reading the
//                             previous output (median of 5)
// Run times are measured in the page, from the click event to the run summary being in the DOM:
// Playwright's own click and wait add 40-90 ms of polling and actionability checks (measured on a
// button that answers at once), which no reader experiences. sandbox.*_driver_ms keep the
// Playwright-timed figures for comparison with older results.
//   sandbox.editor_ready_ms   Edit pressed → Monaco shown and focused, ready for typing (target < 1500)
//   sandbox.first_run_kb_gz   gzip size of everything the first Run requests before its output shows
//   sandbox.editor_kb_gz      gzip size of everything Edit downloads (editor, TS worker, "kube" types)
// Sizes are KiB (1024 bytes) of gzip level 9, summed per resource.
import { gzipSync } from 'node:zlib';
import { chapterPages, launchBrowser, listPages, openPage, serveSite } from '../../tests/browser/lib/index.ts';

const kib = (bytes) => Math.round((bytes / 1024) * 100) / 100;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * collectResponses records every response body size (gzip) from now until stop(untilEpochMs): only
 * requests that started before `untilEpochMs` count (Mermaid starts loading for the diagram the
 * moment the output shows; that is the diagram's cost, not the run's).
 */
function collectResponses(page) {
  const pending = [];
  let open = true;
  const onResponse = (response) => {
    if (!open || response.request().resourceType() === 'document' || response.status() >= 300) return;
    const startedAt = response.request().timing().startTime;
    pending.push(response.body().then((body) => ({ startedAt, bytes: gzipSync(body, { level: 9 }).length }), () => ({ startedAt, bytes: 0 })));
  };
  // The context sees the page's responses and its workers' (QuickJS, the TypeScript worker).
  page.context().on('response', onResponse);
  return async (untilEpochMs = Number.POSITIVE_INFINITY) => {
    open = false;
    page.context().off('response', onResponse);
    const all = await Promise.all(pending);
    return all.filter((entry) => entry.startedAt <= untilEpochMs).reduce((sum, entry) => sum + entry.bytes, 0);
  };
}

/** COLD_PAGES is how many fresh pages the cold run is timed on (their median is reported). */
const COLD_PAGES = 3;

/** READING_PAUSE_MS is how long the reader looks at one run's output before running it again. */
const READING_PAUSE_MS = 1_000;

/**
 * timeRun presses Run and resolves with { pageMs, driverMs }: the ms from the click event to the
 * run summary appearing in the output panel, measured in the page, and the same as Playwright sees it.
 */
async function timeRun(page, step) {
  const panel = step.locator('[data-output]');
  await panel.evaluate((element) => {
    element.replaceChildren();
    const root = element.closest('[data-step]');
    const timing = { clickAt: 0, shownAt: 0 };
    element.__runTiming = timing;
    root.addEventListener('click', (event) => (timing.clickAt = event.timeStamp), { capture: true, once: true });
    const observer = new MutationObserver(() => {
      if (!element.querySelector('.step-run-summary')) return;
      timing.shownAt = performance.now();
      observer.disconnect();
    });
    observer.observe(element, { childList: true, subtree: true });
  });
  const started = performance.now();
  await step.getByRole('button', { name: /^Run/ }).click();
  await step.locator('.step-run-summary').waitFor({ timeout: 60_000 });
  const driverMs = performance.now() - started;
  const { pageMs, shownAtEpochMs } = await panel.evaluate((element) => ({
    pageMs: element.__runTiming.shownAt - element.__runTiming.clickAt,
    shownAtEpochMs: performance.timeOrigin + element.__runTiming.shownAt,
  }));
  return { pageMs, driverMs, shownAtEpochMs };
}

async function findStepPage(browser, site) {
  for (const chapter of chapterPages(await listPages())) {
    const { page, close } = await openPage(browser);
    await page.goto(site.url + chapter.path);
    if ((await page.locator('[data-step]').count()) > 0) return { chapter, page, close };
    await close();
  }
  throw new Error('no chapter page has a <Step>: nothing to measure');
}

/** firstStepReady scrolls the page's first step into view and waits for the page to settle. */
async function firstStepReady(page) {
  const step = page.locator('[data-step]').first();
  await step.scrollIntoViewIfNeeded();
  await page.waitForLoadState('networkidle');
  return step;
}

/** coldRunMs times the first Run on `count` more fresh pages of the chapter (new contexts: empty caches). */
async function coldRunMs(browser, url, count) {
  const times = [];
  for (let i = 0; i < count; i++) {
    const { page, close } = await openPage(browser);
    try {
      await page.goto(url);
      times.push((await timeRun(page, await firstStepReady(page))).pageMs);
    } finally {
      await close();
    }
  }
  return times;
}

export async function run(context) {
  const browser = await launchBrowser();
  const site = await serveSite({ dir: context.distDir });
  try {
    const { chapter, page, close } = await findStepPage(browser, site);
    const notes = [`measured on ${chapter.path}`];
    try {
      const step = await firstStepReady(page);

      const stopRunBytes = collectResponses(page);
      const cold = await timeRun(page, step);
      const firstRunBytes = await stopRunBytes(cold.shownAtEpochMs);
      const result = await step.locator('.step-run-summary').innerText();
      if (!/^Ran /.test(result)) notes.push(`the measured run did not succeed: ${result}`);

      const warm = [];
      for (let i = 0; i < 5; i++) {
        await page.waitForTimeout(READING_PAUSE_MS);
        warm.push(await timeRun(page, step));
      }

      await page.waitForLoadState('networkidle');
      const stopEditorBytes = collectResponses(page);
      const pressed = performance.now();
      await step.getByRole('button', { name: /^Edit/ }).click();
      await page.waitForFunction(
        (root) => {
          const editor = root.querySelector('.monaco-editor');
          return Boolean(editor?.querySelector('.view-line') && editor.contains(document.activeElement));
        },
        await step.elementHandle(),
        { timeout: 60_000, polling: 16 },
      );
      const editorReadyMs = performance.now() - pressed;
      // The TypeScript worker and the "kube" types load right after the editor shows; count them.
      await page.waitForTimeout(2_000);
      await page.waitForLoadState('networkidle');
      const editorBytes = await stopEditorBytes();
      const coldTimes = [cold.pageMs, ...(await coldRunMs(browser, site.url + chapter.path, COLD_PAGES - 1))];
      notes.push(`cold runs: ${coldTimes.map((ms) => Math.round(ms)).join(', ')} ms`);

      return {
        'sandbox.cold_run_ms': Math.round(median(coldTimes)),
        'sandbox.warm_run_ms': Math.round(median(warm.map((run) => run.pageMs))),
        'sandbox.cold_run_driver_ms': Math.round(cold.driverMs),
        'sandbox.warm_run_driver_ms': Math.round(median(warm.map((run) => run.driverMs))),
        'sandbox.editor_ready_ms': Math.round(editorReadyMs),
        'sandbox.first_run_kb_gz': kib(firstRunBytes),
        'sandbox.editor_kb_gz': kib(editorBytes),
        notes,
      };
    } finally {
      await close();
    }
  } finally {
    await browser.close();
    await site.close();
  }
}
