import { after, before } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser.ts';
import { serveSite } from './site.ts';
import type { StaticServer } from './static-server.ts';

/**
 * withBrowserAndSite registers the hooks most browser test files need: before the tests, launch
 * Chromium and serve the built site; after them, close both. `ready` receives the two, for the
 * file's own `browser` and `site` variables.
 */
export function withBrowserAndSite(ready: (browser: Browser, site: StaticServer) => void): void {
  let browser: Browser | undefined;
  let site: StaticServer | undefined;
  before(async () => {
    browser = await launchBrowser();
    site = await serveSite();
    ready(browser, site);
  });
  after(async () => {
    await browser?.close();
    await site?.close();
  });
}
