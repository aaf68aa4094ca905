/**
 * The live sequence diagram of a run. The Mermaid text comes from playground/trace; Mermaid itself
 * (about 190 KB gz) is imported only when a diagram scrolls into view, and each diagram is redrawn
 * when the site theme changes. The SVG is hidden from screen readers: a list of the same messages
 * in a disclosure is the text alternative.
 */
import type { TraceEntry } from '../../../playground/cluster/sim/trace';
import { foldTrace } from '../../../playground/trace/fold';
import { messageText } from '../../../playground/trace/messages';
import { participantLabel } from '../../../playground/trace/participants';
import { traceToSequenceDiagram, foldNoteText, type SequenceDiagram } from '../../../playground/trace/sequence-diagram';
import { mermaidConfigFor } from '../../diagrams/mermaid-config';
import { h } from './dom';
import { plural } from './format';

/** DiagramOptions says where the last step's entries start and which step that is. */
export interface DiagramOptions {
  focusFrom: number;
  lastStep: number;
}

type Mermaid = typeof import('mermaid').default;
let mermaidPromise: Promise<Mermaid> | undefined;
let renderCount = 0;

/** loadMermaid imports Mermaid once per page. */
function loadMermaid(): Promise<Mermaid> {
  mermaidPromise ??= import('mermaid').then((module) => module.default);
  return mermaidPromise;
}

function siteTheme(): 'light' | 'dark' {
  return document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light';
}

/** Renders serially: Mermaid keeps global configuration, so two renders must not interleave. */
let renderQueue: Promise<unknown> = Promise.resolve();

async function drawInto(host: HTMLElement, text: string): Promise<void> {
  const job = renderQueue.then(async () => {
    const mermaid = await loadMermaid();
    mermaid.initialize(mermaidConfigFor(siteTheme()));
    const { svg } = await mermaid.render(`step-diagram-${++renderCount}`, text);
    host.innerHTML = prepareSvg(svg);
    host.dataset.rendered = siteTheme();
  });
  renderQueue = job.catch(() => undefined);
  try {
    await job;
  } catch (error) {
    host.replaceChildren(h('p', { class: 'step-empty' }, `The diagram could not be drawn: ${error instanceof Error ? error.message : String(error)}`));
  }
}

function textAlternative(trace: readonly TraceEntry[], expanded: boolean, focusFrom: number): HTMLElement {
  const list = h('ol', { class: 'step-diagram-text' });
  for (const item of foldTrace(trace, expanded ? { fold: false } : { focusFrom })) {
    if (item.kind === 'fold') list.append(h('li', { class: 'folded' }, foldNoteText(item)));
    else list.append(h('li', {}, `${participantLabel(item.entry.from)} → ${participantLabel(item.entry.to)}: ${messageText(item.entry)}`));
  }
  return h('details', { class: 'step-diagram-alt' }, h('summary', {}, 'Messages as text'), list);
}

function describe(diagram: SequenceDiagram, expanded: boolean, hasEarlierSteps: boolean): string {
  if (diagram.total === 0) return 'This run sent no requests.';
  if (diagram.folded === 0) return `All ${plural(diagram.total, 'message')}.`;
  if (expanded) return `Showing ${diagram.arrows} of ${plural(diagram.total, 'message')}.`;
  const what = hasEarlierSteps ? 'earlier steps and routine reads, watches, heartbeats and Event writes are' : 'routine reads, watches, heartbeats and Event writes are';
  return `Showing ${diagram.arrows} of ${plural(diagram.total, 'message')}: ${what} folded.`;
}

/** MIN_READABLE_WIDTH keeps message labels legible: a wider diagram scrolls instead of shrinking. */
const MIN_READABLE_WIDTH = 760;

/**
 * prepareSvg hides Mermaid's SVG from screen readers (the "Messages as text" list says the same in
 * order) and gives it a minimum width. Path data is left exactly as Mermaid wrote it: it is drawn
 * once per run, so its size does not matter, and its compact icon paths break if numbers change.
 */
function prepareSvg(svg: string): string {
  const naturalWidth = Number(/max-width:\s*([\d.]+)px/.exec(svg)?.[1] ?? MIN_READABLE_WIDTH);
  const minWidth = Math.round(Math.min(naturalWidth, MIN_READABLE_WIDTH));
  return svg
    .replace(/^<svg\b/, '<svg aria-hidden="true" focusable="false"')
    .replace(/style="max-width:\s*([\d.]+)px;?"/, (_, width: string) => `style="max-width: ${width}px; min-width: ${minWidth}px;"`);
}

/** mountSequenceDiagram adds the diagram (drawn when visible), its fold toggle and its text version. */
export function mountSequenceDiagram(section: HTMLElement, trace: readonly TraceEntry[], options: DiagramOptions): void {
  const folded = traceToSequenceDiagram(trace, { focusFrom: options.focusFrom });
  let expandedDiagram: SequenceDiagram | undefined;
  let expanded = false;
  const info = h('p', { class: 'step-diagram-info' });
  const toggle = h('button', { type: 'button', class: 'step-link', 'aria-expanded': 'false' });
  // Focusable and named: on a phone the diagram scrolls sideways, and keyboard users must reach it.
  const host = h(
    'div',
    { class: 'step-diagram-host step-scroll', 'data-diagram': '', tabindex: 0, role: 'region', 'aria-label': 'Sequence diagram of the run' },
    h('p', { class: 'step-empty' }, 'Loading the diagram…'),
  );
  let alternative = textAlternative(trace, false, options.focusFrom);

  const current = () => (expanded ? (expandedDiagram ??= traceToSequenceDiagram(trace, { fold: false })) : folded);
  const update = () => {
    const diagram = current();
    info.replaceChildren(describe(diagram, expanded, options.focusFrom > 0), ' ');
    if (diagram.folded > 0 || expanded) {
      toggle.textContent = expanded ? 'Fold routine messages' : `Show all ${diagram.total}`;
      toggle.setAttribute('aria-expanded', String(expanded));
      info.append(toggle);
    }
  };
  toggle.addEventListener('click', () => {
    expanded = !expanded;
    update();
    const next = textAlternative(trace, expanded, options.focusFrom);
    alternative.replaceWith(next);
    alternative = next;
    void drawInto(host, current().text);
  });
  update();
  section.append(info, host, alternative);

  let visible = false;
  const observer = new IntersectionObserver((entries) => {
    if (!entries.some((entry) => entry.isIntersecting) || visible) return;
    visible = true;
    observer.disconnect();
    void drawInto(host, current().text);
  }, { rootMargin: '200px' });
  observer.observe(host);

  const onThemeChange = () => {
    if (!host.isConnected) {
      window.removeEventListener('themechange', onThemeChange);
      return;
    }
    if (visible && host.dataset.rendered !== siteTheme()) void drawInto(host, current().text);
  };
  window.addEventListener('themechange', onThemeChange);
}
