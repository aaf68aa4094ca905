import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/types';
import { newTestApiServer, pod } from '../test-support';
import type { StoredRead } from './cached-objects';
import type { ObjectUpdate } from './object-update';
import type { Store } from './store';

/**
 * The store lends each update one StoredRead, moved on per state and given back when the update is
 * done (Store.updateStored). These tests run updates from inside another update's attempt (a
 * builder or an admission callback that writes the same store) and check that no attempt sees its
 * read changed under it.
 */
function podsStore(): Store {
  const t = newTestApiServer();
  const store = t.server.stores.get('pods')!;
  for (const name of ['outer', 'inner']) store.create('default', pod(name));
  return store;
}

/** labelled is `current` with one more label, copied where it changes (what an update builder may return). */
function labelled(current: KubeObject, key: string): KubeObject {
  const { resourceVersion: _dropped, ...metadata } = current.metadata!;
  return { ...current, metadata: { ...metadata, labels: { ...current.metadata?.labels, [key]: 'yes' } } };
}

describe('the StoredRead of an update', () => {
  it('stays the outer update’s when its builder updates another object of the store in between', () => {
    const store = podsStore();
    let seenAfterInner: { existing: string | undefined; copy: string | undefined } | undefined;
    const result = store.guaranteedUpdateFrom('default', 'outer', (stored: StoredRead) => {
      const before = stored.existing();
      store.guaranteedUpdateFrom('default', 'inner', (innerStored) => labelled(innerStored.existing(), 'inner'));
      seenAfterInner = { existing: stored.existing().metadata?.name, copy: stored.copy().metadata?.name };
      expect(stored.existing()).toBe(before);
      return labelled(stored.existing(), 'outer');
    });
    expect(seenAfterInner).toEqual({ existing: 'outer', copy: 'outer' });
    expect(result.metadata?.labels).toEqual({ outer: 'yes' });
    expect(store.get('default', 'outer').metadata?.labels).toEqual({ outer: 'yes' });
    expect(store.get('default', 'inner').metadata?.labels).toEqual({ inner: 'yes' });
    expect(store.get('default', 'outer').metadata?.name).toBe('outer');
  });

  it('is read afresh by the retry after an admission callback changed the same object during the attempt', () => {
    const store = podsStore();
    let admitted = 0;
    const builtFrom: string[] = [];
    const update: ObjectUpdate = {
      updated(current: KubeObject) {
        builtFrom.push(current.metadata!.resourceVersion!);
        return labelled(current, 'outer');
      },
      mutate() {},
      admit() {
        // The first attempt's admission writes the same pod: its put then loses the race and the
        // store retries on what the inner update stored.
        if (admitted++ === 0) store.guaranteedUpdateFrom('default', 'outer', (stored) => labelled(stored.existing(), 'inner'));
      },
    };
    const result = store.update('default', 'outer', update);
    expect(admitted).toBe(2);
    expect(builtFrom).toHaveLength(2);
    expect(Number(builtFrom[1])).toBeGreaterThan(Number(builtFrom[0]));
    expect(result.metadata?.labels).toEqual({ inner: 'yes', outer: 'yes' });
    expect(store.get('default', 'outer').metadata?.labels).toEqual({ inner: 'yes', outer: 'yes' });
  });

  it('serves the next update correctly after an update threw mid-attempt', () => {
    const store = podsStore();
    expect(() =>
      store.guaranteedUpdateFrom('default', 'outer', () => {
        throw new Error('builder failed');
      }),
    ).toThrow('builder failed');
    const names: (string | undefined)[] = [];
    store.guaranteedUpdateFrom('default', 'inner', (stored) => {
      names.push(stored.existing().metadata?.name, stored.copy().metadata?.name);
      return labelled(stored.existing(), 'after');
    });
    store.guaranteedUpdateFrom('default', 'outer', (stored) => {
      names.push(stored.existing().metadata?.name);
      return labelled(stored.existing(), 'after');
    });
    expect(names).toEqual(['inner', 'inner', 'outer']);
    expect(store.get('default', 'inner').metadata?.labels).toEqual({ after: 'yes' });
    expect(store.get('default', 'outer').metadata?.labels).toEqual({ after: 'yes' });
  });
});
