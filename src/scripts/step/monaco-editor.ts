/**
 * The desktop editor: Monaco with TypeScript IntelliSense for the "kube" module. This module and
 * everything it imports form the editor chunk (about 2.6 MB gz, most of it the TypeScript worker),
 * loaded only when a reader presses Edit or focuses a step's code. Only the tree-shakeable entry
 * points and the features a step editor needs are imported.
 */
import * as monaco from 'monaco-editor/editor';
import 'monaco-editor/features/codeEditor/register';
import 'monaco-editor/features/codicon/register';
import 'monaco-editor/features/bracketMatching/register';
import 'monaco-editor/features/clipboard/register';
import 'monaco-editor/features/codeAction/register';
import 'monaco-editor/features/comment/register';
import 'monaco-editor/features/contextmenu/register';
import 'monaco-editor/features/cursorUndo/register';
import 'monaco-editor/features/find/register';
import 'monaco-editor/features/gotoError/register';
import 'monaco-editor/features/gotoSymbol/register';
import 'monaco-editor/features/hover/register';
import 'monaco-editor/features/indentation/register';
import 'monaco-editor/features/inlineCompletions/register';
import 'monaco-editor/features/linesOperations/register';
import 'monaco-editor/features/multicursor/register';
import 'monaco-editor/features/parameterHints/register';
import 'monaco-editor/features/snippet/register';
import 'monaco-editor/features/suggest/register';
import 'monaco-editor/editor/contrib/suggest/browser/suggestController.js';
import 'monaco-editor/features/toggleTabFocusMode/register';
import 'monaco-editor/features/wordHighlighter/register';
import 'monaco-editor/features/wordOperations/register';
import 'monaco-editor/languages/definitions/typescript/register';
import { typescriptDefaults, ModuleKind, ModuleResolutionKind, ScriptTarget } from 'monaco-editor/languages/features/typescript/register';
import EditorWorker from 'monaco-editor/editor/editor.worker.js?worker';
import TypeScriptWorker from 'monaco-editor/languages/features/typescript/ts.worker.js?worker';
import kubeTypes from 'virtual:kube-types';
import { EARLIER_STEPS_FILE, earlierStepsLib } from './earlier-steps';
import type { CodeEditor, EditorOptions } from './editor-types';

(self as unknown as { MonacoEnvironment: monaco.Environment }).MonacoEnvironment = {
  getWorker: (_workerId: string, label: string) => (label === 'typescript' || label === 'javascript' ? new TypeScriptWorker() : new EditorWorker()),
};

/** Line height and padding match the static code block (14 px × 1.65, 1 rem), so the swap does not move the page. */
const FONT_SIZE = 14;
const LINE_HEIGHT = 23;
const PADDING = 16;

typescriptDefaults.setCompilerOptions({
  target: ScriptTarget.ESNext,
  module: ModuleKind.ESNext,
  moduleResolution: ModuleResolutionKind.NodeJs,
  lib: ['es2022'],
  strict: true,
  allowNonTsExtensions: true,
  noEmit: true,
  // Top-level await is how steps are written; the sandbox runs them as async scripts.
  moduleDetection: 3,
});
typescriptDefaults.setEagerModelSync(true);

/** SANDBOX_GLOBALS declares what the sandbox gives step code besides "kube": its console (GuestConsole in playground/sandbox/guest/console.ts). */
const SANDBOX_GLOBALS = `declare var console: {
  /** log prints a line under the step. Objects are shown the way Node's util.inspect shows them. */
  log(...values: unknown[]): void;
  info(...values: unknown[]): void;
  warn(...values: unknown[]): void;
  error(...values: unknown[]): void;
  debug(...values: unknown[]): void;
  dir(value: unknown): void;
  /** table draws rows as a box, like Node. */
  table(data: unknown, columns?: readonly string[]): void;
  assert(condition: unknown, ...values: unknown[]): void;
  count(label?: string): void;
  countReset(label?: string): void;
  group(...values: unknown[]): void;
  groupCollapsed(...values: unknown[]): void;
  groupEnd(): void;
};`;

const kubeLibs = [
  ...Object.entries(kubeTypes).map(([path, content]) => ({ filePath: `file:///node_modules/kube/${path}`, content })),
  { filePath: 'file:///steps/sandbox-globals.d.ts', content: SANDBOX_GLOBALS },
];

