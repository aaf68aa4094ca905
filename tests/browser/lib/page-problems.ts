import type { Page } from 'playwright-core';

/**
 * PageProblems collects what a reader would see as "broken" while a page is open: console
 * errors, uncaught exceptions and requests that failed or came back 4xx/5xx.
 */
export interface PageProblems {
  consoleErrors: string[];
  pageErrors: string[];
  failedRequests: string[];
  /** all lists every problem as one line each, in the order seen. */
  all(): string[];
}

/** WatchOptions lets a test expect some failures, e.g. the 404 status of the 404 page itself. */
export interface WatchOptions {
  /** Return true for a URL whose 4xx/5xx status is expected. */
  allowStatus?: (url: string, status: number) => boolean;
}

/** watchPageProblems starts recording problems on `page`; call it before page.goto. */
export function watchPageProblems(page: Page, options: WatchOptions = {}): PageProblems {
  const ordered: string[] = [];
  const problems: PageProblems = {
    consoleErrors: [],
    pageErrors: [],
    failedRequests: [],
    all: () => [...ordered],
  };
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    // Chromium also logs every 4xx/5xx response to the console; an expected status stays expected.
    const loadFailure = /the server responded with a status of (\d+)/.exec(message.text());
    if (loadFailure && options.allowStatus?.(message.location().url, Number(loadFailure[1]))) return;
    const line = `console error: ${message.text()} (${message.location().url || 'inline'})`;
    problems.consoleErrors.push(line);
    ordered.push(line);
  });
  page.on('pageerror', (error) => {
    const line = `uncaught: ${error.message}`;
    problems.pageErrors.push(line);
    ordered.push(line);
  });
  page.on('requestfailed', (request) => {
    const line = `request failed: ${request.method()} ${request.url()} (${request.failure()?.errorText ?? 'unknown'})`;
    problems.failedRequests.push(line);
    ordered.push(line);
  });
  page.on('response', (response) => {
    const status = response.status();
    if (status < 400 || options.allowStatus?.(response.url(), status)) return;
    const line = `HTTP ${status}: ${response.request().method()} ${response.url()}`;
    problems.failedRequests.push(line);
    ordered.push(line);
  });
  return problems;
}
