import { describe, expect, it } from 'vitest';
import { compareGoYamlKeys, parseYamlDocuments, toYaml, YamlSyntaxError } from './yaml';
import { goJson } from './gojson';

const pod = {
  status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: '2026-01-01T00:00:05Z' }] },
  spec: { containers: [{ name: 'nginx', image: 'nginx:1.28', ports: [{ containerPort: 80, protocol: 'TCP' }], resources: {} }] },
  metadata: {
    name: 'nginx',
    namespace: 'default',
    resourceVersion: '12',
    labels: { run: 'nginx' },
    annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"apiVersion":"v1"}\n' },
    creationTimestamp: '2026-01-01T00:00:00Z',
  },
  kind: 'Pod',
  apiVersion: 'v1',
};

describe('toYaml', () => {
  it('prints a pod like kubectl -o yaml', () => {
    expect(toYaml(pod)).toBe(`apiVersion: v1
kind: Pod
metadata:
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: |
      {"apiVersion":"v1"}
  creationTimestamp: "2026-01-01T00:00:00Z"
  labels:
    run: nginx
  name: nginx
  namespace: default
  resourceVersion: "12"
spec:
  containers:
  - image: nginx:1.28
    name: nginx
    ports:
    - containerPort: 80
      protocol: TCP
    resources: {}
status:
  conditions:
  - lastProbeTime: null
    lastTransitionTime: "2026-01-01T00:00:05Z"
    status: "True"
    type: Ready
  phase: Running
`);
  });

  it('quotes strings that would read back as other types, and unsafe ones with single quotes', () => {
    expect(toYaml({ a: '', b: 'yes', c: '0x1F', d: '1.5', e: 'a: b', f: '*x', g: 'plain text', h: '10.244.0.2' })).toBe(
      `a: ""\nb: "yes"\nc: "0x1F"\nd: "1.5"\ne: 'a: b'\nf: '*x'\ng: plain text\nh: 10.244.0.2\n`,
    );
  });

  it('never folds long lines', () => {
    const message = 'word '.repeat(40).trim();
    expect(toYaml({ message })).toBe(`message: ${message}\n`);
  });

  it('sorts keys in go-yaml order: non-letters first, digits numerically', () => {
    const keys = ['b', 'a10', 'a9', 'B', '_x', 'a'];
    expect([...keys].sort(compareGoYamlKeys)).toEqual(['_x', 'B', 'a', 'a9', 'a10', 'b']);
  });
});

describe('parseYamlDocuments', () => {
  it('reads every non-empty document and round-trips what toYaml prints', () => {
    const text = `---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n---\n# only a comment\n---\n${toYaml(pod)}`;
    const docs = parseYamlDocuments(text);
    expect(docs).toHaveLength(2);
    expect(docs[0]).toEqual({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a' } });
    expect(docs[1]).toEqual(pod);
  });

  it('reports the line and column of a syntax error', () => {
    const bad = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n labels: {}\n';
    let caught: unknown;
    try {
      parseYamlDocuments(bad);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(YamlSyntaxError);
    expect((caught as YamlSyntaxError).line).toBe(5);
    expect((caught as Error).message).toMatch(/^error converting YAML to JSON: yaml: line 5, column \d+: /);
  });

  it('rejects duplicate keys', () => {
    expect(() => parseYamlDocuments('a: 1\na: 2\n')).toThrow(/line 2, column 1: Map keys must be unique/);
  });
});

describe('goJson', () => {
  it('sorts keys and escapes HTML characters like Go', () => {
    expect(goJson({ b: 1, a: '<none> & more', c: [], d: {} })).toBe('{"a":"\\u003cnone\\u003e \\u0026 more","b":1,"c":[],"d":{}}');
    expect(goJson({ kind: 'List', items: [{ a: 1 }] }, '    ')).toBe('{\n    "items": [\n        {\n            "a": 1\n        }\n    ],\n    "kind": "List"\n}');
  });
});
