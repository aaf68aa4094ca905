import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ResourceRef } from './client';
import { createPath, resourcePath } from './paths';
import { findResource, RESOURCES } from './resources';

/** The path as the REST API spells it, built from scratch every time (the oracle for the kept parts). */
function expectedPath(ref: ResourceRef, name: string | undefined): string {
  const info = findResource(ref.resource)!;
  let path = info.group ? `/apis/${info.group}/${info.version}` : `/api/${info.version}`;
  if (info.namespaced && ref.namespace) path += `/namespaces/${encodeURIComponent(ref.namespace)}`;
  path += `/${info.resource}`;
  if (name !== undefined) path += `/${encodeURIComponent(name)}`;
  if (ref.subresource) path += `/${ref.subresource}`;
  return path;
}

describe('resourcePath and createPath', () => {
  it("spell every resource's paths as the API does, whatever namespaces come one after another", () => {
    const ref = fc.record(
      {
        resource: fc.constantFrom(...RESOURCES.map((info) => info.resource)),
        namespace: fc.constantFrom('default', 'kube-system', '', 'team a/b', 'ümlaut'),
        name: fc.oneof(fc.constantFrom('web', 'a b', 'x/y', '%'), fc.string({ maxLength: 4 })),
        subresource: fc.constantFrom('status', 'binding'),
      },
      { requiredKeys: ['resource'] },
    );
    fc.assert(
      fc.property(fc.array(ref, { minLength: 1, maxLength: 8 }), (refs) => {
        for (const each of refs as ResourceRef[]) {
          expect(resourcePath(each)).toBe(expectedPath(each, each.name));
          expect(createPath(each)).toBe(expectedPath(each, each.subresource ? each.name : undefined));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a resource that is not in the table, every time it is asked', () => {
    expect(() => resourcePath({ resource: 'widgets', namespace: 'default' })).toThrow('unknown resource "widgets": not in the resource table');
    expect(() => createPath({ resource: 'widgets' })).toThrow('unknown resource "widgets"');
  });
});
