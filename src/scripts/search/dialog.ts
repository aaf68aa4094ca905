/**
 * The search dialog once opened: loads Pagefind from `<base>pagefind/` (a file the build writes,
 * so it is imported by URL, not bundled), searches as the reader types and lists one link per
 * matching heading. Arrow keys move between the input and the links; Esc closes (native <dialog>)
 * and focus returns to what opened it.
 */
import { excerptNodes } from './excerpt';

/** PagefindSubResult is a heading-level match inside a page. */
interface PagefindSubResult {
  title: string;
  url: string;
  excerpt: string;
}

/** PagefindResultData is what Pagefind returns for one matching page. */
interface PagefindResultData {
  url: string;
  excerpt: string;
  meta: { title?: string };
  sub_results?: PagefindSubResult[];
}

/** PagefindApi is the part of pagefind.js we use. */
interface PagefindApi {
  options(options: { baseUrl?: string; excerptLength?: number }): Promise<void>;
  init(): Promise<void>;
  debouncedSearch(query: string, options?: object, delayMs?: number): Promise<{ results: { data(): Promise<PagefindResultData> }[] } | null>;
}

/** maxHits caps the links shown; the rest would only scroll. */
const maxHits = 12;
/** maxHitsPerPage keeps one chapter from filling the list. */
const maxHitsPerPage = 3;

let pagefind: Promise<PagefindApi> | undefined;
const wired = new WeakSet<HTMLDialogElement>();

function loadPagefind(): Promise<PagefindApi> {
  pagefind ??= (async () => {
    const url = `${import.meta.env.BASE_URL.replace(/\/?$/, '/')}pagefind/pagefind.js`;
    const api = (await import(/* @vite-ignore */ url)) as PagefindApi;
    await api.options({ baseUrl: import.meta.env.BASE_URL, excerptLength: 24 });
    await api.init();
    return api;
  })();
  pagefind.catch(() => (pagefind = undefined));
  return pagefind;
}

/** SearchHit is one link in the list. */
interface SearchHit {
  chapter: string;
  title: string;
  url: string;
  excerpt: string;
}

function hitsOf(pages: PagefindResultData[]): SearchHit[] {
  const hits: SearchHit[] = [];
  for (const page of pages) {
    const chapter = page.meta.title ?? page.url;
    const subs = (page.sub_results ?? []).filter((sub) => sub.url.includes('#'));
    if (subs.length === 0) hits.push({ chapter, title: chapter, url: page.url, excerpt: page.excerpt });
    for (const sub of subs.slice(0, maxHitsPerPage)) hits.push({ chapter, title: sub.title, url: sub.url, excerpt: sub.excerpt });
    if (hits.length >= maxHits) break;
  }
  return hits.slice(0, maxHits);
}

function renderHit(hit: SearchHit): HTMLLIElement {
  const item = document.createElement('li');
  const link = document.createElement('a');
  link.href = hit.url;
  const chapter = document.createElement('span');
  chapter.className = 'search-hit-chapter';
  chapter.textContent = hit.chapter;
  const title = document.createElement('span');
  title.className = 'search-hit-title';
  title.textContent = hit.title;
  const excerpt = document.createElement('span');
  excerpt.className = 'search-hit-excerpt';
  excerpt.append(...excerptNodes(hit.excerpt));
  link.append(chapter, title, excerpt);
  item.append(link);
  return item;
}

function wire(dialog: HTMLDialogElement, input: HTMLInputElement, list: HTMLElement, status: HTMLElement): void {
  let latest = 0;
  const search = async () => {
    const query = input.value.trim();
    const ticket = ++latest;
    if (query === '') {
      list.replaceChildren();
      status.textContent = '';
      return;
    }
    try {
      const api = await loadPagefind();
      const found = await api.debouncedSearch(query, {}, 120);
      if (found === null || ticket !== latest) return; // a newer query superseded this one
      const pages = await Promise.all(found.results.slice(0, maxHits).map((result) => result.data()));
      if (ticket !== latest) return;
      const hits = hitsOf(pages);
      list.replaceChildren(...hits.map(renderHit));
      status.textContent =
        hits.length === 0 ? `No results for “${query}”` : `${hits.length} result${hits.length === 1 ? '' : 's'} for “${query}”`;
    } catch {
      if (ticket === latest) status.textContent = 'Search is not available right now (its index could not be loaded).';
    }
  };
  input.addEventListener('input', () => void search());

  const links = () => [...list.querySelectorAll<HTMLAnchorElement>('a')];
  dialog.addEventListener('keydown', (event) => {
    // A search field eats the first Esc to clear itself; here Esc always closes, as the help line says.
    if (event.key === 'Escape') {
      event.preventDefault();
      dialog.close();
      return;
    }
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const all = links();
    if (all.length === 0) return;
    const at = all.indexOf(document.activeElement as HTMLAnchorElement);
    event.preventDefault();
    if (event.key === 'ArrowDown') (all[at + 1] ?? all[0])!.focus();
    else if (at <= 0) input.focus();
    else all[at - 1]!.focus();
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.isComposing) {
      const first = links()[0];
      if (first) {
        event.preventDefault();
        first.click();
      }
    }
  });
  // A click on a result for the page already open only moves to the heading: close the dialog.
  list.addEventListener('click', (event) => {
    if ((event.target as Element).closest('a')) dialog.close();
  });
  // A click on the backdrop (outside the panel) closes, as readers expect of a modal.
  dialog.addEventListener('click', (event) => {
    if (event.target === dialog) dialog.close();
  });
  dialog.querySelector('[data-search-close]')?.addEventListener('click', () => dialog.close());
}

/** startSearch prepares an opened dialog: wires it once, focuses the input and warms the index. */
export function startSearch(dialog: HTMLDialogElement, opener?: HTMLElement): void {
  const input = dialog.querySelector<HTMLInputElement>('[data-search-input]')!;
  const list = dialog.querySelector<HTMLElement>('[data-search-results]')!;
  const status = dialog.querySelector<HTMLElement>('[data-search-status]')!;
  if (!wired.has(dialog)) {
    wired.add(dialog);
    wire(dialog, input, list, status);
  }
  dialog.addEventListener('close', () => opener?.isConnected && opener.focus(), { once: true });
  input.focus();
  input.select();
  void loadPagefind().catch(() => {
    status.textContent = 'Search is not available right now (its index could not be loaded).';
  });
}
