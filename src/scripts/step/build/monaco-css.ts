/**
 * monacoCssPlugin keeps Monaco's CSS out of the page <head>. Monaco's modules import ~120 CSS files;
 * left alone, Astro hoists them into every chapter page as render-blocking CSS (26 KB gz) although
 * the editor loads only on Edit (STACK-NOTES). Each import becomes a tiny JS module that inserts
 * the CSS text when the editor chunk runs. The virtual ids end in `.js`, never `.css`, or Vite
 * would treat them as stylesheets again. Fonts referenced with url(./…) are imported as assets.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Plugin } from 'vite';

const PREFIX = '\0monaco-style:';
const REGISTRY_ID = '\0monaco-style-registry.js';

const REGISTRY_CODE = `
const sheet = document.createElement('style');
sheet.dataset.monaco = '';
let attached = false;
export function addMonacoCss(css) {
  if (!attached) { document.head.appendChild(sheet); attached = true; }
  sheet.textContent += css + '\\n';
}`;

/** monacoCssPlugin rewrites CSS imported from monaco-editor into runtime-inserted styles. */
export function monacoCssPlugin(): Plugin {
  return {
    name: 'monaco-css-inline',
    enforce: 'pre',
    async resolveId(source, importer) {
      if (source === REGISTRY_ID) return REGISTRY_ID;
      if (!importer || !source.endsWith('.css') || !importer.includes('monaco-editor')) return undefined;
      const importerPath = importer.startsWith(PREFIX) ? importer.slice(PREFIX.length, -'.js'.length) : importer;
      return `${PREFIX}${resolve(dirname(importerPath.split('?')[0]), source)}.js`;
    },
    async load(id) {
      if (id === REGISTRY_ID) return REGISTRY_CODE;
      if (!id.startsWith(PREFIX)) return undefined;
      const path = id.slice(PREFIX.length, -'.js'.length);
      const css = await readFile(path, 'utf8');
      const imports: string[] = [`import { addMonacoCss } from ${JSON.stringify(REGISTRY_ID)};`];
      const parts: string[] = [];
      let last = 0;
      // url(./codicon.ttf): let Vite emit the font and give us its final URL.
      for (const match of css.matchAll(/url\((['"]?)(\.{1,2}\/[^'")]+)\1\)/g)) {
        const name = `asset${imports.length}`;
        imports.push(`import ${name} from ${JSON.stringify(`${resolve(dirname(path), match[2])}?url`)};`);
        parts.push(JSON.stringify(css.slice(last, match.index)), `"url(" + JSON.stringify(${name}) + ")"`);
        last = match.index + match[0].length;
      }
      parts.push(JSON.stringify(css.slice(last)));
      return `${imports.join('\n')}\naddMonacoCss(${parts.join(' + ')});\n`;
    },
  };
}
