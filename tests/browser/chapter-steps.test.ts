import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { openPage, repoRoot, watchPageProblems, type StaticServer, withBrowserAndSite } from './lib/index.ts';
import { runAndWait } from './step-helpers.ts';

// Every chapter's steps run in the real page, in the QuickJS sandbox worker: pressing Run on a
// chapter's last ordinary step runs all the steps before it too (notebook semantics), so one press
// per chapter covers them all. A step whose first line is `// expect-error: <text>` must fail with
// that text. (tests/unit/chapters.test.ts checks the same steps in Node and in QuickJS under Node.)
const chaptersDir = join(repoRoot, 'content', 'chapters');
const EXPECT_ERROR = /^\/\/ expect-error: (.+)$/;

interface PageSteps {
  url: string;
  lastOrdinary?: string;
  failing: { id: string; text: string }[];
}

function chapterSteps(): PageSteps[] {
  return readdirSync(chaptersDir)
    .filter((folder) => /^\d{2}-/.test(folder))
    .sort()
    .flatMap((folder) => {
      let files: string[];
      try {
        files = readdirSync(join(chaptersDir, folder, 'steps'));
      } catch {
        return [];
      }
      const steps = files.filter((f) => /^\d{2}-[a-z0-9-]+\.ts$/.test(f)).sort();
      const page: PageSteps = { url: `chapters/${folder.replace(/^\d{2}-/, '')}/`, failing: [] };
      for (const file of steps) {
        const firstLine = readFileSync(join(chaptersDir, folder, 'steps', file), 'utf8').split('\n', 1)[0];
        const expected = EXPECT_ERROR.exec(firstLine);
        const id = file.replace(/\.ts$/, '');
        if (expected) page.failing.push({ id, text: expected[1].trim() });
        else page.lastOrdinary = id;
      }
      return [page];
    });
}

let browser: Browser;
let site: StaticServer;
withBrowserAndSite((b, s) => {
  browser = b;
  site = s;
});

describe('every chapter step runs in the page', () => {
  const pages = chapterSteps();
  test('there are chapters with steps to run', () => assert.ok(pages.length >= 6, `found ${pages.length}`));
  test('the step on "How the notebook works" runs and starts a pod', async () => {
    const { page, close } = await openPage(browser);
    try {
      await page.goto(`${site.url}how-it-works/`);
      const step = page.locator('[data-step="01-try-it"]');
      await runAndWait(step);
      assert.match(await step.locator('[data-output]').innerText(), /demo {3}1\/1 {5}Running/);
    } finally {
      await close();
    }
  });
  for (const chapter of pages) {
    test(`${chapter.url}: steps up to ${chapter.lastOrdinary} run cleanly; ${chapter.failing.length} fail as meant`, async () => {
      const { page, close } = await openPage(browser);
      try {
        await page.goto(site.url + chapter.url);
        const problems = watchPageProblems(page);
        if (chapter.lastOrdinary) {
          const step = page.locator(`[data-step="${chapter.lastOrdinary}"]`);
          await runAndWait(step);
          const summary = step.locator('.step-run-summary');
          assert.match((await summary.getAttribute('class')) ?? '', /\bok\b/, `${chapter.lastOrdinary}: ${await step.locator('[data-output]').innerText()}`);
        }
        for (const failing of chapter.failing) {
          const step = page.locator(`[data-step="${failing.id}"]`);
          await runAndWait(step);
          assert.match((await step.locator('.step-run-summary').getAttribute('class')) ?? '', /\bfailed\b/);
          assert.ok((await step.locator('.step-error').innerText()).includes(failing.text), `${failing.id} should fail with "${failing.text}"`);
        }
        assert.deepEqual(problems.all(), []);
      } finally {
        await close();
      }
    });
  }
});
