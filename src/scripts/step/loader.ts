/**
 * The only step script a chapter page runs before the reader shows intent: it forwards clicks on
 * step controls, focus on step code and Ctrl/Cmd+Enter to the controller, importing it on first
 * use. It also imports it right away when there is something to restore: saved edits of a step
 * on this page, or a share link in the URL. Keep this file tiny; it counts against every page.
 */
import type { StepAction } from './controller';
import { STORAGE_PREFIX } from './storage';
import { startSandboxWorker } from './worker-boot';

let controller: Promise<typeof import('./controller')> | undefined;
const load = () => (controller ??= import('./controller'));

function forward(root: HTMLElement, action: StepAction): void {
  if (action === 'run' || action === 'check') startSandboxWorker();
  void load().then((module) => module.handle(root, action));
}

/** showsIntent starts the sandbox and the controller loading while the reader moves to Run. */
function showsIntent(): void {
  startSandboxWorker();
  void load();
}

function hasSavedEdits(roots: HTMLElement[]): boolean {
  try {
    return roots.some((root) => localStorage.getItem(`${STORAGE_PREFIX}${root.dataset.chapter}/${root.dataset.step}`) !== null);
  } catch {
    return false;
  }
}

const roots = [...document.querySelectorAll<HTMLElement>('[data-step]')];
for (const root of roots) {
  root.addEventListener('click', (event) => {
    const button = (event.target as Element).closest<HTMLElement>('[data-action]');
    if (button && root.contains(button) && button.getAttribute('aria-disabled') !== 'true') forward(root, button.dataset.action as StepAction);
  });
  root.addEventListener('pointerenter', showsIntent, { once: true });
  root.addEventListener('focusin', (event) => {
    showsIntent();
    if ((event.target as Element).matches('[data-static]')) forward(root, 'focus-code');
  });
  root.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      forward(root, 'run');
    } else if (event.key === 'Enter' && (event.target as Element).matches('[data-static]')) {
      event.preventDefault();
      forward(root, 'edit');
    }
  });
}
if (roots.length && (hasSavedEdits(roots) || location.hash.startsWith('#share='))) {
  void load().then((module) => {
    module.restore();
    if (location.hash.startsWith('#share=')) module.openSharedLink(location.hash);
  });
}
