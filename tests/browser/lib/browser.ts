import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { ChromiumNotFound, launchChromium } from '../../../src/lib/chromium.ts';

/**
 * Browser helpers for tests and benchmarks: start Debian's Chromium and open pages in the two
 * viewports we check. A missing browser is a test FAILURE with install instructions, never a skip.
 */

/** ViewportName names the viewports every page is checked in. */
export type ViewportName = 'desktop' | 'phone';

/** viewports are the desktop (1280x800) and phone (375x812, touch, 2x) settings. */
export const viewports: Readonly<Record<ViewportName, BrowserContextOptions>> = {
  desktop: { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 },
  phone: { viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
};

/** launchBrowser starts headless Chromium or throws an error that says how to install it. */
export async function launchBrowser(): Promise<Browser> {
  try {
    return await launchChromium();
  } catch (error) {
    if (error instanceof ChromiumNotFound) {
      throw new Error(
        `Browser tests need Chromium and none was found. ${error.message}\n` +
          'On Debian/Ubuntu: apt-get update && apt-get install -y chromium',
      );
    }
    throw error;
  }
}

/** PageOptions picks the viewport, colour scheme and whether JavaScript runs. */
export interface PageOptions {
  viewport?: ViewportName;
  colorScheme?: 'light' | 'dark';
  javaScriptEnabled?: boolean;
  /** Extra context options (storage state, locale, ...). */
  context?: BrowserContextOptions;
}

/** OpenedPage is a page in its own fresh context (no shared storage); close() ends both. */
export interface OpenedPage {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** openPage creates a fresh context with the given options and one page in it. */
export async function openPage(browser: Browser, options: PageOptions = {}): Promise<OpenedPage> {
  const context = await browser.newContext({
    ...viewports[options.viewport ?? 'desktop'],
    colorScheme: options.colorScheme ?? 'light',
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    reducedMotion: 'reduce',
    ...options.context,
  });
  const page = await context.newPage();
  return { context, page, close: () => context.close() };
}
