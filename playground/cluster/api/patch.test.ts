import { describe, expect, it } from 'vitest';
import { applyPatch, PatchError, patchTypeOf } from './patch';
import { strategicMergePatchShared } from './patch-merge';

const pod = {
  metadata: { name: 'web', labels: { app: 'web', tier: 'front' } },
  spec: { containers: [{ name: 'a', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }, { name: 'b', image: 'busybox' }] },
  status: { conditions: [{ type: 'PodScheduled', status: 'True' }, { type: 'Ready', status: 'False' }] },
};

describe('patches', () => {
  it('maps content types', () => {
    expect(patchTypeOf('application/strategic-merge-patch+json')).toBe('strategic');
    expect(patchTypeOf('application/merge-patch+json')).toBe('merge');
    expect(patchTypeOf('application/json-patch+json')).toBe('json');
    expect(patchTypeOf('application/json')).toBeUndefined();
  });

  it('merge patch replaces lists and deletes with null', () => {
    const result = applyPatch('merge', pod, { metadata: { labels: { tier: null, env: 'prod' } }, spec: { containers: [{ name: 'c', image: 'x' }] } }) as typeof pod;
    expect(result.metadata.labels).toEqual({ app: 'web', env: 'prod' });
    expect(result.spec.containers).toEqual([{ name: 'c', image: 'x' }]);
    expect(pod.metadata.labels.tier).toBe('front');
  });

  it('strategic merge patch merges lists by key and honours $patch: delete and $setElementOrder', () => {
    const result = applyPatch('strategic', pod, {
      spec: { '$setElementOrder/containers': [{ name: 'b' }, { name: 'a' }], containers: [{ name: 'a', image: 'nginx:1.28' }] },
      status: { conditions: [{ type: 'Ready', status: 'True' }, { type: 'PodScheduled', $patch: 'delete' }] },
    }) as typeof pod;
    expect(result.spec.containers).toEqual([{ name: 'b', image: 'busybox' }, { name: 'a', image: 'nginx:1.28', ports: [{ containerPort: 80 }] }]);
    expect(result.status.conditions).toEqual([{ type: 'Ready', status: 'True' }]);
  });

  it('strategic merge patch appends new keyed items and replaces unkeyed lists', () => {
    const result = applyPatch('strategic', pod, { spec: { containers: [{ name: 'c', image: 'redis' }] }, metadata: { finalizers: ['x'] } }) as typeof pod & { metadata: { finalizers: string[] } };
    expect(result.spec.containers.map((c) => c.name)).toEqual(['a', 'b', 'c']);
    expect(result.metadata.finalizers).toEqual(['x']);
    expect(() => applyPatch('strategic', pod, { spec: { containers: [{ image: 'no-name' }] } })).toThrow('does not contain declared merge key: name');
  });

  it('a strategically merged keyed list holds exactly its items, with no unfilled places', () => {
    // Matched, deleted and new items: the merged list is made as long as the original and the patch
    // together, and cut to what it holds.
    const patch = {
      status: {
        conditions: [
          { type: 'Ready', status: 'True' },
          { type: 'PodScheduled', $patch: 'delete' },
          { type: 'Initialized', status: 'True' },
        ],
      },
    };
    for (const owned of [false, true]) {
      const conditions = (applyPatch('strategic', structuredClone(pod), patch, { owned }) as typeof pod).status.conditions;
      expect(conditions).toStrictEqual([
        { type: 'Ready', status: 'True' },
        { type: 'Initialized', status: 'True' },
      ]);
      expect(conditions).toHaveLength(2);
      expect(Object.keys(conditions)).toEqual(['0', '1']);
    }
    // The server's merge into copies of a stored object, as for a wire body and not.
    for (const wireBody of [false, true]) {
      const conditions = (strategicMergePatchShared(pod, patch, wireBody) as typeof pod).status.conditions;
      expect(conditions).toStrictEqual([
        { type: 'Ready', status: 'True' },
        { type: 'Initialized', status: 'True' },
      ]);
      expect(Object.keys(conditions)).toEqual(['0', '1']);
    }
    expect(pod.status.conditions).toHaveLength(2);
  });

  it('JSON patch applies operations in order and fails atomically', () => {
    const result = applyPatch('json', pod, [
      { op: 'replace', path: '/spec/containers/0/image', value: 'nginx:1.29' },
      { op: 'add', path: '/metadata/labels/env', value: 'prod' },
      { op: 'remove', path: '/metadata/labels/tier' },
      { op: 'test', path: '/metadata/name', value: 'web' },
      { op: 'copy', from: '/metadata/name', path: '/metadata/labels/name' },
      { op: 'add', path: '/spec/containers/-', value: { name: 'c' } },
    ]) as typeof pod;
    expect(result.spec.containers[0].image).toBe('nginx:1.29');
    expect(result.metadata.labels).toEqual({ app: 'web', env: 'prod', name: 'web' });
    expect(result.spec.containers).toHaveLength(3);
    expect(() => applyPatch('json', pod, [{ op: 'test', path: '/metadata/name', value: 'other' }])).toThrow(new PatchError('testing value /metadata/name failed: test failed'));
    expect(() => applyPatch('json', pod, [{ op: 'remove', path: '/spec/missing/x' }])).toThrow('doc is missing path: "/spec/missing/x"');
    expect(() => applyPatch('json', pod, { op: 'add' })).toThrow(PatchError);
  });
});
