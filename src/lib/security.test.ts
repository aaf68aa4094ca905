import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { cspForHeader, cspForMeta, securityHeaders } from './security';

const nginxConf = readFileSync(new URL('../../deploy/nginx.conf', import.meta.url), 'utf8');

describe('Content-Security-Policy', () => {
  test('allows no inline script and no eval, only WebAssembly compilation', () => {
    const scriptSrc = /script-src ([^;]+)/.exec(cspForMeta())![1]!;
    expect(scriptSrc.split(' ').sort()).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(cspForMeta()).not.toMatch(/'unsafe-eval'/);
  });

  test('the <meta> policy leaves out what a <meta> tag cannot carry; the header adds it', () => {
    expect(cspForMeta()).not.toMatch(/frame-ancestors/);
    expect(cspForHeader()).toBe(`${cspForMeta()}; frame-ancestors 'none'`);
  });

  test('deploy/nginx.conf sends exactly these headers, on every response', () => {
    for (const [name, value] of Object.entries(securityHeaders())) {
      expect(nginxConf).toContain(`add_header ${name} "${value}" always;`);
    }
  });
});
