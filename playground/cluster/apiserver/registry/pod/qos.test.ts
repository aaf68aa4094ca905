import { describe, expect, it } from 'vitest';
import type { Pod } from '../../../api/types';
import { podQOSClass } from './qos';

const pod = (containers: unknown[], initContainers?: unknown[]) => ({ metadata: { name: 'p' }, spec: { containers, ...(initContainers ? { initContainers } : {}) } }) as unknown as Pod;
const both = { cpu: '500m', memory: '128Mi' };

describe('podQOSClass', () => {
  it('is BestEffort without any cpu or memory request or limit', () => {
    expect(podQOSClass(pod([{ name: 'a' }, { name: 'b', resources: { requests: { 'nvidia.com/gpu': '1' } } }]))).toBe('BestEffort');
    expect(podQOSClass(pod([]))).toBe('BestEffort');
    expect(podQOSClass({ metadata: { name: 'p' } } as unknown as Pod)).toBe('BestEffort');
  });

  it('is Guaranteed when every container limits cpu and memory and requests nothing else', () => {
    expect(podQOSClass(pod([{ resources: { limits: both } }, { resources: { limits: both, requests: both } }]))).toBe('Guaranteed');
    expect(podQOSClass(pod([{ resources: { limits: both } }], [{ resources: { limits: both, requests: { cpu: '500m' } } }]))).toBe('Guaranteed');
  });

  it('is Burstable otherwise', () => {
    expect(podQOSClass(pod([{ resources: { requests: both } }]))).toBe('Burstable');
    expect(podQOSClass(pod([{ resources: { limits: { cpu: '1' } } }]))).toBe('Burstable');
    expect(podQOSClass(pod([{ resources: { limits: both, requests: { cpu: '250m' } } }]))).toBe('Burstable');
    expect(podQOSClass(pod([{ resources: { limits: both } }], [{ resources: { requests: { memory: '1Mi' } } }]))).toBe('Burstable');
    expect(podQOSClass(pod([{ resources: { limits: both } }, { name: 'plain' }]))).toBe('Burstable');
  });
});
