// @ts-check
import mdx from '@astrojs/mdx';
import { satteri } from '@astrojs/markdown-satteri';
import { defineConfig } from 'astro/config';
import { diagramsIntegration } from './src/diagrams/integration.ts';
import { mermaidFences } from './src/diagrams/mermaid-fences.ts';
import { stepOptimizeDeps, stepVitePlugins } from './src/scripts/step/build/index.ts';
import { kubeSandboxBundle } from './playground/sandbox/vite-plugin.ts';

// SITE_BASE lets operators serve the site under a sub-path, e.g. SITE_BASE=/kube-api/ npm run build.
const base = process.env.SITE_BASE || '/';

export default defineConfig({
  base,
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
  integrations: [mdx(), diagramsIntegration()],
  // Runnable steps: "kube" declarations for Monaco, Monaco's CSS kept out of <head>, dev pre-bundling.
  // The sandbox worker imports the prebuilt control-plane bundle as a virtual module, so the
  // plugin is needed in the worker build too; the worker uses dynamic imports, hence format 'es'.
  vite: {
    plugins: [...stepVitePlugins(), kubeSandboxBundle()],
    worker: { format: 'es', plugins: () => [kubeSandboxBundle()] },
    optimizeDeps: { include: stepOptimizeDeps },
  },
});
