import { inspect as nodeInspect, format as nodeFormat } from 'node:util';
import { describe, expect, it } from 'vitest';
import { formatTable } from './console';
import { formatLogArguments, inspect } from './inspect';

class Pod {
  kind = 'Pod';
  metadata = { name: 'nginx', labels: { app: 'web' } };
}

const circular: Record<string, unknown> = { name: 'loop' };
circular.self = circular;

// Values whose sandbox output must read exactly like Node's console.
const sameAsNode: [string, unknown][] = [
  ['numbers and friends', [1, -0, 1.5, NaN, Infinity, 10n, true, null, undefined]],
  ['strings inside objects', { a: 'x', b: "it's", c: 'line\nbreak' }],
  ['nested objects to depth 2', { a: { b: { c: { d: 1 } } } }],
  ['arrays in objects', { list: [1, 2, 3], empty: [], obj: {} }],
  ['maps and sets', { m: new Map<unknown, unknown>([['a', 1], [2, { b: 2 }]]), s: new Set(['x', 'y']) }],
  ['class instances', new Pod()],
  ['null prototype', Object.assign(Object.create(null), { a: 1 })],
  ['keys that need quotes', { 'app.kubernetes.io/name': 'web', ok: 1 }],
  ['functions and classes', { f: function named() {}, g: () => 1, C: Pod }],
  ['long objects break over lines', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'nginx', namespace: 'default' }, spec: { nodeName: 'node-1' } }],
  ['sparse arrays', [1, , 3]],
  ['dates and regexps', { when: new Date(0), re: /a+b/gi }],
  ['symbols', { [Symbol('k')]: Symbol.iterator }],
  ['short arrays grouped in columns', { ids: Array.from({ length: 30 }, (_, i) => i * 7), names: ['node-1', 'node-2', 'node-3', 'node-4', 'node-5', 'node-6', 'node-7'] }],
  ['a list of pods', Array.from({ length: 3 }, (_, i) => ({ kind: 'Pod', metadata: { name: `web-${i}`, labels: { app: 'web' } }, status: { phase: 'Running' } }))],
  ['deep nesting breaks lines', { a: { b: { c: 1 } }, d: 1 }],
];

describe('inspect', () => {
  it.each(sameAsNode)('prints %s like Node', (_label, value) => {
    expect(inspect(value)).toBe(nodeInspect(value));
  });

  it('marks circular references and never calls getters', () => {
    expect(inspect(circular)).toBe("{ name: 'loop', self: [Circular] }");
    let called = false;
    const tricky = {
      get secret() {
        called = true;
        return 1;
      },
    };
    expect(inspect(tricky)).toBe('{ secret: [Getter] }');
    expect(called).toBe(false);
  });

  it('cuts long arrays and strings like Node', () => {
    expect(inspect(Array.from({ length: 102 }, () => 0))).toContain('... 2 more items');
    expect(inspect({ s: 'x'.repeat(10_005) })).toContain("... 5 more characters");
  });
});

describe('formatLogArguments', () => {
  it.each([
    [['plain', 'words', 3]],
    [['%s is %d years', 'Bob', 42]],
    [['%i%%', 42.9]],
    [['%j', { a: [1] }]],
    [['%o', { a: 1 }]],
    [[{ a: 1 }, 'then text']],
    [['missing %s']],
  ])('joins %j like console.log', (args) => {
    expect(formatLogArguments(args)).toBe(nodeFormat(...args));
  });
});

describe('formatTable', () => {
  it('draws an index column and one column per key', () => {
    expect(formatTable([{ name: 'a', ready: true }, { name: 'b' }])).toBe(
      [
        '┌─────────┬──────┬───────┐',
        '│ (index) │ name │ ready │',
        '├─────────┼──────┼───────┤',
        "│ 0       │ 'a'  │ true  │",
        "│ 1       │ 'b'  │       │",
        '└─────────┴──────┴───────┘',
      ].join('\n'),
    );
  });
});
