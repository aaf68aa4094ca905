import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonEqual } from './json-equal';

const sameText = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** reorder reverses the keys of every object: same content, different text when 2+ keys. */
function reorder(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reorder);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reorder(v)]));
}

/** withUndefined adds an undefined-valued key to every object, which JSON leaves out. */
function withUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withUndefined);
  if (typeof value !== 'object' || value === null) return value;
  return { ...Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withUndefined(v)])), gone: undefined };
}

describe('jsonEqual', () => {
  it('agrees with comparing JSON.stringify texts, for arbitrary JSON values', () => {
    fc.assert(fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => jsonEqual(a, b) === sameText(a, b)));
  });

  it('agrees with JSON.stringify on copies, reordered keys and undefined-valued keys', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (a) => {
        const copy = JSON.parse(JSON.stringify(a)) as unknown;
        return jsonEqual(a, copy) && jsonEqual(a, withUndefined(a)) && jsonEqual(withUndefined(a), a) && jsonEqual(a, reorder(a)) === sameText(a, reorder(a));
      }),
    );
  });

  it('tells a reordered spec from the same spec, as the watch comparison always did', () => {
    const spec = { containers: [{ name: 'app', image: 'nginx:1.27' }], restartPolicy: 'Always' };
    expect(jsonEqual(spec, { containers: [{ name: 'app', image: 'nginx:1.27' }], restartPolicy: 'Always' })).toBe(true);
    expect(jsonEqual(spec, { restartPolicy: 'Always', containers: [{ name: 'app', image: 'nginx:1.27' }] })).toBe(false);
    expect(jsonEqual(spec, { containers: [{ name: 'app', image: 'nginx:1.28' }], restartPolicy: 'Always' })).toBe(false);
    expect(jsonEqual([undefined], [null])).toBe(true);
    expect(jsonEqual({ a: 1 }, [1])).toBe(false);
  });
});
