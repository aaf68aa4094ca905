/**
 * Shared helpers for browser tests and benchmarks. A typical test:
 *
 *     const browser = await launchBrowser();
 *     const site = await serveSite();
 *     const { page, close } = await openPage(browser, { viewport: 'phone', colorScheme: 'dark' });
 *     const problems = watchPageProblems(page);
 *     await page.goto(site.url + 'chapters/api-server-at-the-centre/');
 *     assert.deepEqual(problems.all(), []);
 */
export { launchBrowser, openPage, viewports, type OpenedPage, type PageOptions, type ViewportName } from './browser.ts';
export { watchPageProblems, type PageProblems, type WatchOptions } from './page-problems.ts';
export { saveScreenshot, screenshotDir } from './screenshots.ts';
export { assertBuilt, chapterPages, distDir, listPages, repoRoot, serveSite, type SitePage } from './site.ts';
export { mimeTypes, serveStatic, type StaticServer, type StaticServerOptions } from './static-server.ts';
export { withBrowserAndSite } from './suite.ts';
