/**
 * The step controller, loaded by the tiny loader on the first sign of intent (a click on a step's
 * controls, focus on its code, Ctrl/Cmd+Enter) or when the page has saved edits or a share link to
 * restore. It owns editing, saving, Reset, Share, Run, Check and Show solution for every step.
 * Monaco, the sandbox and Mermaid are separate chunks imported from here only when needed.
 */
import type { RunProgress, RunRequest } from '../../../playground/sandbox/protocol';
import { checkStepSource, splitCheckOutput } from './check';
import { h } from './dom';
import type { CodeEditor, EditorOptions } from './editor-types';
import { renderMessage, renderProgress, renderRunResult, updateProgressLabel } from './output';
import { runSteps, stopRun } from './sandbox';
import { decodeShareFragment, encodeShareFragment, ShareLinkError } from './share';
import { part, stateOf, stepRoots, type StepState } from './step-state';
import { browserStorage, clearEdit, saveEdit } from './storage';

/** StepAction is what the loader forwards: a button's data-action, or focus on the code. */
export type StepAction = 'run' | 'edit' | 'focus-code' | 'reset' | 'undo' | 'share' | 'check' | 'solution' | 'stop';

const coarsePointer = () => matchMedia('(pointer: coarse)').matches;

function earlierSources(state: StepState): string[] {
  const roots = stepRoots();
  return roots.slice(0, roots.indexOf(state.root)).map((root) => stateOf(root).code);
}

/** showMarker updates the "edited" / "shared" marker and the Reset button. */
function showMarker(state: StepState): void {
  const marker = part(state, 'edited');
  const reset = part<HTMLButtonElement>(state, 'action="reset"');
  const differs = state.code !== state.original;
  if (marker) {
    marker.hidden = !differs;
    marker.textContent = state.source === 'shared' ? 'from a shared link' : state.stale ? 'edited (older version)' : 'edited';
    marker.title = state.stale ? 'You edited this step before the chapter changed its code. Reset to get the new version.' : '';
  }
  if (reset) reset.disabled = !differs;
}

/** showNotice puts a short message (and maybe a button) in the step's notice line. */
function showNotice(state: StepState, text: string, ...extra: Node[]): void {
  part(state, 'notice')?.replaceChildren(h('span', {}, text), ...extra);
}

/** showStaticCode puts code in the static block while no editor is open (plain text: no highlighter loaded). */
function showStaticCode(state: StepState): void {
  const code = part(state, 'static')?.querySelector('code');
  if (code && !state.editor) code.textContent = state.code;
}

/** setCode records a new current code: saves it (or forgets it when it is the original). */
function setCode(state: StepState, code: string, source: StepState['source']): void {
  state.code = code;
  state.source = code === state.original ? 'original' : source;
  if (source !== 'shared') {
    const { saved } = saveEdit(browserStorage(), state.ref, code, state.original);
    if (!saved && code !== state.original) showNotice(state, 'Your edit could not be saved in this browser (storage is full or blocked).');
  }
  if (source === 'edited') state.stale = false;
  showMarker(state);
}

function onEditorChange(state: StepState, code: string): void {
  if (code === state.code) return;
  if (state.undo) {
    state.undo = undefined;
    showNotice(state, '');
  }
  setCode(state, code, 'edited');
}

/** openEditor mounts Monaco (or the textarea on touch screens) in place of the static block. */
export async function openEditor(state: StepState, focus = true): Promise<CodeEditor> {
  if (state.editor) {
    if (focus) state.editor.focus();
    return state.editor;
  }
  state.editorLoading ??= (async () => {
    const placeholder = part(state, 'static')!;
    const editButton = part<HTMLButtonElement>(state, 'action="edit"');
    editButton?.setAttribute('aria-busy', 'true');
    const options: EditorOptions = {
      placeholder,
      code: state.code,
      label: `Code of ${state.title}`,
      path: `${state.ref.chapter}/${state.ref.step}.ts`,
      earlierSteps: earlierSources(state),
      onRun: () => void run(state, false),
    };
    try {
      const editor = coarsePointer()
        ? (await import('./textarea-editor')).createTextareaEditor(options)
        : (await import('./monaco-editor')).createMonacoEditor(options);
      state.editor = editor;
      editor.onChange((code) => onEditorChange(state, code));
      state.root.dataset.editing = '';
      if (editButton) editButton.hidden = true;
      return editor;
    } finally {
      editButton?.removeAttribute('aria-busy');
      state.editorLoading = undefined;
    }
  })();
  const editor = await state.editorLoading;
  if (focus) editor.focus();
  return editor;
}

/** replaceCode swaps in other code (Reset, Show solution) with a way back until the next edit. */
async function replaceCode(state: StepState, code: string, label: string, undoLabel: string): Promise<void> {
  const previous = state.code;
  if (previous === code) return;
  if (state.editor) state.editor.setValue(code);
  setCode(state, code, 'edited');
  if (code === state.original) clearEdit(browserStorage(), state.ref);
  showStaticCode(state);
  state.undo = { code: previous, label: undoLabel };
  showNotice(state, label, h('button', { type: 'button', class: 'step-link', 'data-action': 'undo' }, undoLabel));
}

