import { describe, expect, it } from 'vitest';
import { computePodQOS, podQOSClass } from './qos';
import type { Pod } from './types';

const pod = (containers: unknown[], initContainers?: unknown[]) => ({ metadata: { name: 'p' }, spec: { containers, ...(initContainers ? { initContainers } : {}) } }) as unknown as Pod;
const both = { cpu: '500m', memory: '128Mi' };

describe('computePodQOS', () => {
  it('is BestEffort without any cpu or memory request or limit', () => {
    expect(computePodQOS(pod([{ name: 'a' }, { name: 'b', resources: { requests: { 'nvidia.com/gpu': '1' } } }]))).toBe('BestEffort');
    expect(computePodQOS(pod([]))).toBe('BestEffort');
    expect(computePodQOS({ metadata: { name: 'p' } } as unknown as Pod)).toBe('BestEffort');
  });

  it('is Guaranteed when every container limits cpu and memory and requests nothing else', () => {
    expect(computePodQOS(pod([{ resources: { limits: both } }, { resources: { limits: both, requests: both } }]))).toBe('Guaranteed');
    expect(computePodQOS(pod([{ resources: { limits: both } }], [{ resources: { limits: both, requests: { cpu: '500m' } } }]))).toBe('Guaranteed');
  });

  it('is Burstable otherwise', () => {
    expect(computePodQOS(pod([{ resources: { requests: both } }]))).toBe('Burstable');
    expect(computePodQOS(pod([{ resources: { limits: { cpu: '1' } } }]))).toBe('Burstable');
    expect(computePodQOS(pod([{ resources: { limits: both, requests: { cpu: '250m' } } }]))).toBe('Burstable');
    expect(computePodQOS(pod([{ resources: { limits: both } }], [{ resources: { requests: { memory: '1Mi' } } }]))).toBe('Burstable');
    expect(computePodQOS(pod([{ resources: { limits: both } }, { name: 'plain' }]))).toBe('Burstable');
  });

  it('counts only cpu and memory quantities above zero', () => {
    // Extended resources and ephemeral storage do not count, nor do zero requests and limits.
    expect(computePodQOS(pod([{ resources: { requests: { 'ephemeral-storage': '1Gi' }, limits: { 'ephemeral-storage': '2Gi' } } }]))).toBe('BestEffort');
    expect(computePodQOS(pod([{ resources: { requests: { cpu: '0', memory: '0Mi' } } }]))).toBe('BestEffort');
    expect(computePodQOS(pod([{ resources: { limits: { cpu: '0', memory: '0' } } }]))).toBe('BestEffort');
    // A zero cpu limit is no limit: not Guaranteed.
    expect(computePodQOS(pod([{ resources: { requests: { memory: '1Gi' }, limits: { cpu: '0', memory: '1Gi' } } }]))).toBe('Burstable');
  });

  it('compares quantities by value, not by how they are written', () => {
    expect(computePodQOS(pod([{ resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1000m', memory: '1024Mi' } } }]))).toBe('Guaranteed');
    expect(computePodQOS(pod([{ resources: { requests: { cpu: '0.5', memory: '1G' }, limits: { cpu: '500m', memory: '1e9' } } }]))).toBe('Guaranteed');
    expect(computePodQOS(pod([{ resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1001m', memory: '1Gi' } } }]))).toBe('Burstable');
  });

  it('sums requests and limits over all containers before comparing them, as ComputePodQOS does', () => {
    const a = { resources: { requests: { cpu: '100m', memory: '1Gi' }, limits: { cpu: '200m', memory: '1Gi' } } };
    const b = { resources: { requests: { cpu: '200m', memory: '1Gi' }, limits: { cpu: '100m', memory: '1Gi' } } };
    expect(computePodQOS(pod([a, b]))).toBe('Guaranteed');
    expect(computePodQOS(pod([a]))).toBe('Burstable');
  });
});

describe('podQOSClass', () => {
  it('reads the class the status records (it never changes after creation) and computes it only without one', () => {
    const requestsOnly = pod([{ resources: { requests: { cpu: '1' } } }]);
    expect(podQOSClass(requestsOnly)).toBe('Burstable');
    expect(podQOSClass({ ...requestsOnly, status: { qosClass: 'BestEffort' } })).toBe('BestEffort');
    expect(podQOSClass({ ...requestsOnly, status: { qosClass: '' } })).toBe('Burstable');
  });
});
