// The site's service worker (written to <outDir>/sw.js by src/offline/integration.ts, which puts
// `self.swConfig = { version, base, precache }` above this code). It makes seen chapters open and
// their steps run without a network:
//   - install: precache the shell (stylesheets, page scripts, the home page) and the step sandbox
//     (worker, QuickJS WebAssembly, control-plane bundle); files a previous version already cached
//     are copied, not downloaded again (their names are content hashes).
//   - hashed assets (<base>_astro/): cache first; they never change under one name.
//   - pages: network first, cached copy when offline, a short offline page if never seen.
//   - other files (Pagefind index, icons, theme script): network first, cache as fallback.
// A new version waits until the page asks it to take over ("new version available — reload").
/* global self, caches, fetch, Response, URL */
'use strict';

const { version, base, precache } = self.swConfig;
const cacheName = `kube-api-${version}`;
const assetsPrefix = `${base}_astro/`;
/** A page that has not answered within this time is served from the cache, if there is a copy. */
const pageTimeoutMs = 4000;

function sameSite(url) {
  return url.origin === self.location.origin && url.pathname.startsWith(base);
}

function cacheable(response) {
  return response && response.ok && response.type === 'basic';
}

async function store(cache, key, response) {
  if (cacheable(response)) await cache.put(key, response.clone());
  return response;
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(cacheName);
      await Promise.all(
        precache.map(async (path) => {
          const previous = path.startsWith(assetsPrefix) ? await caches.match(path) : undefined;
          if (previous) return cache.put(path, previous);
          const response = await fetch(path, { cache: 'no-cache' });
          if (!cacheable(response)) throw new Error(`precache ${path}: HTTP ${response.status}`);
          return cache.put(path, response);
        }),
      );
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const current = await caches.open(cacheName);
      for (const name of await caches.keys()) {
        if (name === cacheName || !name.startsWith('kube-api-')) continue;
        // Pages seen with the old version are fetched again for this one, so they stay available offline.
        const old = await caches.open(name);
        for (const request of await old.keys()) {
          const url = new URL(request.url);
          if (url.pathname.startsWith(assetsPrefix) || (await current.match(request))) continue;
          if (!url.pathname.endsWith('/') && !url.pathname.endsWith('.html')) continue;
          await fetch(request.url, { cache: 'no-cache' })
            .then((response) => store(current, request.url, response))
            .catch(() => undefined);
        }
        await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('message', (event) => {
  const message = event.data || {};
  if (message.type === 'skip-waiting') self.skipWaiting();
  if (message.type === 'cache-urls' && Array.isArray(message.urls)) {
    // Files the page loaded before this worker controlled it (the first visit).
    event.waitUntil(
      (async () => {
        const cache = await caches.open(cacheName);
        for (const href of message.urls) {
          const url = new URL(href, self.location.href);
          if (!sameSite(url) || url.pathname === `${base}sw.js`) continue;
          const key = url.origin + url.pathname;
          if (await cache.match(key)) continue;
          await fetch(key).then((response) => store(cache, key, response)).catch(() => undefined);
        }
      })(),
    );
  }
});

function offlinePage() {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Offline · Kube API, hands-on</title><style>:root{color-scheme:light dark;font-family:system-ui,sans-serif}
body{max-width:36rem;margin:4rem auto;padding:0 1rem;line-height:1.6}a{color:light-dark(#2458c6,#8ab4ff)}</style></head>
<body><main><h1>You are offline</h1><p>This page has not been opened on this device yet, so there is no copy of it.
Chapters you have already read open without a network.</p><p><a href="${base}">Go to the home page</a></p></main></body></html>`;
  return new Response(html, { status: 503, headers: { 'Content-Type': 'text/html; charset=utf-8' } });
}

async function page(request) {
  const url = new URL(request.url);
  const key = url.origin + url.pathname;
  const cache = await caches.open(cacheName);
  const cached = await cache.match(key);
  const network = fetch(request).then((response) => store(cache, key, response));
  network.catch(() => undefined); // when the timeout wins, a later network failure is not an error
  try {
    if (!cached) return await network;
    const timeout = new Promise((resolve) => setTimeout(() => resolve(cached), pageTimeoutMs));
    return await Promise.race([network, timeout]);
  } catch {
    return cached || (await caches.match(key, { ignoreSearch: true })) || offlinePage();
  }
}

async function asset(request) {
  const cached = await caches.match(request, { ignoreSearch: true });
  if (cached) return cached;
  const cache = await caches.open(cacheName);
  return store(cache, request, await fetch(request));
}

async function other(request) {
  const cache = await caches.open(cacheName);
  try {
    return await store(cache, request, await fetch(request));
  } catch (error) {
    const cached = await caches.match(request, { ignoreSearch: true });
    if (cached) return cached;
    throw error;
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (!sameSite(url) || url.pathname === `${base}sw.js`) return;
  if (request.headers.has('range')) return;
  if (request.mode === 'navigate') event.respondWith(page(request));
  else if (url.pathname.startsWith(assetsPrefix)) event.respondWith(asset(request));
  else event.respondWith(other(request));
});
