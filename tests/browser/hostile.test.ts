import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchBrowser, openPage, serveSite, type StaticServer } from './lib/index.ts';
import { firstStep, openEditor, runAndWait, STEP_CHAPTER } from './step-helpers.ts';

// The hostile-code suite in a real page (playground/sandbox/hostile.test.ts is its Node twin):
// every attack ends with its own clear message within its limit, the page keeps painting and
// ticking while the sandbox worker is busy, and the next ordinary run of the step still works.
// Code goes in through the touch textarea (phone viewport), which takes a whole snippet at once.
let browser: Browser;
let site: StaticServer;

before(async () => {
  browser = await launchBrowser();
  site = await serveSite();
});
after(async () => {
  await browser?.close();
  await site?.close();
});

interface Hostile {
  name: string;
  code: string;
  /** What the failed run's error says; undefined for a run that ends without an error. */
  error?: RegExp;
  /** What the output shows for a run that ends cleanly. */
  output?: RegExp;
  /** The longest the run may take, wall-clock, in the page. */
  limitMs: number;
}

const TIMEOUT = /ran for more than 2 s of CPU time and was stopped/;
const hostiles: Hostile[] = [
  { name: 'a synchronous infinite loop', code: 'while (true) {}', error: TIMEOUT, limitMs: 6_000 },
  { name: 'an endless promise-job chain', code: 'const f = (): Promise<void> => Promise.resolve().then(f);\nawait f();', error: /ran for more than 2 s of CPU time and was stopped|ran out of memory \(the sandbox has 64 MB\)/, limitMs: 6_000 },
  // Not awaited: the chain exhausts memory, QuickJS rejects its promises unseen, and the run used to end "ok".
  { name: 'an un-awaited endless promise-job chain', code: 'Promise.resolve().then(function f(): Promise<void> { return Promise.resolve().then(f); });', error: /ran for more than 2 s of CPU time and was stopped|ran out of memory \(the sandbox has 64 MB\)/, limitMs: 6_000 },
  { name: 'a catastrophic regular expression', code: '/(a+)+$/.test("a".repeat(40) + "!");', error: TIMEOUT, limitMs: 6_000 },
  { name: 'a recursion bomb', code: 'const f = (n: number): number => f(n + 1);\nf(0);', error: /Maximum call stack size exceeded|stack/i, limitMs: 6_000 },
  { name: 'a memory bomb', code: 'let s = "xy";\nwhile (true) { s = s + s; s.indexOf("z"); }', error: /ran out of memory \(the sandbox has 64 MB\)/, limitMs: 6_000 },
  { name: 'a console flood', code: 'for (let i = 0; i < 100_000; i++) console.log("line", i);', output: /… output truncated/, limitMs: 8_000 },
  {
    name: 'a reach for host globals',
    code:
      'console.log("probe", typeof fetch, typeof document, typeof XMLHttpRequest, typeof WebSocket, typeof importScripts, typeof Worker, typeof Function("return this")().document);',
    output: /probe undefined undefined undefined undefined undefined undefined undefined/,
    limitMs: 6_000,
  },
  { name: 'a dynamic import of a URL', code: 'const m = await import("https://example.org/x.js");', error: /Cannot import "https:\/\/example\.org\/x\.js": steps can only import "kube"/, limitMs: 6_000 },
  { name: 'throw 42', code: 'throw 42;', error: /Uncaught 42/, limitMs: 6_000 },
  { name: 'an await that never settles', code: 'await new Promise(() => {});', error: /still waiting on a promise that never settles/, limitMs: 6_000 },
];

/** startTicker counts setInterval ticks in the page and remembers the longest gap between them. */
async function startTicker(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __ticks: number; __maxGap: number; __last: number; __timer?: number };
    clearInterval(w.__timer);
    w.__ticks = 0;
    w.__maxGap = 0;
    w.__last = performance.now();
    w.__timer = window.setInterval(() => {
      const now = performance.now();
      w.__maxGap = Math.max(w.__maxGap, now - w.__last);
      w.__last = now;
      w.__ticks++;
    }, 50);
  });
}

async function tickerStats(page: Page): Promise<{ ticks: number; maxGap: number }> {
  return page.evaluate(() => {
    const w = window as unknown as { __ticks: number; __maxGap: number };
    return { ticks: w.__ticks, maxGap: w.__maxGap };
  });
}

/** forgetSummary drops the last run's summary, so waiting for one waits for the next run's. */
async function forgetSummary(step: Locator): Promise<void> {
  await step.locator('.step-run-summary').evaluateAll((nodes) => nodes.forEach((node) => node.remove()));
}

async function runCode(step: Locator, code: string): Promise<void> {
  await step.locator('textarea.step-editor').fill(code);
  await forgetSummary(step);
  await runAndWait(step);
}

describe('hostile code in the page', () => {
  test('every attack ends with its own message, the page stays responsive, and the next run works', async () => {
    const { page, close } = await openPage(browser, { viewport: 'phone' });
    try {
      await page.goto(site.url + STEP_CHAPTER);
      const step = firstStep(page);
      await openEditor(step, true);
      const normal = await step.locator('textarea.step-editor').inputValue();
      // Warm the sandbox so the first attack's limit is not spent loading the worker.
      await runAndWait(step);
      assert.match((await step.locator('.step-run-summary').getAttribute('class')) ?? '', /\bok\b/);

      for (const hostile of hostiles) {
        await startTicker(page);
        const started = Date.now();
        await step.locator('textarea.step-editor').fill(hostile.code);
        await forgetSummary(step);
        await step.getByRole('button', { name: /^Run/ }).click();
        // While the run is going, the page answers and its timers keep firing.
        await page.waitForTimeout(400);
        const stats = await tickerStats(page);
        assert.ok(stats.maxGap < 1_000, `${hostile.name}: page froze for ${Math.round(stats.maxGap)} ms`);
        await step.locator('.step-run-summary').waitFor({ timeout: hostile.limitMs });
        const tookMs = Date.now() - started;
        const after = await tickerStats(page);
        assert.ok(tookMs <= hostile.limitMs, `${hostile.name}: took ${tookMs} ms`);
        assert.ok(after.maxGap < 1_000, `${hostile.name}: page froze for ${Math.round(after.maxGap)} ms during the run`);
        assert.ok(after.ticks >= Math.floor(tookMs / 50 / 4), `${hostile.name}: only ${after.ticks} ticks in ${tookMs} ms`);

        const summaryClass = (await step.locator('.step-run-summary').getAttribute('class')) ?? '';
        const output = await step.locator('[data-output]').innerText();
        if (hostile.error) {
          assert.match(summaryClass, /\bfailed\b/, `${hostile.name}: ${output}`);
          assert.match(await step.locator('.step-error').innerText(), hostile.error, `${hostile.name}: ${output}`);
        } else {
          assert.match(summaryClass, /\bok\b/, `${hostile.name}: ${output}`);
          assert.match(output, hostile.output!, `${hostile.name}`);
        }

        await runCode(step, normal);
        assert.match((await step.locator('.step-run-summary').getAttribute('class')) ?? '', /\bok\b/, `run after ${hostile.name}: ${await step.locator('[data-output]').innerText()}`);
      }
    } finally {
      await close();
    }
  });
});
