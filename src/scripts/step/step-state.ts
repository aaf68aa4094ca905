/**
 * StepState is everything the page knows about one step: where its elements are, its original
 * code and its current code (edited, shared or original), and its editor once one is open.
 */
import type { CodeEditor } from './editor-types';
import { browserStorage, loadEdit, type StepRef } from './storage';

/** CodeSource says where a step's current code came from, for the marker next to its title. */
export type CodeSource = 'original' | 'saved' | 'shared' | 'edited';

/** StepState is one step on the page. */
export interface StepState {
  root: HTMLElement;
  ref: StepRef;
  /** Title shown and announced, such as "Step 2 · Create a pod". */
  title: string;
  original: string;
  solution?: string;
  check?: string;
  code: string;
  source: CodeSource;
  /** The saved edit predates a change of the chapter's starter code. */
  stale: boolean;
  editor?: CodeEditor;
  editorLoading?: Promise<CodeEditor>;
  /** Code before the last Reset or Show solution, restorable until the next edit. */
  undo?: { code: string; label: string };
  running: boolean;
}

const states = new WeakMap<HTMLElement, StepState>();

function templateText(root: HTMLElement, name: string): string | undefined {
  const template = root.querySelector<HTMLTemplateElement>(`template[data-${name}]`);
  return template ? template.content.textContent ?? '' : undefined;
}

/** stepRoots lists the page's steps in document order: the order they run in. */
export function stepRoots(): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>('[data-step]')];
}

/** stateOf reads (once) a step's state from its markup and any saved edit. */
export function stateOf(root: HTMLElement): StepState {
  let state = states.get(root);
  if (state) return state;
  const original = templateText(root, 'original') ?? '';
  const ref = { chapter: root.dataset.chapter ?? location.pathname, step: root.dataset.step ?? '' };
  const saved = loadEdit(browserStorage(), ref, original);
  state = {
    root,
    ref,
    title: root.dataset.title ?? ref.step,
    original,
    solution: templateText(root, 'solution'),
    check: templateText(root, 'check'),
    code: saved?.code ?? original,
    source: saved ? 'saved' : 'original',
    stale: saved?.stale ?? false,
    running: false,
  };
  states.set(root, state);
  return state;
}

/** part finds one of a step's elements by its data attribute. */
export function part<T extends HTMLElement = HTMLElement>(state: StepState, name: string): T | null {
  return state.root.querySelector<T>(`[data-${name}]`);
}
