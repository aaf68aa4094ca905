/**
 * Patches with keys only an object's prototype has (`__proto__`, `constructor`, `toString`), as a
 * reader's step code can send them (JSON.parse makes `"__proto__"` an own key of the patch). The
 * real server patches JSON maps and decodes the result into its Go types, where no such field
 * exists: none of these keys may reach a prototype, least of all Object.prototype, which every
 * object of the simulated cluster shares.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { applyPatch } from './patch';
import { PatchError } from './patch-error';
import { strategicMergePatchShared } from './patch-merge';

const POLLUTED = 'rev7bPolluted';

afterEach(() => {
  delete (Object.prototype as Record<string, unknown>)[POLLUTED];
});

/** plainThroughout tells whether every object in a value is a plain object or array (no other prototype). */
function plainThroughout(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== Array.prototype) return false;
  return Object.values(value).every(plainThroughout);
}

const pod = () => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a', labels: { app: 'a' } }, status: { phase: 'Pending' } });
const parse = (text: string) => JSON.parse(text) as unknown;

describe('patches naming prototype keys', () => {
  const bodies = [
    `{"__proto__":{"${POLLUTED}":1},"status":{"phase":"Running"}}`,
    `{"metadata":{"__proto__":{"${POLLUTED}":1}},"status":{"phase":"Running","__proto__":{"${POLLUTED}":2}}}`,
    `{"status":{"conditions":[{"type":"Ready","__proto__":{"${POLLUTED}":3}}]}}`,
    `{"status":{"conditions":[{"type":"Ready","$patch":"replace"},{"type":"X","__proto__":{"${POLLUTED}":4}}]}}`,
  ];
  for (const type of ['merge', 'strategic'] as const) {
    for (const body of bodies) {
      it(`${type}: ${body} changes no prototype`, () => {
        const patched = applyPatch(type, pod(), parse(body), { owned: true });
        expect(POLLUTED in {}).toBe(false);
        expect(plainThroughout(patched)).toBe(true);
        // A merge patch's list replaces the stored one as it is (an own `__proto__` key of an item is data, as in a JSON map).
        if (type === 'strategic') expect(JSON.stringify(patched)).not.toContain(POLLUTED);
      });
    }
  }

  for (const body of bodies) {
    it(`shared strategic merge: ${body} changes no prototype`, () => {
      const patched = strategicMergePatchShared(pod(), parse(body));
      expect(POLLUTED in {}).toBe(false);
      expect(plainThroughout(patched)).toBe(true);
    });
  }

  it('a list field named like a prototype key is an ordinary list (replaced, no merge key)', () => {
    const patched = applyPatch('strategic', pod(), parse('{"status":{"constructor":[{"a":1}],"toString":[2]}}'), { owned: true }) as { status: Record<string, unknown> };
    expect(Object.keys(patched.status)).toEqual(['phase', 'constructor', 'toString']);
    expect(JSON.stringify(patched.status)).toBe('{"phase":"Pending","constructor":[{"a":1}],"toString":[2]}');
  });

  it('json patch: a path through a key the document does not have is missing, prototype or not', () => {
    for (const path of [`/__proto__/${POLLUTED}`, `/metadata/__proto__/${POLLUTED}`, `/metadata/constructor/prototype/${POLLUTED}`]) {
      expect(() => applyPatch('json', pod(), [{ op: 'add', path, value: 1 }], { owned: true })).toThrow(PatchError);
      expect(POLLUTED in {}).toBe(false);
    }
    expect(() => applyPatch('json', pod(), [{ op: 'remove', path: '/metadata/toString' }], { owned: true })).toThrow('Unable to remove nonexistent key: toString: missing value');
    expect(() => applyPatch('json', pod(), [{ op: 'test', path: '/metadata/constructor', value: null }], { owned: true })).toThrow('doc is missing path: "/metadata/constructor": missing value');
    expect(() => applyPatch('json', pod(), [{ op: 'replace', path: '/metadata/__proto__', value: { [POLLUTED]: 1 } }], { owned: true })).toThrow(PatchError);
    expect(POLLUTED in {}).toBe(false);
    // Added as a member, it is dropped (the real server drops the unknown field when decoding).
    const added = applyPatch('json', pod(), [{ op: 'add', path: '/metadata/__proto__', value: { [POLLUTED]: 1 } }, { op: 'add', path: '/metadata/x', value: 1 }], { owned: true });
    expect(plainThroughout(added)).toBe(true);
    expect(POLLUTED in {}).toBe(false);
    expect(JSON.stringify(added)).toBe(JSON.stringify({ ...pod(), metadata: { ...pod().metadata, x: 1 } }));
  });
});
