/**
 * Saved edits: each step's edited code lives in localStorage under the chapter and step ids, so a
 * reload brings the reader's work back. Saving the original text removes the entry, which is
 * what makes "edited" mean "differs from the chapter". Storage may be missing or full (private
 * windows, quotas): every call degrades to "not saved" instead of throwing into the page.
 */

/** StepRef names one step: the chapter slug and the step file's id. */
export interface StepRef {
  chapter: string;
  step: string;
}

/** SavedEdit is what a reload restores. */
export interface SavedEdit {
  code: string;
  /** True when the chapter's starter code changed since the reader edited it. */
  stale: boolean;
}

/** STORAGE_PREFIX starts every key this site writes, so its entries are easy to find and clear. */
export const STORAGE_PREFIX = 'kube-hands-on:step:';

/** storageKey is the localStorage key of one step's edit. */
export function storageKey(ref: StepRef): string {
  return `${STORAGE_PREFIX}${ref.chapter}/${ref.step}`;
}

/** textHash is a short FNV-1a hash, enough to notice that a starter file changed. */
export function textHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}

interface StoredEdit {
  v: 1;
  code: string;
  /** textHash of the original the edit started from. */
  base: string;
}

/** loadEdit returns the saved edit of a step, or undefined when there is none (or it is unreadable). */
export function loadEdit(storage: Storage | undefined, ref: StepRef, original: string): SavedEdit | undefined {
  let raw: string | null;
  try {
    raw = storage?.getItem(storageKey(ref)) ?? null;
  } catch {
    return undefined;
  }
  if (raw === null) return undefined;
  try {
    const stored = JSON.parse(raw) as Partial<StoredEdit>;
    if (stored?.v !== 1 || typeof stored.code !== 'string') return undefined;
    if (stored.code === original) return undefined;
    return { code: stored.code, stale: stored.base !== textHash(original) };
  } catch {
    return undefined;
  }
}

/**
 * saveEdit stores the code, or removes the entry when the code equals the original.
 * Returns whether the step now counts as edited, and false if storage refused the write.
 */
export function saveEdit(storage: Storage | undefined, ref: StepRef, code: string, original: string): { edited: boolean; saved: boolean } {
  const edited = code !== original;
  try {
    if (!storage) return { edited, saved: false };
    if (!edited) storage.removeItem(storageKey(ref));
    else storage.setItem(storageKey(ref), JSON.stringify({ v: 1, code, base: textHash(original) } satisfies StoredEdit));
    return { edited, saved: true };
  } catch {
    return { edited, saved: false };
  }
}

/** clearEdit forgets a step's edit (Reset). */
export function clearEdit(storage: Storage | undefined, ref: StepRef): void {
  try {
    storage?.removeItem(storageKey(ref));
  } catch {
    // Nothing was saved, so there is nothing to forget.
  }
}

/** browserStorage is window.localStorage, or undefined where reading it throws (blocked storage). */
export function browserStorage(): Storage | undefined {
  try {
    return globalThis.localStorage ?? undefined;
  } catch {
    return undefined;
  }
}
