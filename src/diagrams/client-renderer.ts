import { diagramThemes, mermaidConfigFor, type DiagramTheme } from './mermaid-config';
import { finishSvg } from './svg';

/**
 * In-page Mermaid rendering, used when the build had no browser and for diagrams made at run
 * time (e.g. a live trace). Mermaid (~190 KB gz) is imported only when first needed.
 */

type Mermaid = typeof import('mermaid').default;
let mermaidModule: Promise<Mermaid> | undefined;
let renderCount = 0;
let queue: Promise<unknown> = Promise.resolve();

function loadMermaid(): Promise<Mermaid> {
  mermaidModule ??= import('mermaid').then((module) => module.default);
  return mermaidModule;
}

/**
 * renderMermaidSvgs draws `source` once per theme and returns the SVG markup for each.
 * Renders are serialised because Mermaid's configuration is global.
 */
export function renderMermaidSvgs(source: string): Promise<Record<DiagramTheme, string>> {
  const job = queue.then(async () => {
    const mermaid = await loadMermaid();
    const svgByTheme = {} as Record<DiagramTheme, string>;
    for (const theme of diagramThemes) {
      mermaid.initialize(mermaidConfigFor(theme));
      renderCount += 1;
      const { svg } = await mermaid.render(`client-diagram-${renderCount}-${theme}`, source);
      svgByTheme[theme] = finishSvg(svg);
    }
    return svgByTheme;
  });
  queue = job.catch(() => undefined);
  return job;
}

/**
 * drawDiagramInto fills a figure's `[data-diagram-canvas]` with light and dark SVGs. If Mermaid
 * fails, the reader sees a short message and the diagram source, never an empty box.
 */
export async function drawDiagramInto(figure: HTMLElement, source: string): Promise<void> {
  const canvas = figure.querySelector<HTMLElement>('[data-diagram-canvas]') ?? figure;
  try {
    const svgByTheme = await renderMermaidSvgs(source);
    canvas.innerHTML = diagramThemes
      .map((theme) => `<div class="diagram-theme diagram-${theme}">${svgByTheme[theme]}</div>`)
      .join('');
    figure.dataset.diagram = 'drawn';
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    figure.classList.add('diagram-failed');
    figure.dataset.diagram = 'failed';
    const status = document.createElement('p');
    status.className = 'diagram-status';
    status.setAttribute('role', 'status');
    status.textContent = `This diagram could not be drawn (${reason.split('\n')[0]}). Its source is shown instead.`;
    const pre = document.createElement('pre');
    pre.textContent = source;
    canvas.replaceChildren(status, pre);
  }
}

/** drawDiagramsWhenVisible draws each figure when it comes within 300 px of the viewport. */
export function drawDiagramsWhenVisible(figures: Iterable<HTMLElement>): void {
  const observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        observer.unobserve(entry.target);
        const figure = entry.target as HTMLElement;
        const source = figure.querySelector('[data-diagram-source]')?.textContent ?? '';
        void drawDiagramInto(figure, source);
      }
    },
    { rootMargin: '300px 0px' },
  );
  for (const figure of figures) observer.observe(figure);
}
