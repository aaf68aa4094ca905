import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { repoRoot } from './site.ts';

/** screenshotDir is git-ignored; every test run overwrites the images in it. */
export const screenshotDir = join(repoRoot, 'tests', 'screenshots');

/** saveScreenshot writes a full-page PNG named `<name>.png` and returns its path. */
export async function saveScreenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  await mkdir(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path, fullPage: options.fullPage ?? true, animations: 'disabled' });
  return path;
}
