/**
 * Theme switching for the toggle button. public/theme-init.js (blocking, in <head>) picks the first theme;
 * this module reacts to clicks and to system changes while no choice is remembered.
 */

/** SiteTheme is a value of html[data-theme]. */
export type SiteTheme = 'light' | 'dark';

/** themeStorageKey is the localStorage key public/theme-init.js reads; keep the two in sync. */
export const themeStorageKey = 'theme';

/** themeChangeEvent is dispatched on window with the new theme as `detail` after every switch. */
export const themeChangeEvent = 'themechange';

function rememberedTheme(): SiteTheme | undefined {
  try {
    const stored = localStorage.getItem(themeStorageKey);
    return stored === 'light' || stored === 'dark' ? stored : undefined;
  } catch {
    return undefined;
  }
}

/** currentTheme reads the theme the page shows now. */
export function currentTheme(): SiteTheme {
  return document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light';
}

function applyTheme(theme: SiteTheme, buttons: Iterable<HTMLButtonElement>): void {
  document.documentElement.dataset.theme = theme;
  const label = theme === 'dark' ? 'Switch to light theme' : 'Switch to dark theme';
  for (const button of buttons) {
    button.setAttribute('aria-label', label);
    button.title = label;
  }
  window.dispatchEvent(new CustomEvent<SiteTheme>(themeChangeEvent, { detail: theme }));
}

/** initThemeToggle wires the toggle buttons: click flips and remembers; the system setting applies until then. */
export function initThemeToggle(buttons: NodeListOf<HTMLButtonElement>): void {
  applyTheme(currentTheme(), buttons);
  for (const button of buttons) {
    button.addEventListener('click', () => {
      const next: SiteTheme = currentTheme() === 'dark' ? 'light' : 'dark';
      try {
        localStorage.setItem(themeStorageKey, next);
      } catch {
        // Private mode may refuse storage: the switch still works for this page.
      }
      applyTheme(next, buttons);
    });
  }
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', (event) => {
    if (!rememberedTheme()) applyTheme(event.matches ? 'dark' : 'light', buttons);
  });
}
