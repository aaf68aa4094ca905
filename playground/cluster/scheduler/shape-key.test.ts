import { describe, expect, it } from 'vitest';
import type { Pod } from '../api/types';
import { shapeKey } from './equivalence-cache';
import { computePodInfo } from './pod-info';
import { makePod } from './testing';

describe('shapeKey', () => {
  const key = (pod: Pod) => shapeKey(pod, computePodInfo(pod));

  it('tells shapes apart by everything the built-in plugins read, whether or not a pod asks only for resources', () => {
    const plain = makePod('a', { cpu: '100m', memory: '128Mi' });
    expect(key(makePod('b', { cpu: '100m', memory: '128Mi' }))).toBe(key(plain));
    expect(key(makePod('c', { cpu: '200m', memory: '128Mi' }))).not.toBe(key(plain));
    // Best effort: the scoring defaults stand in, but requests of 0 differ from them.
    expect(key(makePod('d'))).not.toBe(key(makePod('e', { cpu: '100m', memory: '200Mi' })));
    const variants = [
      makePod('f', { cpu: '100m', memory: '128Mi', tolerations: [] }),
      makePod('g', { cpu: '100m', memory: '128Mi', tolerations: [{ key: 'dedicated', operator: 'Exists' }] }),
      makePod('h', { cpu: '100m', memory: '128Mi', nodeSelector: {} }),
      makePod('i', { cpu: '100m', memory: '128Mi', nodeName: 'node-1' }),
      makePod('j', { cpu: '100m', memory: '128Mi', hostPort: 8080 }),
    ];
    const keys = [key(plain), ...variants.map(key)];
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.every((k) => typeof k === 'string')).toBe(true);
  });

  it('gives no key to a pod whose numbers JSON could not tell apart', () => {
    const pod = makePod('a', { cpu: '100m' });
    for (const milliCpu of [NaN, Infinity, -Infinity]) {
      const info = { ...computePodInfo(pod), requests: { milliCpu, memory: 0 } };
      expect(shapeKey(pod, info)).toBeUndefined();
      expect(shapeKey({ ...pod, spec: { ...pod.spec, tolerations: [] } }, info)).toBeUndefined();
    }
  });
});
