import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ResourceRef } from './client';
import { createPath, resourcePath } from './paths';
import { RESOURCES } from './resources';
import * as before from './testdata/paths-at-63167df';

// The paths as built at 63167df (testdata) are the reference for the kept collection path per
// namespace: any run of refs, namespaces that repeat, change, need escaping or are not strings.

/** outcome is a path, or the error building it failed with. */
function outcome(build: () => string): string {
  try {
    return build();
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
}

const text = fc.oneof(fc.constantFrom('default', 'kube-system', 'a b', 'ä/ö?#%', '', '..', 'x&y=z', '\uD800'), fc.string({ maxLength: 4 }));
const ref = fc.record(
  {
    resource: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...RESOURCES.map((info) => info.resource)) }, { weight: 1, arbitrary: fc.constantFrom('widgets', 'Pods', 'po') }),
    namespace: fc.oneof({ weight: 5, arbitrary: text }, { weight: 1, arbitrary: fc.constantFrom<unknown>(undefined, 7, '7', null) }),
    name: fc.option(text, { nil: undefined }),
    subresource: fc.option(fc.constantFrom('status', 'binding'), { nil: undefined }),
  },
  { requiredKeys: ['resource'] },
);

describe('client paths against the paths at 63167df', () => {
  it('builds the same path, or fails the same way, for every ref in any order', () => {
    fc.assert(
      fc.property(fc.array(ref, { maxLength: 12 }), (refs) => {
        for (const generated of refs) {
          const r = generated as unknown as ResourceRef;
          expect(outcome(() => resourcePath(r))).toBe(outcome(() => before.resourcePath(r)));
          expect(outcome(() => createPath(r))).toBe(outcome(() => before.createPath(r)));
        }
      }),
      { numRuns: Number(process.env.PATH_SEEDS ?? 300) },
    );
  });
});
