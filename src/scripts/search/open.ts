/**
 * The part of search every page runs: open the dialog from the header button, `/` or Ctrl/Cmd+K.
 * The search code itself (and Pagefind's index) is imported on the first open only.
 */

let dialogModule: Promise<typeof import('./dialog')> | undefined;

/** isTyping says whether a key press belongs to a text field or an editor rather than to the page. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.matches('input, textarea, select, [role="textbox"], .monaco-editor *');
}

/** initSearch wires the opener; call once per page. */
export function initSearch(): void {
  const dialog = document.querySelector<HTMLDialogElement>('[data-search-dialog]');
  if (!dialog) return;
  const open = (opener?: HTMLElement) => {
    if (dialog.open) return;
    dialogModule ??= import('./dialog');
    dialog.showModal();
    void dialogModule.then((module) => module.startSearch(dialog, opener));
  };
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-search-open]')) {
    button.addEventListener('click', () => open(button));
  }
  document.addEventListener('keydown', (event) => {
    if (event.defaultPrevented || event.altKey) return;
    const commandK = event.key.toLowerCase() === 'k' && (event.ctrlKey || event.metaKey) && !event.shiftKey;
    const slash = event.key === '/' && !event.ctrlKey && !event.metaKey && !isTyping(event.target);
    if (!commandK && !slash) return;
    event.preventDefault();
    open(document.activeElement instanceof HTMLElement ? document.activeElement : undefined);
  });
}
