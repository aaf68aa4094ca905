/** siteName is the site's name: page titles, Open Graph, the feed. */
export const siteName = 'Kube API, hands-on';

/** siteDescription describes the whole site (home page, feed). */
export const siteDescription =
  'Learn how kube-apiserver works, one request at a time, with a small Kubernetes control plane that runs in your browser.';

/**
 * parseSiteUrl checks SITE_URL (the public origin, e.g. https://docs.example.org) and returns the
 * origin, or undefined when unset. A bad value fails the build with a clear message.
 */
export function parseSiteUrl(value: string | undefined): string | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new Error(`SITE_URL="${value}" is not an absolute URL; expected something like https://docs.example.org`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`SITE_URL="${value}" must start with https:// or http://`);
  }
  if (url.pathname !== '/' || url.search || url.hash) {
    throw new Error(`SITE_URL="${value}" must be an origin only, such as https://docs.example.org; put a sub-path in SITE_BASE`);
  }
  return url.origin;
}

/**
 * parseSiteBase checks SITE_BASE (the sub-path the site is served under) and returns it with one
 * leading and one trailing slash: '/', '/learn/kube/'.
 */
export function parseSiteBase(value: string | undefined): string {
  if (value === undefined || value.trim() === '') return '/';
  const trimmed = value.trim();
  if (/^[a-z]+:/i.test(trimmed) || trimmed.includes('?') || trimmed.includes('#') || trimmed.includes('..')) {
    throw new Error(`SITE_BASE="${value}" must be a path such as /learn/kube/ (put the origin in SITE_URL)`);
  }
  const parts = trimmed.split('/').filter(Boolean);
  return parts.length === 0 ? '/' : `/${parts.join('/')}/`;
}
