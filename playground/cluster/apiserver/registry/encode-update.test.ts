import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/types';
import { encodeForStorage, markShared, setResourceVersion } from './codec';
import { encodeUpdate, UpdateEncoding } from './encode-update';

/** stored makes an object as the store hands it to the watch cache: its text stored, then its resourceVersion stamped. */
function stored(object: KubeObject, revision = 7, text = encodeForStorage(object), lastFieldLength?: number): KubeObject {
  markShared(object, text, lastFieldLength);
  setResourceVersion(object, revision);
  return object;
}

function pod(): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default', uid: 'u-1', labels: { app: 'web' }, creationTimestamp: '2026-01-01T00:00:00Z' },
    spec: { nodeName: 'node-1', containers: [{ name: 'app', image: 'nginx' }] },
    status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'True' }] },
  } as KubeObject;
}

/** statusWrite is what a status update builds: the stored spec shared, metadata copied without its resourceVersion, a new status. */
function statusWrite(base: KubeObject, status: unknown): KubeObject {
  const { resourceVersion: _rv, ...metadata } = base.metadata!;
  return { ...base, metadata, status } as KubeObject;
}

describe('encodeUpdate', () => {
  it('stores a status write byte for byte as a full encode would, again after a second write', () => {
    const base = stored(pod());
    const first = statusWrite(base, { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', message: 'quote " and \u2028' }], podIP: '10.0.0.1' });
    const note = new UpdateEncoding();
    const text = encodeUpdate(first, base, note);
    expect(text).toBe(encodeForStorage(first));
    expect(note.lastFieldLength).toBe(JSON.stringify(first.status).length);
    // The written object becomes the next base, its last field's length noted with its text as the store does.
    stored(first, 8, text, note.lastFieldLength);
    const second = statusWrite(first, { phase: 'Succeeded' });
    expect(encodeUpdate(second, first, note)).toBe(encodeForStorage(second));
    expect(JSON.parse(encodeUpdate(second, first)).status).toEqual({ phase: 'Succeeded' });
  });

  it('cuts the stored text where the noted length of its last field says', () => {
    const base = stored(pod());
    const first = statusWrite(base, { phase: 'Running' });
    const note = new UpdateEncoding();
    const text = encodeUpdate(first, base, note);
    expect(note.lastFieldLength).toBe('{"phase":"Running"}'.length);
    // Noted as the length of `"Running"}`, the cut lands after the colon inside the old status: the
    // new status goes in there, which shows the note is what places the cut.
    stored(first, 8, text, '"Running"}'.length);
    const second = statusWrite(first, { phase: 'Succeeded' });
    expect(encodeUpdate(second, first)).toBe(encodeForStorage(second).replace('"status":', '"status":{"phase":'));
    stored(first, 8, text, note.lastFieldLength);
    expect(encodeUpdate(second, first)).toBe(encodeForStorage(second));
  });

  it('notes no last field length for a full encode', () => {
    const base = stored(pod());
    const note = new UpdateEncoding();
    note.lastFieldLength = 5;
    const respecced = { ...statusWrite(base, { phase: 'Running' }), spec: { nodeName: 'node-2', containers: [] } } as KubeObject;
    expect(encodeUpdate(respecced, base, note)).toBe(encodeForStorage(respecced));
    expect(note.lastFieldLength).toBeUndefined();
    note.lastFieldLength = 5;
    expect(encodeUpdate(respecced, undefined, note)).toBe(encodeForStorage(respecced));
    expect(note.lastFieldLength).toBeUndefined();
  });

  it('falls back to a full encode (same bytes) when more than the last field changed or the base is not stored text', () => {
    const base = stored(pod());
    const relabeled = statusWrite(base, { phase: 'Running' });
    relabeled.metadata = { ...relabeled.metadata, labels: { app: 'other' } };
    const respecced = { ...statusWrite(base, { phase: 'Running' }), spec: { nodeName: 'node-2', containers: [] } } as KubeObject;
    const annotated = statusWrite(base, { phase: 'Running' });
    annotated.metadata = { ...annotated.metadata, annotations: { a: 'b' } };
    const reordered = { apiVersion: 'v1', kind: 'Pod', spec: base.spec, metadata: statusWrite(base, 1).metadata, status: { phase: 'Running' } } as unknown as KubeObject;
    const withVersion = { ...statusWrite(base, { phase: 'Running' }), metadata: { ...base.metadata } } as KubeObject;
    const noStatus = statusWrite(base, undefined);
    for (const object of [relabeled, respecced, annotated, reordered, withVersion, noStatus]) {
      expect(encodeUpdate(object, base)).toBe(encodeForStorage(object));
    }
    // A base that was never handed over (a plain decode) has no stored text to reuse.
    const decoded = pod();
    setResourceVersion(decoded, 7);
    const update = statusWrite(decoded, { phase: 'Running' });
    expect(encodeUpdate(update, decoded)).toBe(encodeForStorage(update));
    expect(encodeUpdate(update, undefined)).toBe(encodeForStorage(update));
  });

  it('keeps a relabeled pod\'s new labels (the stored metadata text is not reused)', () => {
    const base = stored(pod());
    const relabeled = statusWrite(base, base.status);
    relabeled.metadata = { ...relabeled.metadata, labels: { app: 'other' } };
    expect(JSON.parse(encodeUpdate(relabeled, base)).metadata.labels).toEqual({ app: 'other' });
  });

  it('stores a binding (keys added at the end of the spec, a new status, metadata with its resourceVersion) as a full encode would', () => {
    const unbound = pod();
    delete (unbound.spec as Record<string, unknown>).nodeName;
    const base = stored(unbound);
    const bound = {
      ...base,
      metadata: { ...base.metadata },
      spec: { ...(base.spec as object), nodeName: 'node-"7"', ignored: undefined },
      status: { ...(base.status as object), conditions: [{ type: 'PodScheduled', status: 'True' }] },
    } as KubeObject;
    expect(encodeUpdate(bound, base)).toBe(encodeForStorage(bound));
    expect(JSON.parse(encodeUpdate(bound, base)).spec.nodeName).toBe('node-"7"');
    // A spec stored as `{}` takes the added key without a leading comma.
    const empty = stored({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'e' }, spec: {}, status: {} } as KubeObject);
    const filled = { ...empty, spec: { nodeName: 'n' }, status: { phase: 'Pending' } } as KubeObject;
    expect(encodeUpdate(filled, empty)).toBe('{"apiVersion":"v1","kind":"Pod","metadata":{"name":"e"},"spec":{"nodeName":"n"},"status":{"phase":"Pending"}}');
  });

  it('falls back to a full encode (same bytes) when a field before the last changed other than by added keys', () => {
    const base = stored(pod());
    const spec = base.spec as Record<string, unknown>;
    const changed = { ...base, spec: { ...spec, nodeName: 'node-2', extra: 1 }, status: { phase: 'Running' } } as KubeObject;
    const reordered = { ...base, spec: { containers: spec.containers, nodeName: spec.nodeName, extra: 1 }, status: { phase: 'Running' } } as KubeObject;
    const shrunk = { ...base, spec: { nodeName: spec.nodeName }, status: { phase: 'Running' } } as KubeObject;
    const withFunction = { ...base, spec: { ...spec, hook: () => 1 }, status: { phase: 'Running' } } as unknown as KubeObject;
    const metadataGrown = { ...base, metadata: { ...base.metadata, extra: 'x' }, status: { phase: 'Running' } } as KubeObject;
    for (const object of [changed, reordered, shrunk, withFunction, metadataGrown]) expect(encodeUpdate(object, base)).toBe(encodeForStorage(object));
    expect(JSON.parse(encodeUpdate(changed, base)).spec.nodeName).toBe('node-2');
  });

  it('matches encodeForStorage for any update of a stored object', () => {
    const json = fc.jsonValue({ maxDepth: 2 });
    const map = fc.dictionary(fc.string({ maxLength: 4 }), json, { maxKeys: 4 });
    fc.assert(
      fc.property(map, map, map, map, map, fc.integer({ min: 0, max: 5 }), (metadata, spec, status, addedSpec, newStatus, how) => {
        const base = stored({ apiVersion: 'v1', kind: 'Pod', metadata: { ...metadata, name: 'p' }, spec, status } as unknown as KubeObject);
        const next: Record<string, unknown> = { ...base, metadata: how % 2 ? { ...base.metadata } : base.metadata };
        if (how >= 2) next.spec = { ...spec, ...addedSpec };
        if (how >= 4) next.spec = { ...addedSpec, ...spec };
        next.status = newStatus;
        const object = next as unknown as KubeObject;
        expect(encodeUpdate(object, base)).toBe(encodeForStorage(object));
      }),
      { numRuns: 300 },
    );
  });

  it('stores marked copies (a plain copy, a copy with one key added at its end) as a full encode would', () => {
    const encoding = new UpdateEncoding();
    const unbound = pod();
    delete (unbound.spec as Record<string, unknown>).nodeName;
    const base = stored(unbound);
    const metadata = { ...base.metadata };
    const spec = { ...(base.spec as object), nodeName: 'node-"7"' };
    encoding.markStoredCopy(metadata, base.metadata!);
    encoding.markKeyAdded(spec, base.spec as object, 'nodeName', 'node-"7"');
    const bound = { ...base, metadata, spec, status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'True' }] } } as KubeObject;
    expect(encodeUpdate(bound, base, encoding)).toBe(encodeForStorage(bound));
    // A spec stored as `{}` takes the added key without a leading comma.
    const empty = stored({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'e' }, spec: {}, status: {} } as KubeObject);
    const filledSpec = { nodeName: 'n' };
    encoding.markKeyAdded(filledSpec, empty.spec as object, 'nodeName', 'n');
    const filled = { ...empty, spec: filledSpec, status: { phase: 'Pending' } } as KubeObject;
    expect(encodeUpdate(filled, empty, encoding)).toBe('{"apiVersion":"v1","kind":"Pod","metadata":{"name":"e"},"spec":{"nodeName":"n"},"status":{"phase":"Pending"}}');
  });

  it('writes the key each mark names, when one encoding is told of different keys in turn', () => {
    const encoding = new UpdateEncoding();
    const base = stored({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'k' }, spec: { a: 1 }, status: {} } as KubeObject);
    for (const [key, value] of [['nodeName', 'n-1'], ['schedulerName', 's'], ['nodeName', 'n-2'], ['nodeName', 'n-3']]) {
      const spec = { ...(base.spec as object), [key]: value };
      encoding.clear();
      encoding.markKeyAdded(spec, base.spec as object, key, value);
      const next = { ...base, metadata: base.metadata, spec, status: { phase: 'Pending' } } as KubeObject;
      expect(encodeUpdate(next, base, encoding)).toBe(encodeForStorage(next));
    }
  });

  it('reads a mark once: the same copy encoded again (its base no longer noted) still stores as a full encode would', () => {
    const encoding = new UpdateEncoding();
    const unbound = pod();
    delete (unbound.spec as Record<string, unknown>).nodeName;
    const base = stored(unbound);
    const spec = { ...(base.spec as object), nodeName: 'node-2' };
    encoding.markKeyAdded(spec, base.spec as object, 'nodeName', 'node-2');
    const bound = { ...base, metadata: { ...base.metadata }, spec, status: { phase: 'Pending' } } as KubeObject;
    const first = encodeUpdate(bound, base, encoding);
    expect(first).toBe(encodeForStorage(bound));
    expect(encodeUpdate(bound, base, encoding)).toBe(first);
    // A spec that no longer matches its (released) base is compared as usual, not taken as marked.
    (spec as Record<string, unknown>).nodeName = 'node-3';
    expect(JSON.parse(encodeUpdate(bound, base, encoding)).spec.nodeName).toBe('node-3');
  });

  it('does not take a mark made against another stored value: the copy is compared as usual', () => {
    const encoding = new UpdateEncoding();
    const base = stored(pod());
    const other = stored(pod());
    const metadata = { ...base.metadata, labels: { app: 'other' } };
    // Marked as a copy of another object's metadata: says nothing about this base.
    encoding.markStoredCopy(metadata, other.metadata!);
    const relabeled = { ...base, metadata, status: { phase: 'Running' } } as KubeObject;
    expect(encodeUpdate(relabeled, base, encoding)).toBe(encodeForStorage(relabeled));
    expect(JSON.parse(encodeUpdate(relabeled, base, encoding)).metadata.labels).toEqual({ app: 'other' });
  });
  it('takes a mark only for the very copy it was made for, and keeps both marks of an update made after one nobody read', () => {
    const encoding = new UpdateEncoding();
    const unbound = pod();
    delete (unbound.spec as Record<string, unknown>).nodeName;
    const base = stored(unbound);
    // An attempt that marked its copies and failed before its encode: the marks stay unread.
    encoding.markStoredCopy({ ...base.metadata }, base.metadata!);
    encoding.markKeyAdded({ ...(base.spec as object), nodeName: 'abandoned' }, base.spec as object, 'nodeName', 'abandoned');
    // Another copy of the same stored spec, not marked: compared with the stored one, not taken for the abandoned one.
    const unmarked = { ...base, metadata: { ...base.metadata }, spec: { ...(base.spec as object), nodeName: 'node-9' }, status: { phase: 'Pending' } } as KubeObject;
    expect(encodeUpdate(unmarked, base, encoding)).toBe(encodeForStorage(unmarked));
    expect(JSON.parse(encodeUpdate(unmarked, base, encoding)).spec.nodeName).toBe('node-9');
    // The next update's two marks (metadata and spec) both hold: it stores as a full encode would.
    const metadata = { ...base.metadata };
    const spec = { ...(base.spec as object), nodeName: 'node-1' };
    encoding.markStoredCopy(metadata, base.metadata!);
    encoding.markKeyAdded(spec, base.spec as object, 'nodeName', 'node-1');
    const bound = { ...base, metadata, spec, status: { phase: 'Pending' } } as KubeObject;
    expect(encodeUpdate(bound, base, encoding)).toBe(encodeForStorage(bound));
  });

  it('trusts a mark until it is read or cleared (a new attempt forgets the marks of the one before)', () => {
    const encoding = new UpdateEncoding();
    const base = stored(pod());
    const lying = () => ({ ...base.metadata, labels: { app: 'other' } });
    const relabeled = (metadata: object) => ({ ...base, metadata, status: { phase: 'Running' } }) as KubeObject;
    // Marked as a plain copy, the metadata stores as the stored one: the mark is what the encoder went by.
    const trusted = lying();
    encoding.markStoredCopy(trusted, base.metadata!);
    expect(JSON.parse(encodeUpdate(relabeled(trusted), base, encoding)).metadata.labels).toEqual({ app: 'web' });
    // Cleared before its encode, the mark is gone: the metadata is compared and stored as it is.
    const forgotten = lying();
    encoding.markStoredCopy(forgotten, base.metadata!);
    encoding.clear();
    expect(encodeUpdate(relabeled(forgotten), base, encoding)).toBe(encodeForStorage(relabeled(forgotten)));
  });
});
