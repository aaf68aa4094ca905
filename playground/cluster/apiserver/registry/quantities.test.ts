import { describe, expect, it } from 'vitest';
import type { KubeObject, Pod } from '../../api/types';
import { validatePod } from './pod/validation';
import { parseQuantity } from '../../api/quantity';
import { hasNegativeQuantity, nodeQuantityErrors, undecodableQuantity } from './quantities';

const pod = (requests: Record<string, unknown>, limits?: Record<string, unknown>): KubeObject =>
  ({ kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'a', image: 'nginx' }, { name: 'b', image: 'nginx', resources: { requests, ...(limits ? { limits } : {}) } }] } }) as unknown as KubeObject;

describe('quantities in decoded objects', () => {
  it('finds a quantity that does not parse anywhere a pod, a ReplicaSet template or a node carries one', () => {
    expect(undecodableQuantity(pod({ cpu: '100m', memory: 128 }), 'Pod')).toBe(false);
    expect(undecodableQuantity(pod({ cpu: '100mi' }), 'Pod')).toBe(true);
    expect(undecodableQuantity(pod({ cpu: '1' }, { memory: true }), 'Pod')).toBe(true);
    const rs = { kind: 'ReplicaSet', spec: { template: { spec: { initContainers: [{ name: 'i', resources: { limits: { cpu: 'lots' } } }] } } } } as unknown as KubeObject;
    expect(undecodableQuantity(rs, 'ReplicaSet')).toBe(true);
    const spec = (pod({ cpu: '1' }) as Pod).spec;
    expect(undecodableQuantity({ kind: 'Pod', spec: { ...spec, initContainers: [{ name: 'i', resources: { requests: { memory: '1x' } } }] } } as unknown as KubeObject, 'Pod')).toBe(true);
    expect(undecodableQuantity({ kind: 'Pod', spec: { ...spec, overhead: { cpu: '' } } } as unknown as KubeObject, 'Pod')).toBe(true);
    expect(undecodableQuantity({ kind: 'Pod', spec: { ...spec, initContainers: 'none', overhead: { cpu: '250m' } } } as unknown as KubeObject, 'Pod')).toBe(false);
    const node = { kind: 'Node', status: { capacity: { cpu: '4' }, allocatable: { memory: '1 Gi' } } } as unknown as KubeObject;
    expect(undecodableQuantity(node, 'Node')).toBe(true);
    // Kinds without quantities are not looked at.
    expect(undecodableQuantity({ kind: 'ConfigMap', spec: { containers: [{ resources: { requests: { cpu: 'x' } } }] } } as unknown as KubeObject, 'ConfigMap')).toBe(false);
  });

  it('reports negative quantities under the field paths and in the words of ValidateNonnegativeQuantity', () => {
    expect(validatePod(pod({ cpu: '-100m', memory: '1Gi' }, { memory: '-1' }) as Pod)).toEqual([
      { field: 'spec.containers[1].resources.limits[memory]', type: 'Invalid', value: '-1', detail: 'must be greater than or equal to 0' },
      { field: 'spec.containers[1].resources.requests[cpu]', type: 'Invalid', value: '-100m', detail: 'must be greater than or equal to 0' },
    ]);
    const node = { kind: 'Node', status: { capacity: { cpu: '4' }, allocatable: { cpu: '-1m' } } } as unknown as KubeObject;
    expect(nodeQuantityErrors(node)).toEqual([{ field: 'status.allocatable.cpu', type: 'Invalid', value: '-1m', detail: 'must be greater than or equal to 0' }]);
    expect(validatePod(pod({ cpu: '0' }) as Pod)).toEqual([]);
    const overhead = { ...pod({}), spec: { ...(pod({}) as Pod).spec, overhead: { memory: '-1Mi' } } } as Pod;
    expect(validatePod(overhead)).toEqual([{ field: 'spec.overhead[memory]', type: 'Invalid', value: '-1Mi', detail: 'must be greater than or equal to 0' }]);
  });

  it('finds a negative quantity exactly when one parses to a value below zero, whatever its first character', () => {
    const parsesNegative = (quantity: unknown) => {
      try {
        return parseQuantity(quantity as string) < 0;
      } catch {
        return false;
      }
    };
    // Digit-first strings (which hasNegativeQuantity does not parse), signs, blanks before a sign, and no strings at all.
    const quantities: unknown[] = ['0', '9', '9Gi', '1e-3', '1.5.2', '0x10', '9-', '-0', '-1', '-1e3', ' -1', '\t-2m', '+1', '+-1', '.5', '-.5', '', ':', '/', 'x', '-', -1, 0, 2, -Infinity, NaN, null, true];
    for (const quantity of quantities) {
      expect([quantity, hasNegativeQuantity({ cpu: quantity })]).toEqual([quantity, parsesNegative(quantity)]);
      expect([quantity, hasNegativeQuantity({ memory: '1Gi', cpu: quantity })]).toEqual([quantity, parsesNegative(quantity)]);
    }
  });
});
