/**
 * Registers the service worker (<base>sw.js, written by the build) once the page has loaded, hands
 * it the files this page loaded before it was in control, and shows the "new version available"
 * notice when a newer worker is waiting. Reload asks that worker to take over, then reloads.
 */

/** cachedSoFar lists same-site files this page has loaded, for the worker to keep. */
function cachedSoFar(base: string): string[] {
  const prefix = new URL(base, location.href).href;
  const urls = [location.href.split('#')[0]!];
  for (const entry of performance.getEntriesByType('resource')) {
    if (entry.name.startsWith(prefix)) urls.push(entry.name);
  }
  return urls;
}

function showUpdateNotice(waiting: ServiceWorker): void {
  const notice = document.querySelector<HTMLElement>('[data-update-notice]');
  if (!notice) return;
  notice.hidden = false;
  notice.querySelector('[data-update-reload]')?.addEventListener(
    'click',
    () => {
      navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), { once: true });
      waiting.postMessage({ type: 'skip-waiting' });
    },
    { once: true },
  );
  notice.querySelector('[data-update-dismiss]')?.addEventListener('click', () => (notice.hidden = true), { once: true });
}

async function register(base: string): Promise<void> {
  const hadController = navigator.serviceWorker.controller !== null;
  const registration = await navigator.serviceWorker.register(`${base}sw.js`, { scope: base });
  const watchInstalling = (worker: ServiceWorker | null) => {
    worker?.addEventListener('statechange', () => {
      if (worker.state === 'installed' && hadController && registration.waiting === worker) showUpdateNotice(worker);
    });
  };
  if (registration.waiting && hadController) showUpdateNotice(registration.waiting);
  watchInstalling(registration.installing);
  registration.addEventListener('updatefound', () => watchInstalling(registration.installing));
  const ready = await navigator.serviceWorker.ready;
  if (!hadController) ready.active?.postMessage({ type: 'cache-urls', urls: cachedSoFar(base) });
  // A tab left open for long still learns about new versions when the reader comes back to it.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void registration.update().catch(() => undefined);
  });
}

/** registerServiceWorker starts the offline support after load; browsers without it just skip it. */
export function registerServiceWorker(base: string = import.meta.env.BASE_URL): void {
  // Dev builds have no sw.js (the build writes it), and a worker there would serve stale modules.
  if (import.meta.env.DEV || !('serviceWorker' in navigator) || !window.isSecureContext) return;
  const start = () => void register(base.endsWith('/') ? base : `${base}/`).catch(() => undefined);
  if (document.readyState === 'complete') start();
  else window.addEventListener('load', start, { once: true });
}
