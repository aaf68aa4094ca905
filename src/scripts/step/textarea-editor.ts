/**
 * The touch editor: Monaco does not support mobile browsers, so on coarse pointers a step edits in
 * a plain <textarea> with the same controls and saved edits. It grows with its content, keeps the
 * monospace look of the static block and turns off autocorrect, which would mangle code.
 */
import type { CodeEditor, EditorOptions } from './editor-types';

/** createTextareaEditor replaces the static block with a textarea of the same height. */
export function createTextareaEditor(options: EditorOptions): CodeEditor {
  const textarea = document.createElement('textarea');
  textarea.className = 'step-editor step-textarea';
  textarea.value = options.code;
  textarea.setAttribute('aria-label', options.label);
  textarea.setAttribute('aria-keyshortcuts', 'Control+Enter Meta+Enter');
  for (const [name, value] of Object.entries({ spellcheck: 'false', autocapitalize: 'off', autocomplete: 'off', autocorrect: 'off', wrap: 'off' })) {
    textarea.setAttribute(name, value);
  }
  textarea.style.height = `${options.placeholder.getBoundingClientRect().height}px`;
  options.placeholder.replaceWith(textarea);
  const fit = () => {
    textarea.style.height = 'auto';
    textarea.style.height = `${textarea.scrollHeight + 2}px`;
  };
  fit();
  const listeners: ((code: string) => void)[] = [];
  textarea.addEventListener('input', () => {
    fit();
    for (const listener of listeners) listener(textarea.value);
  });
  return {
    element: textarea,
    getValue: () => textarea.value,
    setValue(code: string) {
      textarea.focus();
      textarea.select();
      // insertText keeps the browser's undo history; assigning .value would wipe it.
      if (!document.execCommand('insertText', false, code) || textarea.value !== code) textarea.value = code;
      fit();
      for (const listener of listeners) listener(textarea.value);
    },
    focus: () => textarea.focus(),
    goTo(line: number, column: number) {
      const lines = textarea.value.split('\n');
      let offset = 0;
      for (let i = 0; i < Math.min(line - 1, lines.length); i++) offset += lines[i].length + 1;
      offset += Math.min(Math.max(column - 1, 0), (lines[line - 1] ?? '').length);
      textarea.focus();
      textarea.setSelectionRange(offset, offset);
      textarea.scrollIntoView({ block: 'nearest' });
    },
    onChange: (listener) => listeners.push(listener),
  };
}
