import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../lib/chromium';
import { diagramThemes, mermaidConfigFor, type DiagramTheme } from './mermaid-config';
import { finishSvg } from './svg';

/**
 * Build-time Mermaid rendering: each ```mermaid fence becomes two inline SVGs (light and dark)
 * drawn by Mermaid in headless Chromium, so a chapter page needs no diagram JavaScript at all.
 * Without a browser (or with KUBE_API_DIAGRAMS=client) the page draws them itself instead.
 */

/** DiagramRendering is either finished SVG per theme or a note that the page must draw it. */
export type DiagramRendering =
  | { mode: 'svg'; svgByTheme: Record<DiagramTheme, string> }
  | { mode: 'client'; reason: string };

/** DiagramSyntaxError is Mermaid's parse error for a chapter diagram; it fails the build. */
export class DiagramSyntaxError extends Error {
  override name = 'DiagramSyntaxError';
}

// Bump when finishSvg or the drawing code changes so cached SVGs are redrawn (config changes are in the key).
const rendererVersion = 6;
const require = createRequire(import.meta.url);
const mermaidVersion: string = require('mermaid/package.json').version;
const mermaidBundlePath = require.resolve('mermaid/dist/mermaid.min.js');
const cacheDir = join(process.cwd(), 'node_modules', '.cache', 'kube-api-diagrams');
const idleCloseMs = 1500;

interface RendererState {
  page: Promise<Page> | undefined;
  browser: Browser | undefined;
  queue: Promise<unknown>;
  idleTimer: NodeJS.Timeout | undefined;
  fallbackReason: string | undefined;
}

// The config file and the prerender bundle load this module separately; share one browser.
const stateKey = Symbol.for('kube-api-hands-on.diagram-renderer');
const globalStore = globalThis as unknown as Record<symbol, RendererState | undefined>;
const state: RendererState = (globalStore[stateKey] ??= {
  page: undefined,
  browser: undefined,
  queue: Promise.resolve(),
  idleTimer: undefined,
  fallbackReason: undefined,
});

/** diagramId is a short stable id for a diagram's source, used for SVG ids and the cache. */
export function diagramId(source: string): string {
  return createHash('sha256').update(source).digest('hex').slice(0, 10);
}

/**
 * renderDiagramAtBuild draws `source` for both themes, using the on-disk cache when it can.
 * A Mermaid syntax error throws DiagramSyntaxError; a missing or broken browser gives
 * `{ mode: 'client' }` so the build still succeeds.
 */
export async function renderDiagramAtBuild(source: string): Promise<DiagramRendering> {
  if (process.env.KUBE_API_DIAGRAMS === 'client') return { mode: 'client', reason: 'KUBE_API_DIAGRAMS=client' };
  if (state.fallbackReason) return { mode: 'client', reason: state.fallbackReason };
  const id = diagramId(source);
  const cacheKey = [rendererVersion, mermaidVersion, ...diagramThemes.map((theme) => JSON.stringify(mermaidConfigFor(theme))), source];
  const cacheFile = join(cacheDir, `${createHash('sha256').update(cacheKey.join('\n')).digest('hex')}.json`);
  const cached = await readFile(cacheFile, 'utf8').then((text) => JSON.parse(text) as Record<DiagramTheme, string>, () => undefined);
  if (cached) return { mode: 'svg', svgByTheme: cached };

  const job = state.queue.then(() => drawBothThemes(id, source));
  state.queue = job.catch(() => undefined);
  try {
    const svgByTheme = await job;
    await mkdir(cacheDir, { recursive: true });
    await writeFile(cacheFile, JSON.stringify(svgByTheme));
    return { mode: 'svg', svgByTheme };
  } catch (error) {
    if (error instanceof DiagramSyntaxError) throw error;
    state.fallbackReason = `no usable browser for build-time diagrams (${(error as Error).message.split('\n')[0]})`;
    console.warn(`[diagrams] ${state.fallbackReason}; diagrams will be drawn in the page instead.`);
    return { mode: 'client', reason: state.fallbackReason };
  } finally {
    scheduleIdleClose();
  }
}

/** closeDiagramRenderer shuts the shared browser down; safe to call when none is running. */
export async function closeDiagramRenderer(): Promise<void> {
  clearTimeout(state.idleTimer);
  state.idleTimer = undefined;
  const browser = state.browser;
  state.page = undefined;
  state.browser = undefined;
  await browser?.close().catch(() => undefined);
}

function scheduleIdleClose(): void {
  clearTimeout(state.idleTimer);
  // Astro gives no "last page rendered" hook to the renderer itself; an idle timer lets the
  // build process exit on its own, and the integration closes it at build end as well.
  state.idleTimer = setTimeout(() => void closeDiagramRenderer(), idleCloseMs);
}

async function openPage(): Promise<Page> {
  const browser = await launchChromium();
  state.browser = browser;
  const page = await browser.newPage();
  await page.setContent('<!doctype html><html><head></head><body></body></html>');
  await page.addScriptTag({ path: mermaidBundlePath });
  return page;
}

async function drawBothThemes(id: string, source: string): Promise<Record<DiagramTheme, string>> {
  clearTimeout(state.idleTimer);
  state.page ??= openPage();
  const page = await state.page;
  const svgByTheme = {} as Record<DiagramTheme, string>;
  for (const theme of diagramThemes) {
    const result = await page.evaluate(
      async ({ svgId, text, config }) => {
        const mermaid = (globalThis as unknown as { mermaid: typeof import('mermaid').default }).mermaid;
        mermaid.initialize(config);
        try {
          const { svg } = await mermaid.render(svgId, text);
          return { svg };
        } catch (error) {
          document.getElementById(svgId)?.remove();
          document.getElementById(`d${svgId}`)?.remove();
          return { error: error instanceof Error ? error.message : String(error) };
        }
      },
      { svgId: `diagram-${id}-${theme}`, text: source, config: mermaidConfigFor(theme) },
    );
    if ('error' in result) {
      throw new DiagramSyntaxError(`Mermaid could not draw this diagram: ${result.error}\n--- diagram ---\n${source}`);
    }
    svgByTheme[theme] = finishSvg(result.svg as string);
  }
  return svgByTheme;
}
