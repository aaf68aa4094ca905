import { describe, expect, it } from 'vitest';
import { earlierStepsLib } from './earlier-steps';

describe('earlierStepsLib', () => {
  it('turns kube imports into global vars so later steps see the same names', () => {
    const lib = earlierStepsLib([
      'import { createCluster, type Pod } from "kube";\nconst cluster = createCluster({ nodes: 2 });\n',
      "import { createCluster as make } from 'kube';\nimport * as kube from 'kube';\nexport const more = make();\n",
    ]);
    expect(lib).toContain('declare var __kube: typeof import("kube");');
    expect(lib).toContain('var createCluster = __kube.createCluster;');
    expect(lib).toContain('type Pod = import("kube").Pod;');
    expect(lib).toContain('const cluster = createCluster({ nodes: 2 });');
    expect(lib).toContain('var make = __kube.createCluster;');
    expect(lib).toContain('var kube = __kube;');
    expect(lib).toContain('\nconst more = make();');
    expect(lib).not.toMatch(/^\s*import\b/m);
  });

  it('keeps type-only imports as type aliases, not values', () => {
    const lib = earlierStepsLib(['import type { Pod } from "kube";\nlet p: Pod;\n']);
    expect(lib).toContain('type Pod = import("kube").Pod;');
    expect(lib).not.toContain('var Pod');
  });
});
