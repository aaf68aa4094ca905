import { describe, expect, it } from 'vitest';
import { buildKubeBundle } from './bundle';

describe('buildKubeBundle', () => {
  it('builds the control plane with class fields set in constructors, keeping class names', async () => {
    const bundle = await buildKubeBundle({ minify: false });
    // The field helper would run once per field of every object made: dozens per pod in a big run.
    expect(bundle.kube).not.toMatch(/__publicField\(/);
    expect(bundle.kube).toMatch(/this\.name = "StatusError";/);
    expect(bundle.kube).toMatch(/__name\(_StatusError, "StatusError"\)/);
  });
});
