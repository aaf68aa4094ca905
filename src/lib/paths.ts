/**
 * withBase prefixes a site-relative path with Astro's `base` (BASE_URL), so the site works at the
 * root of a host and under a sub-path (`SITE_BASE=/docs/ npm run build`).
 */
export function withBase(path: string, base: string = import.meta.env.BASE_URL): string {
  const trimmedBase = base.endsWith('/') ? base : `${base}/`;
  return `${trimmedBase}${path.replace(/^\/+/, '')}`;
}
