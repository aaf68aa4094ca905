import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Container } from '../api/types';
import { computePodInfo, podRequests } from './pod-info';
import { makePod } from './testing';

describe('podRequests', () => {
  it('sums app containers and takes at least the largest init container, without scoring defaults', () => {
    const pod = makePod('p', { cpu: '200m', memory: '100Mi' });
    pod.spec.containers.push({ name: 'sidecar', image: 'busybox:1.36', resources: { requests: { cpu: '50m' } } });
    pod.spec.initContainers = [
      { name: 'migrate', image: 'busybox:1.36', resources: { requests: { memory: '1Gi' } } },
      { name: 'warm', image: 'busybox:1.36', resources: { requests: { cpu: '300m' } } },
    ];
    // CPU: the 300m init container beats 200m + 50m; memory: the 1Gi init container beats 100Mi.
    expect(podRequests(pod)).toEqual({ milliCpu: 300, memory: 2 ** 30 });
    // A best-effort pod asks for nothing (the 100m / 200Mi stand-ins are the scheduler's, for scoring).
    expect(podRequests(makePod('be'))).toEqual({ milliCpu: 0, memory: 0 });
  });

  it('gives a fresh record per call, equal to computePodInfo(pod).requests for any containers', () => {
    const container = (name: string, cpu: string | undefined, memory: string | undefined): Container => ({
      name,
      image: 'busybox:1.36',
      ...(cpu === undefined && memory === undefined ? {} : { resources: { requests: { ...(cpu === undefined ? {} : { cpu }), ...(memory === undefined ? {} : { memory }) } } }),
    });
    const containerArb = fc.tuple(fc.constantFrom(undefined, '100m', '1', '2500m'), fc.constantFrom(undefined, '64Mi', '1Gi', '1000'));
    fc.assert(
      fc.property(fc.array(containerArb, { minLength: 1, maxLength: 3 }), fc.option(fc.array(containerArb, { maxLength: 3 }), { nil: undefined }), (apps, inits) => {
        const pod = makePod('p');
        pod.spec.containers = apps.map(([cpu, memory], i) => container(`app-${i}`, cpu, memory));
        if (inits !== undefined) pod.spec.initContainers = inits.map(([cpu, memory], i) => container(`init-${i}`, cpu, memory));
        const requests = podRequests(pod);
        expect(requests).toEqual(computePodInfo(pod).requests);
        expect(podRequests(pod)).not.toBe(requests);
      }),
    );
  });
});
