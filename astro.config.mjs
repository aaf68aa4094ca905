// @ts-check
import mdx from '@astrojs/mdx';
import { satteri } from '@astrojs/markdown-satteri';
import { defineConfig } from 'astro/config';
import { diagramsIntegration } from './src/diagrams/integration.ts';
import { mermaidFences } from './src/diagrams/mermaid-fences.ts';
import { stepOptimizeDeps, stepVitePlugins } from './src/scripts/step/build/index.ts';
import { kubeSandboxBundle } from './playground/sandbox/vite-plugin.ts';
import { offlineIntegration } from './src/offline/integration.ts';
import { searchIndexIntegration } from './src/search/integration.ts';
import { parseSiteBase, parseSiteUrl } from './src/lib/site.ts';

// Where the site is served, set at build time (README "Deploying"):
//   SITE_BASE  the sub-path, e.g. SITE_BASE=/learn/kube/ (default: the root)
//   SITE_URL   the public origin, e.g. SITE_URL=https://docs.example.org: canonical and Open Graph
//              URLs, the sitemap, the feed and robots.txt's Sitemap line need it.
const base = parseSiteBase(process.env.SITE_BASE);
const site = parseSiteUrl(process.env.SITE_URL);

export default defineConfig({
  base,
  ...(site ? { site } : {}),
  trailingSlash: 'ignore',
  build: { format: 'directory', inlineStylesheets: 'auto' },
  devToolbar: { enabled: false },
  markdown: {
    processor: satteri({ mdastPlugins: [mermaidFences] }),
    // Mermaid fences are turned into diagrams by mermaidFences before highlighting; excluding
    // them here is a second guard so a diagram is never shown as highlighted source.
    syntaxHighlight: { type: 'shiki', excludeLangs: ['mermaid', 'math'] },
    shikiConfig: {
      themes: { light: 'github-light', dark: 'github-dark' },
      // Both themes become CSS variables; src/styles/code.css picks one with light-dark().
      defaultColor: false,
      wrap: false,
    },
  },
  // The search index and the service worker are written after the pages, from the built files.
  integrations: [mdx(), diagramsIntegration(), searchIndexIntegration(), offlineIntegration()],
  // Runnable steps: "kube" declarations for Monaco, Monaco's CSS kept out of <head>, dev pre-bundling.
  // The sandbox worker imports the prebuilt control-plane bundle as a virtual module, so the
  // plugin is needed in the worker build too; the worker uses dynamic imports, hence format 'es'.
  vite: {
    // Never inline Astro's small page scripts: the Content-Security-Policy allows no inline script
    // (src/lib/security.ts). Other assets keep Vite's default (inline below 4 KB).
    build: { assetsInlineLimit: (file) => (/\.m?js$/.test(file) ? false : undefined) },
    plugins: [...stepVitePlugins(), kubeSandboxBundle()],
    worker: { format: 'es', plugins: () => [kubeSandboxBundle()] },
    optimizeDeps: { include: stepOptimizeDeps },
  },
});
