import type { Locator, Page } from 'playwright-core';

/**
 * Helpers for the runnable-step browser tests: find the chapter page with steps, drive a step's
 * controls by their accessible names, and wait for a run to finish.
 */

/** STEP_CHAPTER is the chapter whose steps the tests drive (chapter 1 has the demo steps). */
export const STEP_CHAPTER = 'chapters/api-server-at-the-centre/';

/** firstStep is the first step on the page. */
export function firstStep(page: Page): Locator {
  return page.locator('[data-step]').first();
}

/** runAndWait presses the step's Run button and waits until its output shows a finished run. */
export async function runAndWait(step: Locator): Promise<void> {
  await step.getByRole('button', { name: /^Run/ }).click();
  await step.locator('.step-run-summary').waitFor({ timeout: 30_000 });
}

/** openEditor presses Edit and waits for Monaco (desktop) or the textarea (touch) to be ready. */
export async function openEditor(step: Locator, touch = false): Promise<Locator> {
  await step.getByRole('button', { name: /^Edit/ }).click();
  const editor = touch ? step.locator('textarea.step-editor') : step.locator('.monaco-editor .view-lines');
  await editor.waitFor({ timeout: 30_000 });
  return editor;
}

/** typeAtEnd moves to the end of the code and types text (Monaco or textarea). */
export async function typeAtEnd(page: Page, step: Locator, text: string, touch = false): Promise<void> {
  if (touch) {
    const area = step.locator('textarea.step-editor');
    await area.focus();
    await area.press('Control+End');
  } else {
    // Monaco's input is an EditContext element in Chromium, a textarea elsewhere: click the text.
    await step.locator('.monaco-editor .view-lines').click();
    await page.keyboard.press('Control+End');
  }
  // Monaco auto-closes brackets and quotes; typing a line without them keeps the text exact.
  await page.keyboard.type(text);
}

/** editorText reads the code currently in the step's editor. */
export async function editorText(step: Locator, touch = false): Promise<string> {
  if (touch) return step.locator('textarea.step-editor').inputValue();
  // Monaco renders lines as separate elements; join them in order (non-breaking spaces → spaces).
  const lines = await step.locator('.monaco-editor .view-line').evaluateAll((nodes) =>
    nodes
      .map((node) => ({ top: parseFloat((node as HTMLElement).style.top), text: (node.textContent ?? '').replace(/\u00a0/g, ' ') }))
      .sort((a, b) => a.top - b.top)
      .map((line) => line.text),
  );
  return lines.join('\n');
}
