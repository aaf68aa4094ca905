import type { Page } from 'playwright-core';

/**
 * Helpers for the Content-Security-Policy tests: collect every violation a page reports, both the
 * `securitypolicyviolation` DOM event and Chromium's console messages about refused content.
 */

/** CspWatch lists the violations seen so far, one readable line each. */
export interface CspWatch {
  violations(page: Page): Promise<string[]>;
}

declare global {
  interface Window {
    __cspViolations?: string[];
  }
}

/** watchCsp must be called before page.goto: it records violations from the first byte on. */
export async function watchCsp(page: Page): Promise<CspWatch> {
  const consoleLines: string[] = [];
  page.on('console', (message) => {
    const text = message.text();
    if (/Content Security Policy|Refused to (?:load|execute|apply|compile|evaluate|create|connect|frame)/i.test(text)) {
      consoleLines.push(`console: ${text}`);
    }
  });
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__cspViolations!.push(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`);
    });
  });
  return {
    async violations(current: Page) {
      const events = await current.evaluate(() => window.__cspViolations ?? []).catch(() => []);
      return [...events.map((line) => `event: ${line}`), ...consoleLines];
    },
  };
}
