import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/types';
import { copyForClient, encodeForStorage, isShared, markShared, sharedText, storedLastFieldLength } from './codec';
import { encodeUpdate, UpdateEncoding } from './encode-update';

const pod = (): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a', namespace: 'default', resourceVersion: '7' }, spec: { containers: [] }, status: { phase: 'Pending' } }) as KubeObject;

describe('the stored text of a shared object', () => {
  it('is found on the object itself and on nothing made from it', () => {
    const object = pod();
    const text = encodeForStorage(object);
    markShared(object, text);
    expect(sharedText(object)).toBe(text);
    expect(isShared(object)).toBe(true);
    // Copies a component or the server makes (spreads, JSON, Object.assign) are not shared.
    for (const copy of [{ ...object }, JSON.parse(JSON.stringify(object)), Object.assign({}, object), structuredClone(object)]) {
      expect(isShared(copy)).toBe(false);
      expect(sharedText(copy)).toBeUndefined();
    }
    expect(isShared(undefined)).toBe(false);
    expect(isShared('text')).toBe(false);
  });

  it('keeps the last field length it is given with the text, and none when it is given none', () => {
    const written = pod();
    markShared(written, encodeForStorage(written), 20);
    expect(storedLastFieldLength(written)).toBe(20);
    expect(sharedText(written)).toBe(encodeForStorage(written));
    const created = pod();
    markShared(created, encodeForStorage(created));
    expect(storedLastFieldLength(created)).toBeUndefined();
    expect(storedLastFieldLength(pod())).toBeUndefined();
  });

  it('is invisible to JSON, keys, enumeration and equality', () => {
    const object = pod();
    const plain = pod();
    markShared(object, encodeForStorage(object));
    expect(JSON.stringify(object)).toBe(JSON.stringify(plain));
    expect(Object.keys(object)).toEqual(Object.keys(plain));
    const enumerated: string[] = [];
    for (const key in object) enumerated.push(key);
    expect(enumerated).toEqual(Object.keys(plain));
    expect(object).toStrictEqual(plain);
  });

  it('gives a client a fresh copy decoded from the text, at the resourceVersion of the object', () => {
    const object = pod();
    markShared(object, encodeForStorage(object));
    Object.freeze(object);
    const copy = copyForClient(object);
    expect(copy).not.toBe(object);
    expect(copy).toEqual(object);
    expect(isShared(copy)).toBe(false);
  });
});

describe('notes of the update encoder', () => {
  it('stay off the JSON and spreads of the copies they describe', () => {
    const base = pod();
    markShared(base, encodeForStorage(base));
    const metadata = { ...base.metadata };
    const spec = { ...(base as { spec: object }).spec, nodeName: 'n1' };
    const encoding = new UpdateEncoding();
    encoding.markStoredCopy(metadata, base.metadata!);
    encoding.markKeyAdded(spec, (base as { spec: object }).spec, 'nodeName', 'n1');
    expect(JSON.stringify(metadata)).toBe(JSON.stringify(base.metadata));
    expect(Object.keys({ ...spec })).toEqual(['containers', 'nodeName']);
    const bound = { ...base, metadata, spec, status: { phase: 'Pending', conditions: [] } } as KubeObject;
    const text = encodeUpdate(bound, base, encoding);
    expect(text).toBe(encodeForStorage(bound));
    // The encoded object keeps its last field's length unseen; encoding the next update from it still matches a full encode.
    expect(JSON.stringify(bound)).not.toContain('Symbol');
    markShared(bound, text);
    const next = { ...bound, status: { phase: 'Running' } } as KubeObject;
    expect(encodeUpdate(next, bound)).toBe(encodeForStorage(next));
  });
});
