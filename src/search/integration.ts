import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import * as pagefind from 'pagefind';

/**
 * searchIndexIntegration builds the full-text search index after the site is written: Pagefind
 * reads every page in dist/ that has `data-pagefind-body` (the chapter text) and writes
 * `dist/pagefind/` (its script, WebAssembly and index fragments), which the search dialog loads
 * only when opened. The step controls, outputs and diagram drawings are left out of the index:
 * they are buttons and pictures, not text a reader searches for.
 */
export function searchIndexIntegration(): AstroIntegration {
  return {
    name: 'kube-api:search-index',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const outDir = fileURLToPath(dir);
        const { index, errors } = await pagefind.createIndex({
          forceLanguage: 'en',
          excludeSelectors: ['.step-bar', '.step-notice', '.step-output', 'figure.diagram svg', '.diagram-canvas pre', '.diagram-source', 'template'],
        });
        if (!index) throw new Error(`search index: Pagefind did not start: ${errors.join('; ')}`);
        try {
          const added = await index.addDirectory({ path: outDir });
          if (added.errors.length) throw new Error(`search index: ${added.errors.join('; ')}`);
          if (added.page_count === 0) throw new Error('search index: no page has data-pagefind-body; nothing to search');
          const written = await index.writeFiles({ outputPath: join(outDir, 'pagefind') });
          if (written.errors.length) throw new Error(`search index: ${written.errors.join('; ')}`);
          logger.info(`indexed ${added.page_count} chapter pages into pagefind/`);
        } finally {
          await pagefind.close();
        }
      },
    },
  };
}
