import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { jsonToYaml, storedValueYaml } from './json-yaml';

describe('jsonToYaml', () => {
  it('prints a stored Pod the way the yaml package does', () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'nginx', namespace: 'default', uid: '6b1f-01', labels: { run: 'nginx' }, creationTimestamp: '2025-01-01T00:00:00Z', ownerReferences: [] },
      spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80 }], args: ['--port', '8080'] }], nodeName: 'node-1', tolerations: [{}] },
      status: { phase: 'Pending', podIP: '10.244.1.2', conditions: [{ type: 'Ready', status: 'True' }], ready: false, restarts: 0, message: null },
    };
    const printed = jsonToYaml(pod);
    expect(parse(printed)).toEqual(pod);
    // Identical except the timestamp, which we quote for YAML 1.1 readers.
    expect(printed).toBe(stringify(pod).replace('creationTimestamp: 2025-01-01T00:00:00Z', 'creationTimestamp: "2025-01-01T00:00:00Z"'));
  });

  it('quotes strings a YAML reader would take for something else, and nothing more', () => {
    const value = { a: '', b: 'yes', c: '0x1F', d: '1.5', e: 'a: b', f: '*x', g: 'plain text', h: '10.244.0.2', i: 'true', j: '- x', k: 'ends:', l: 'x #y', m: 'v1.32.2', n: '12', o: '"hi" there', p: `"x": it's` };
    expect(jsonToYaml(value)).toBe(
      `a: ""\nb: "yes"\nc: "0x1F"\nd: "1.5"\ne: "a: b"\nf: "*x"\ng: plain text\nh: 10.244.0.2\ni: "true"\nj: "- x"\nk: "ends:"\nl: "x #y"\nm: v1.32.2\nn: "12"\no: '"hi" there'\np: '"x": it''s'\n`,
    );
  });

  it('prints multi-line strings as literal blocks with the right chomping', () => {
    const value = { config: 'apiVersion: v1\nkind: Config\n', script: 'a\n\nb', kept: 'x\n\n', list: ['one\ntwo'] };
    const printed = jsonToYaml(value);
    expect(printed).toBe('config: |\n  apiVersion: v1\n  kind: Config\nscript: |-\n  a\n\n  b\nkept: |+\n  x\n\nlist:\n  - |-\n    one\n    two\n');
    expect(parse(printed)).toEqual(value);
  });

  it('reads back as the same value for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (raw) => {
        const value = JSON.parse(JSON.stringify(raw));
        expect(parse(jsonToYaml(value))).toEqual(value);
      }),
      { numRuns: 400 },
    );
  });

  it('reads back strings full of YAML syntax, spaces and line breaks', () => {
    const tricky = fc.string({ unit: fc.constantFrom('a', ' ', '\n', ':', '#', '-', '"', "'", '|', '>', '\t', '0', '.', '\\', '\r', '\u2028', '{', '[', '&', '*', '!', '%', '@', '?', ',') });
    fc.assert(
      fc.property(fc.dictionary(tricky, fc.oneof(tricky, fc.array(tricky))), (value) => {
        expect(parse(jsonToYaml(value))).toEqual(value);
      }),
      { numRuns: 600 },
    );
  });
});

describe('storedValueYaml', () => {
  it('renders the JSON etcd stores as YAML, and any other text as it is', () => {
    expect(storedValueYaml('{"kind":"Pod","metadata":{"name":"web"}}')).toBe('kind: Pod\nmetadata:\n  name: web\n');
    expect(storedValueYaml('not json {')).toBe('not json {');
  });
});
