import { describe, expect, it } from 'vitest';
import { computePodInfo, podInfoOf } from './pod-info';
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

  it('gives a best-effort pod no requests but the scoring defaults', () => {
    const info = computePodInfo(makePod('be'));
    expect(info.requests).toEqual({ milliCpu: 0, memory: 0 });
    expect(info.nonZeroRequests).toEqual({ milliCpu: 100, memory: 200 * 2 ** 20 });
  });

  it('caches per pod object in podInfoOf, not in computePodInfo', () => {
    const pod = makePod('p', { cpu: '1' });
    expect(podInfoOf(pod)).toBe(podInfoOf(pod));
    expect(computePodInfo(pod)).not.toBe(computePodInfo(pod));
    expect(computePodInfo(pod)).toEqual(podInfoOf(pod));
  });
});
