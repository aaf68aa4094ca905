import { describe, expect, it } from 'vitest';
import { clearEdit, loadEdit, saveEdit, storageKey } from './storage';

/** MemoryStorage is a Storage with an optional quota, as browsers have. */
class MemoryStorage implements Storage {
  private readonly items = new Map<string, string>();
  constructor(private readonly quotaChars = Infinity) {}
  get length() {
    return this.items.size;
  }
  clear() {
    this.items.clear();
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  key(index: number) {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  setItem(key: string, value: string) {
    if (value.length > this.quotaChars) throw new DOMException('full', 'QuotaExceededError');
    this.items.set(key, value);
  }
}

const ref = { chapter: '01-api-server-at-the-centre', step: '01-get-nodes' };
const original = 'console.log(1);\n';

describe('saved edits', () => {
  it('restores an edit per chapter and step, and not for other steps', () => {
    const storage = new MemoryStorage();
    expect(saveEdit(storage, ref, 'console.log(2);\n', original)).toEqual({ edited: true, saved: true });
    expect(loadEdit(storage, ref, original)).toEqual({ code: 'console.log(2);\n', stale: false });
    expect(loadEdit(storage, { ...ref, step: '02-other' }, original)).toBeUndefined();
    expect(loadEdit(storage, { ...ref, chapter: '02-under-the-hood' }, original)).toBeUndefined();
  });

  it('forgets the edit when the code is back to the original', () => {
    const storage = new MemoryStorage();
    saveEdit(storage, ref, 'x', original);
    expect(saveEdit(storage, ref, original, original)).toEqual({ edited: false, saved: true });
    expect(storage.getItem(storageKey(ref))).toBeNull();
  });

  it('marks an edit stale when the chapter changed the starter code since', () => {
    const storage = new MemoryStorage();
    saveEdit(storage, ref, 'mine', original);
    expect(loadEdit(storage, ref, 'console.log("new starter");\n')).toEqual({ code: 'mine', stale: true });
  });

  it('clears on reset', () => {
    const storage = new MemoryStorage();
    saveEdit(storage, ref, 'mine', original);
    clearEdit(storage, ref);
    expect(loadEdit(storage, ref, original)).toBeUndefined();
  });

  it('survives full, missing or corrupted storage without throwing', () => {
    expect(saveEdit(new MemoryStorage(10), ref, 'a long edit that does not fit', original)).toEqual({ edited: true, saved: false });
    expect(saveEdit(undefined, ref, 'x', original)).toEqual({ edited: true, saved: false });
    expect(loadEdit(undefined, ref, original)).toBeUndefined();
    const corrupted = new MemoryStorage();
    corrupted.setItem(storageKey(ref), '{not json');
    expect(loadEdit(corrupted, ref, original)).toBeUndefined();
  });
});
