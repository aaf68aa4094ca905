import { describe, expect, it } from 'vitest';
import { earlierStepsLib, topLevelNames } from './earlier-steps';

describe('earlierStepsLib', () => {
  it('turns kube imports into local vars and publishes the steps’ own names as globals', () => {
    const lib = earlierStepsLib([
      'import { createCluster, type Pod } from "kube";\nconst cluster = createCluster({ nodes: 2 });\n',
      "import { createCluster as make } from 'kube';\nimport * as kube from 'kube';\nexport const more = make();\n",
    ]);
    expect(lib).toContain('declare var __kube: typeof import("kube");');
    expect(lib).toContain('var createCluster = __kube.createCluster;');
    expect(lib).toContain('type Pod = import("kube").Pod;');
    expect(lib).toContain('var make = __kube.createCluster;');
    expect(lib).toContain('var kube = __kube;');
    expect(lib).toContain('\nconst more = make();');
    expect(lib).not.toMatch(/^\s*import\b/m);
    expect(lib).toContain('export { cluster, more };');
    expect(lib).toContain('  var cluster: typeof import("./earlier-steps").cluster;');
    expect(lib).not.toContain('var createCluster: typeof');
  });
});

describe('topLevelNames', () => {
  it('finds top-level bindings, functions and classes, not nested ones', () => {
    const source = [
      'const cluster = createCluster();',
      'let { pods, nodes: nodeList = [] } = state;',
      'const [first, ...rest] = list;',
      'async function waitFor() {',
      '  const inner = 1;',
      '}',
      'export class MyPlugin {}',
    ].join('\n');
    expect(topLevelNames(source)).toEqual(['cluster', 'pods', 'nodeList', 'first', 'rest', 'waitFor', 'MyPlugin']);
  });
});
