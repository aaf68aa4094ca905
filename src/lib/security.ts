/**
 * The site's Content-Security-Policy, in one place. Pages carry it in a <meta> tag (so any static
 * host enforces it), deploy/nginx.conf sends it as a header with the directives a <meta> tag
 * cannot carry (a unit test keeps the two in step).
 *
 * Why each source is there:
 * - script-src 'self': every script is a file of this site; there are no inline scripts (the
 *   theme script is public/theme-init.js, Astro's small module scripts are never inlined).
 * - 'wasm-unsafe-eval': compiling WebAssembly, which QuickJS (the step sandbox, in a worker) and
 *   Pagefind (search, in the page) need. It does not allow eval() or new Function().
 * - style-src 'unsafe-inline' (styles only): the build-time diagram SVGs carry style attributes
 *   and <style> elements written by Mermaid, Monaco injects its stylesheet when the editor opens,
 *   and Astro inlines small stylesheets. Styles cannot run script, and with img-src/font-src/
 *   connect-src limited to this origin a hostile style cannot send data anywhere.
 * - img-src data:: Monaco and Mermaid use small data: images (icons, markers).
 */

/** cspDirectives is the policy as directive → sources; the order is the order written. */
export const cspDirectives: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'self'"],
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'worker-src': ["'self'"],
  'manifest-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
};

/** headerOnlyDirectives are ignored (with a console error) in a <meta> tag, so only the header sends them. */
export const headerOnlyDirectives: Readonly<Record<string, readonly string[]>> = {
  'frame-ancestors': ["'none'"],
};

function serialise(directives: Readonly<Record<string, readonly string[]>>): string {
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

/** cspForMeta is the policy for <meta http-equiv="Content-Security-Policy">. */
export function cspForMeta(): string {
  return serialise(cspDirectives);
}

/** cspForHeader is the policy for the Content-Security-Policy response header (adds frame-ancestors). */
export function cspForHeader(): string {
  return serialise({ ...cspDirectives, ...headerOnlyDirectives });
}

/** securityHeaders are the response headers deploy/nginx.conf must send on every response. */
export function securityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': cspForHeader(),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'X-Frame-Options': 'DENY',
  };
}