async function undo(state: StepState): Promise<void> {
  const saved = state.undo;
  if (!saved) return;
  state.undo = undefined;
  if (state.editor) state.editor.setValue(saved.code);
  setCode(state, saved.code, 'edited');
  showStaticCode(state);
  showNotice(state, 'Your code is back.');
}

async function share(state: StepState): Promise<void> {
  const url = new URL(location.href);
  url.hash = encodeShareFragment({ step: state.ref.step, code: state.code });
  const link = url.toString();
  const field = h('input', { type: 'text', readonly: true, value: link, class: 'step-share-field', 'aria-label': 'Share link' });
  let copied = false;
  try {
    await navigator.clipboard.writeText(link);
    copied = true;
  } catch {
    // Clipboard access needs a secure context and permission; the field lets the reader copy by hand.
  }
  showNotice(state, copied ? 'Link copied. It holds your code for this step: ' : 'Copy this link; it holds your code for this step: ', field);
  if (!copied) {
    field.focus();
    field.select();
  }
}

function progressLabel(progress: RunProgress, total: number): string {
  if (progress.phase === 'loading') return 'Starting the sandbox…';
  if (progress.phase === 'collecting') return 'Collecting the trace and etcd keys…';
  return total > 1 ? `Running step ${progress.step} of ${progress.of}…` : 'Running…';
}

/** goToPosition opens the editor of the step an error points at and puts the cursor there. */
async function goToPosition(steps: StepState[], step: number, line: number, column: number): Promise<void> {
  const target = steps[step - 1];
  if (!target) return;
  const editor = await openEditor(target, false);
  editor.goTo(line, column);
}

/** run runs steps 1..N (and the check file after step N when `withCheck`), then shows the output. */
export async function run(state: StepState, withCheck: boolean): Promise<void> {
  const panel = part(state, 'output')!;
  const roots = stepRoots();
  const steps = roots.slice(0, roots.indexOf(state.root) + 1).map(stateOf);
  const request: RunRequest = { steps: steps.map((step) => ({ source: step.code, title: step.title })) };
  const stepTitles = steps.map((step) => step.title);
  if (withCheck && state.check !== undefined) {
    request.steps.push({ source: checkStepSource(state.check), title: 'the check' });
    stepTitles.push('the check');
  }
  const runButton = part<HTMLButtonElement>(state, 'action="run"');
  state.running = true;
  state.root.setAttribute('aria-busy', 'true');
  runButton?.setAttribute('aria-disabled', 'true');
  renderProgress(panel, 'Starting the sandbox…', () => void stopRun());
  try {
    const outcome = await runSteps(request, (progress) => updateProgressLabel(panel, progressLabel(progress, request.steps.length)));
    if (outcome.kind === 'stopped') {
      renderMessage(panel, outcome.reason === 'stopped' ? 'Run stopped.' : 'Run stopped: another step started running.');
      return;
    }
    const result = outcome.result;
    const checked = withCheck ? splitCheckOutput(result.consoleLines) : undefined;
    renderRunResult(panel, result, {
      stepTitles,
      goToPosition: (step, line, column) => void goToPosition(steps, step, line, column),
      checkResults: checked?.results,
      consoleLines: checked?.console,
    });
  } catch (error) {
    renderMessage(panel, `The sandbox could not run this step: ${error instanceof Error ? error.message : String(error)}`, 'error');
  } finally {
    state.running = false;
    state.root.removeAttribute('aria-busy');
    runButton?.removeAttribute('aria-disabled');
  }
}

/** handle performs one action on a step. */
export async function handle(root: HTMLElement, action: StepAction): Promise<void> {
  const state = stateOf(root);
  showMarker(state);
  switch (action) {
    case 'run':
      return run(state, false);
    case 'check':
      return run(state, true);
    case 'stop':
      return stopRun();
    case 'edit':
    case 'focus-code':
      await openEditor(state);
      return;
    case 'reset':
      return replaceCode(state, state.original, 'Back to the chapter’s code.', 'Undo reset');
    case 'solution':
      if (state.solution !== undefined) await replaceCode(state, state.solution, 'The solution is in the editor.', 'Back to my code');
      return;
    case 'undo':
      return undo(state);
    case 'share':
      return share(state);
  }
}

/** restore shows saved edits of every step (plain text until the editor opens). */
export function restore(): void {
  for (const root of stepRoots()) {
    const state = stateOf(root);
    if (state.source === 'saved') {
      showStaticCode(state);
      showMarker(state);
      if (state.stale) showNotice(state, 'This is your edit of an older version of this step; Reset shows the chapter’s current code.');
    }
  }
}

/** openSharedLink loads the code of a `#share=` link into its step and says so. */
export function openSharedLink(hash: string): void {
  let shared;
  try {
    shared = decodeShareFragment(hash);
  } catch (error) {
    const root = stepRoots()[0];
    if (root) renderMessage(part(stateOf(root), 'output')!, `This share link could not be opened: ${error instanceof ShareLinkError ? error.message : String(error)}.`, 'error');
    return;
  }
  if (!shared) return;
  const root = stepRoots().find((candidate) => candidate.dataset.step === shared.step);
  if (!root) return;
  const state = stateOf(root);
  setCode(state, shared.code, 'shared');
  showStaticCode(state);
  showNotice(state, 'This step shows code from a shared link. Edit or run it; Reset brings back the chapter’s code.');
  root.scrollIntoView({ block: 'start' });
}