/** showEarlierSteps points the TypeScript service at the steps before the focused editor's step. */
function showEarlierSteps(sources: string[]): void {
  typescriptDefaults.setExtraLibs([...kubeLibs, { filePath: `file:///steps/${EARLIER_STEPS_FILE}.ts`, content: earlierStepsLib(sources) }]);
}

const themeColors = {
  light: { base: 'vs' as const, background: '#f6f8fa' },
  dark: { base: 'vs-dark' as const, background: '#0f1729' },
};
for (const [name, colors] of Object.entries(themeColors)) {
  monaco.editor.defineTheme(`kube-${name}`, { base: colors.base, inherit: true, rules: [], colors: { 'editor.background': colors.background } });
}

function siteTheme(): 'light' | 'dark' {
  return document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light';
}

let themeWatched = false;
/** followSiteTheme keeps every editor in the site's theme (html[data-theme], changed by the toggle). */
function followSiteTheme(): void {
  monaco.editor.setTheme(`kube-${siteTheme()}`);
  if (themeWatched) return;
  themeWatched = true;
  new MutationObserver(() => monaco.editor.setTheme(`kube-${siteTheme()}`)).observe(document.documentElement, {
    attributes: true,
    attributeFilter: ['data-theme'],
  });
}

/** createMonacoEditor mounts Monaco where the static block is, at the block's height. */
export function createMonacoEditor(options: EditorOptions): CodeEditor {
  followSiteTheme();
  showEarlierSteps(options.earlierSteps);
  const host = document.createElement('div');
  host.className = 'step-editor step-monaco';
  const startHeight = options.placeholder.getBoundingClientRect().height;
  host.style.height = `${startHeight}px`;
  options.placeholder.replaceWith(host);

  const uri = monaco.Uri.parse(`file:///steps/${options.path}`);
  monaco.editor.getModel(uri)?.dispose();
  const model = monaco.editor.createModel(options.code, 'typescript', uri);
  const editor = monaco.editor.create(host, {
    model,
    ariaLabel: `${options.label}. Press Control+Enter to run. Press Control+M to let Tab move focus out of the editor.`,
    automaticLayout: true,
    fontFamily: getComputedStyle(document.documentElement).getPropertyValue('--font-mono') || 'monospace',
    fontSize: FONT_SIZE,
    lineHeight: LINE_HEIGHT,
    padding: { top: PADDING, bottom: PADDING },
    minimap: { enabled: false },
    scrollBeyondLastLine: false,
    scrollbar: { alwaysConsumeMouseWheel: false, vertical: 'hidden' },
    overviewRulerLanes: 0,
    renderLineHighlight: 'line',
    lineNumbersMinChars: 3,
    tabSize: 2,
    fixedOverflowWidgets: true,
    accessibilitySupport: 'auto',
  });
  // Grow with the code so the page, not the editor, scrolls; never shrink below the static block
  // (which may carry a horizontal scrollbar that Monaco draws over the text instead).
  const fit = () => {
    host.style.height = `${Math.max(editor.getContentHeight(), startHeight, LINE_HEIGHT + 2 * PADDING)}px`;
  };
  editor.onDidContentSizeChange(fit);
  fit();
  editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => options.onRun());
  editor.onDidFocusEditorText(() => showEarlierSteps(options.earlierSteps));

  return {
    element: host,
    getValue: () => model.getValue(),
    setValue(code: string) {
      editor.pushUndoStop();
      editor.executeEdits('step', [{ range: model.getFullModelRange(), text: code }]);
      editor.pushUndoStop();
    },
    focus: () => editor.focus(),
    goTo(line: number, column: number) {
      editor.setPosition({ lineNumber: line, column });
      editor.revealPositionInCenterIfOutsideViewport({ lineNumber: line, column });
      host.scrollIntoView({ block: 'nearest' });
      editor.focus();
    },
    onChange(listener) {
      model.onDidChangeContent(() => listener(model.getValue()));
    },
  };
}

/** updateEarlierSteps refreshes what a step's editor knows of the steps before it (after their edits). */
export function updateEarlierSteps(sources: string[]): void {
  showEarlierSteps(sources);
}
