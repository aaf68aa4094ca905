import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Container } from '../api/types';
import { computePodInfo, podInfoOf, refreshPodInfo } from './pod-info';
import { makePod } from './testing';

describe('PodInfo', () => {
  it('sums app containers, takes at least the largest init container, and defaults only for scoring', () => {
    const pod = makePod('p', { cpu: '200m', memory: '100Mi' });
    pod.spec.containers.push({ name: 'sidecar', image: 'busybox:1.36', resources: { requests: { cpu: '50m' } } });
    pod.spec.initContainers = [
      { name: 'migrate', image: 'busybox:1.36', resources: { requests: { memory: '1Gi' } }, ports: [{ containerPort: 9, hostPort: 9000, protocol: 'UDP' }] },
      { name: 'warm', image: 'busybox:1.36', resources: { requests: { cpu: '100m' } } },
    ];
    pod.spec.containers[0].ports = [{ containerPort: 80, hostPort: 8080 }];
    const info = computePodInfo(pod);
    // CPU: 200m + 50m beats the init containers' 100m; memory: the 1Gi init container beats 100Mi.
    expect(info.requests).toEqual({ milliCpu: 250, memory: 2 ** 30 });
    // For scoring, the sidecar's missing memory counts as 200Mi, and so does each init container's.
    expect(info.nonZeroRequests).toEqual({ milliCpu: 250, memory: 2 ** 30 });
    expect(info.hostPorts).toEqual(['UDP/9000', 'TCP/8080']);
    expect(info.key).toBe('default/p');
    expect(info.uid).toBe(pod.metadata.uid);
  });

  it('finds host ports listed by an init container alone, and none in ports without a host port', () => {
    const pod = makePod('p', { cpu: '200m' });
    pod.spec.initContainers = [{ name: 'migrate', image: 'busybox:1.36', ports: [{ containerPort: 9, hostPort: 9000 }] }];
    expect(computePodInfo(pod).hostPorts).toEqual(['TCP/9000']);
    pod.spec.initContainers = [];
    pod.spec.containers[0].ports = [{ containerPort: 80 }];
    expect(computePodInfo(pod).hostPorts).toEqual([]);
  });

  it('gives a best-effort pod no requests but the scoring defaults', () => {
    const info = computePodInfo(makePod('be'));
    expect(info.requests).toEqual({ milliCpu: 0, memory: 0 });
    expect(info.nonZeroRequests).toEqual({ milliCpu: 100, memory: 200 * 2 ** 20 });
  });

  it('keeps one requests record for both totals when every container asks for CPU and memory', () => {
    const both = computePodInfo(makePod('p', { cpu: '200m', memory: '100Mi' }));
    expect(both.nonZeroRequests).toBe(both.requests);
    expect(both.requests).toEqual({ milliCpu: 200, memory: 100 * 2 ** 20 });
    // A container without a memory request counts 200Mi for scoring only: two records again.
    const cpuOnly = computePodInfo(makePod('q', { cpu: '200m' }));
    expect(cpuOnly.requests).toEqual({ milliCpu: 200, memory: 0 });
    expect(cpuOnly.nonZeroRequests).toEqual({ milliCpu: 200, memory: 200 * 2 ** 20 });
  });

  it('caches per pod object in podInfoOf, not in computePodInfo', () => {
    const pod = makePod('p', { cpu: '1' });
    expect(podInfoOf(pod)).toBe(podInfoOf(pod));
    expect(computePodInfo(pod)).not.toBe(computePodInfo(pod));
    expect(computePodInfo(pod)).toEqual(podInfoOf(pod));
  });

  it('refreshes a PodInfo for a newer object of the pod exactly as computePodInfo makes one', () => {
    const container = (cpu: string | undefined, hostPort: number | undefined, protocol: 'UDP' | undefined): Container => ({
      name: 'app',
      image: 'nginx:1.27',
      ...(cpu ? { resources: { requests: { cpu, memory: '64Mi' } } } : {}),
      ...(hostPort ? { ports: [{ containerPort: 80, hostPort, ...(protocol ? { protocol } : {}) }] } : {}),
    });
    type ContainerSpec = [cpu: string | undefined, hostPort: number | undefined, protocol: 'UDP' | undefined];
    const containerArb: fc.Arbitrary<ContainerSpec> = fc.tuple(fc.constantFrom(undefined, '100m', '1'), fc.constantFrom(undefined, 8080, 9090), fc.constantFrom(undefined, 'UDP' as const));
    const specArb = fc.record({
      containers: fc.array(containerArb, { minLength: 1, maxLength: 2 }),
      initContainers: fc.option(fc.array(containerArb, { maxLength: 2 }), { nil: undefined }),
      priority: fc.option(fc.integer({ min: 0, max: 10 }), { nil: undefined }),
    });
    const podOf = (spec: { containers: ContainerSpec[]; initContainers?: ContainerSpec[]; priority?: number }) => {
      const pod = makePod('p');
      pod.spec.containers = spec.containers.map((c) => container(...c));
      if (spec.initContainers) pod.spec.initContainers = spec.initContainers.map((c) => container(...c));
      if (spec.priority !== undefined) pod.spec.priority = spec.priority;
      return pod;
    };
    // The newer object: the same spec, or one field of one container changed.
    const change = fc.constantFrom('none', 'cpu', 'hostPort', 'protocol', 'priority', 'container', 'initContainer');
    let shared = 0;
    fc.assert(
      fc.property(specArb, change, fc.nat(), (before, what, n) => {
        const old = computePodInfo(podOf(before));
        const after = { ...before, containers: before.containers.map((c) => [...c] as ContainerSpec), initContainers: before.initContainers?.map((c) => [...c] as ContainerSpec) };
        const target = after.containers[n % after.containers.length];
        if (what === 'cpu') target[0] = target[0] === '1' ? '100m' : '1';
        if (what === 'hostPort') target[1] = target[1] === 8080 ? 9090 : 8080;
        if (what === 'protocol') target[2] = target[2] === 'UDP' ? undefined : 'UDP';
        if (what === 'priority') after.priority = (before.priority ?? 0) + 1;
        if (what === 'container') after.containers.push(['100m', undefined, undefined]);
        if (what === 'initContainer') after.initContainers = [...(after.initContainers ?? []), ['1', 7070, undefined]];
        const pod = podOf(after);
        const refreshed = refreshPodInfo(old, pod);
        expect(refreshed).toEqual(computePodInfo(pod));
        expect(refreshed.pod).toBe(pod);
        if (refreshed.requests === old.requests) shared++;
      }),
      { numRuns: 400 },
    );
    // The same requests and ports (every `same` case at least): the parsed values are shared.
    expect(shared).toBeGreaterThan(100);
  });

  it('refreshes from a newer object sharing the spec object (a status update) without new records', () => {
    const pod = makePod('p', { cpu: '250m', memory: '64Mi' });
    pod.spec.containers[0].ports = [{ containerPort: 80, hostPort: 8080 }];
    const old = computePodInfo(pod);
    const statusUpdate = { ...pod, status: { phase: 'Running' as const } };
    const refreshed = refreshPodInfo(old, statusUpdate);
    expect(refreshed).toEqual(computePodInfo(statusUpdate));
    expect(refreshed.pod).toBe(statusUpdate);
    expect(refreshed.requests).toBe(old.requests);
    expect(refreshed.nonZeroRequests).toBe(old.nonZeroRequests);
    expect(refreshed.hostPorts).toBe(old.hostPorts);
  });
});
