import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { listPages, openPage, type StaticServer, withBrowserAndSite } from './lib/index.ts';
import { firstStep, runAndWait, STEP_CHAPTER } from './step-helpers.ts';

// Accessibility: axe-core finds no serious or critical violation (contrast included) on any page
// in either theme, nor with search open or a step's output shown; every control reached with Tab
// shows a focus ring; nothing animates when the reader asks for reduced motion.
const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const pages = await listPages();
let browser: Browser;
let site: StaticServer;

withBrowserAndSite((b, s) => {
  browser = b;
  site = s;
});

/** seriousViolations runs axe on the page (injected through the debugger protocol, so the page's CSP stays on). */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations;
  });
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.impact} ${violation.id}: ${violation.help} — ${violation.nodes.slice(0, 4).map((node) => node.target.join(' ')).join(', ')}`);
}

describe('accessibility', () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    test(`axe: every page, ${colorScheme} theme`, async () => {
      const { page, close } = await openPage(browser, { colorScheme });
      try {
        for (const sitePage of pages) {
          await page.goto(site.url + sitePage.path, { waitUntil: 'networkidle' });
          assert.deepEqual(await seriousViolations(page), [], `/${sitePage.path}`);
        }
      } finally {
        await close();
      }
    });

    test(`axe: search open and a step's output, ${colorScheme} theme, phone`, async () => {
      const { page, close } = await openPage(browser, { colorScheme, viewport: 'phone' });
      try {
        await page.goto(site.url + STEP_CHAPTER, { waitUntil: 'networkidle' });
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(width <= 375, `the page is ${width}px wide on a 375px phone`);
        await page.getByRole('button', { name: 'Search' }).click();
        await page.getByRole('searchbox', { name: 'Search the chapters' }).fill('etcd');
        await page.getByRole('dialog').getByRole('link').first().waitFor();
        assert.deepEqual(await seriousViolations(page), [], 'search dialog');
        await page.keyboard.press('Escape');
        await runAndWait(firstStep(page));
        assert.deepEqual(await seriousViolations(page), [], 'step output');
      } finally {
        await close();
      }
    });
  }

  test('every control reached with Tab shows a visible focus ring', async () => {
    const { page, close } = await openPage(browser);
    try {
      await page.goto(site.url + STEP_CHAPTER, { waitUntil: 'networkidle' });
      const seen = new Set<string>();
      for (let press = 0; press < 60; press++) {
        await page.keyboard.press('Tab');
        const focused = await page.evaluate(() => {
          const element = document.activeElement as HTMLElement | null;
          if (!element || element === document.body) return undefined;
          const style = getComputedStyle(element);
          const ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 1) || style.boxShadow !== 'none';
          const name = `${element.tagName.toLowerCase()} "${(element.getAttribute('aria-label') ?? element.textContent ?? '').trim().slice(0, 40)}"`;
          return { name, ring, visible: element.matches(':focus-visible') };
        });
        if (!focused) continue;
        seen.add(focused.name);
        assert.ok(focused.visible && focused.ring, `no visible focus ring on ${focused.name}`);
      }
      for (const control of ['a "Skip to content"', 'button "Search"', 'button "Switch to dark theme"']) {
        assert.ok(seen.has(control), `Tab never reached ${control}; reached ${[...seen].slice(0, 8).join(', ')}`);
      }
      assert.ok([...seen].some((name) => name.startsWith('button "Run')), 'Tab never reached a step Run button');
    } finally {
      await close();
    }
  });

  test('reduced motion: no transitions or smooth scrolling when the reader asks for it', async () => {
    for (const reducedMotion of ['reduce', 'no-preference'] as const) {
      const { page, close } = await openPage(browser, { context: { reducedMotion } });
      try {
        await page.goto(site.url, { waitUntil: 'networkidle' });
        const durations = await page.evaluate(() =>
          [...document.querySelectorAll<HTMLElement>('a, button, summary')].map((element) => getComputedStyle(element).transitionDuration),
        );
        const animated = durations.filter((duration) => duration.split(',').some((part) => parseFloat(part) > 0));
        if (reducedMotion === 'reduce') assert.deepEqual(animated, [], 'transitions play under prefers-reduced-motion: reduce');
        else assert.ok(animated.length > 0, 'no transitions at all: this check would prove nothing');
      } finally {
        await close();
      }
    }
  });
});
