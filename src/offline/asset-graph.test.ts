import { describe, expect, test } from 'vitest';
import { assetReferences } from './asset-graph';

describe('assetReferences', () => {
  test('HTML: links, scripts, icons and srcset under the base; other origins and fragments ignored', () => {
    const html = `<link rel="stylesheet" href="/k/_astro/a.css"><script src="/k/theme-init.js"></script>
      <a href="/k/chapters/x/#h">x</a><a href="https://other.org/">o</a><a href="#top">t</a>
      <img srcset="/k/a.png 1x, /k/b.png 2x"><a href="chapters/y/">rel</a>`;
    expect(assetReferences(html, '/k/', '/k/').sort()).toEqual(
      ['/k/_astro/a.css', '/k/a.png', '/k/b.png', '/k/chapters/x/', '/k/chapters/y/', '/k/theme-init.js'].sort(),
    );
  });

  test('JS: module imports, workers and quoted assets; require() maps and templates are not references', () => {
    const js = `import{a}from"./chunk-A.js";import("./b.js");new URL("./w.js",import.meta.url);
      const wasm="/k/_astro/q.wasm";var m={"./elk-worker.min.js":2};el.style=\`url(\${x})\`;`;
    expect(assetReferences(js, '/k/_astro/main.js', '/k/').sort()).toEqual(['/k/_astro/b.js', '/k/_astro/chunk-A.js', '/k/_astro/q.wasm', '/k/_astro/w.js']);
  });

  test('CSS: url() relative to the stylesheet', () => {
    expect(assetReferences('@font-face{src:url(./codicon.ttf)}', '/k/_astro/a.css', '/k/')).toEqual(['/k/_astro/codicon.ttf']);
  });
});
