// Sets html[data-theme] before the first paint: the remembered choice, else the system setting.
// A blocking classic script in <head> (an external file so the Content-Security-Policy needs no
// inline scripts). Keep it tiny; src/scripts/theme.ts handles the toggle later.
(function () {
  var stored = null;
  try { stored = localStorage.getItem('theme'); } catch (e) {}
  var theme = stored === 'light' || stored === 'dark' ? stored
    : matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  document.documentElement.dataset.theme = theme;
})();
