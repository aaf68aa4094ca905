import { describe, expect, it } from 'vitest';
import { packRunCollection, unpackRunCollection, type RunCollection } from './run-registry';

describe('run results on their way out of the sandbox', () => {
  const collection = (values: unknown[]): RunCollection => ({
    trace: [{ t: 1, kind: 'etcd', key: '/registry/pods/default/a\nb' }],
    traceStartOfLastStep: 1,
    virtualTimeMs: 42,
    etcdKeys: values.map((value, i) => ({ key: `/k/${i}`, createRevision: i + 1, modRevision: i + 2, version: 1, value })),
  });

  it('gives back every stored value as its text, whatever characters it holds', () => {
    const values = ['{"kind":"Pod","metadata":{"name":"a"}}', '', 'two\nlines and "quotes" \\ and \u0000', 'héllo 😀 日本', '{}'];
    expect(unpackRunCollection(packRunCollection(collection(values)))).toEqual(collection(values));
  });

  it('writes an object value (a fixture cluster) as JSON text', () => {
    const unpacked = unpackRunCollection(packRunCollection(collection([{ kind: 'Pod', spec: { nodeName: 'n' } }])));
    expect(unpacked.etcdKeys[0].value).toBe('{"kind":"Pod","spec":{"nodeName":"n"}}');
  });

  it('replaces a lone surrogate, which UTF-8 cannot carry, and keeps the values after it in place', () => {
    const unpacked = unpackRunCollection(packRunCollection(collection(['a\ud800b', 'next'])));
    expect(unpacked.etcdKeys.map((kv) => kv.value)).toEqual(['a\ufffdb', 'next']);
  });

  it('refuses results whose values do not add up', () => {
    const packed = packRunCollection(collection(['{"a":1}', '{"b":2}']));
    expect(() => unpackRunCollection(packed.slice(0, -1))).toThrow(/etcd values hold 13 characters, the keys 14/);
    expect(() => unpackRunCollection('{"trace":[]}')).toThrow(/etcd values are missing/);
  });
});
