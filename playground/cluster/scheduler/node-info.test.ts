import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NodeUnschedulable } from './plugins/node-unschedulable';
import { TaintToleration } from './plugins/taint-toleration';
import { anyNodeCordoned, anyNodeSoftTainted, NodeInfo } from './node-info';
import { computePodInfo, podInfoOf, refreshPodInfo, type PodInfo } from './pod-info';
import { makeNode, makePod } from './testing';

describe('NodeInfo', () => {
  it('says whether its resource numbers are plain (allocatable above 0, non-zero requests at least 0) as pods come and go', () => {
    const node = new NodeInfo(makeNode('n'));
    expect(node.plainResources).toBe(true);
    const negative = podInfoOf(makePod('negative', { cpu: '-500m' }));
    node.addPod(negative);
    expect(node.plainResources).toBe(false);
    node.removePod(negative.uid);
    expect(node.plainResources).toBe(true);
    node.setNode(makeNode('n', { cpu: '0' }));
    expect(node.plainResources).toBe(false);
    // Finite, but so large that LeastAllocated's (allocatable − requested) × 100 is Infinity.
    node.setNode(makeNode('n', { memory: '1e307' }));
    expect(node.plainResources).toBe(false);
  });

  it('counts pods, requests and ports as pods come and go (a pod counted once)', () => {
    const node = new NodeInfo(makeNode('n'));
    const web = podInfoOf(makePod('web', { cpu: '250m', memory: '64Mi', hostPort: 80 }));
    const idle = podInfoOf(makePod('idle'));
    node.addPod(web);
    node.addPod(web);
    node.addPod(idle);
    expect(node.podCount).toBe(2);
    expect(node.requested).toEqual({ milliCpu: 250, memory: 64 * 2 ** 20 });
    // The idle pod counts with the scoring defaults: 100m and 200Mi.
    expect(node.nonZeroRequested).toEqual({ milliCpu: 350, memory: 264 * 2 ** 20 });
    expect([...node.usedPorts]).toEqual([['TCP/80', 1]]);
    expect([node.freeMilliCpu, node.freeMemory]).toEqual([3750, 8 * 2 ** 30 - 64 * 2 ** 20]);
    node.removePod(web.uid);
    node.removePod(web.uid);
    node.removePod('unknown');
    expect(node.podCount).toBe(1);
    expect(node.pods.size).toBe(1);
    expect(node.usedPorts.size).toBe(0);
    // The flat copies the resource plugins read follow the records.
    expect([node.requestedMilliCpu, node.requestedMemory, node.nonZeroMilliCpu, node.nonZeroMemory]).toEqual([0, 0, 100, 200 * 2 ** 20]);
    expect([node.allocatableMilliCpu, node.allocatableMemory, node.allocatablePods]).toEqual([4000, 8 * 2 ** 30, 110]);
    expect([node.freeMilliCpu, node.freeMemory]).toEqual([4000, 8 * 2 ** 30]);
  });

  it('rereads cordon and taints when the node changes, keeping its pods', () => {
    const node = new NodeInfo(makeNode('n'));
    node.addPod(podInfoOf(makePod('a')));
    expect(node.unschedulable).toBe(false);
    node.setNode(makeNode('n', { unschedulable: true, taints: [{ key: 'k', effect: 'NoExecute' }, { key: 's', effect: 'PreferNoSchedule' }] }));
    expect(node.unschedulable).toBe(true);
    expect(node.hardTaints.map((t) => t.key)).toEqual(['k']);
    expect(node.softTaints.map((t) => t.key)).toEqual(['s']);
    expect(node.podCount).toBe(1);
    node.setNode(makeNode('n', { cpu: '3', memory: '1Gi', pods: '7' }));
    expect(node.allocatable).toEqual({ milliCpu: 3000, memory: 2 ** 30, pods: 7 });
    expect([node.allocatableMilliCpu, node.allocatableMemory, node.allocatablePods]).toEqual([3000, 2 ** 30, 7]);
    expect(node.labels).toEqual({ 'kubernetes.io/hostname': 'n' });
  });

  it('keeps the process-wide hints that let NodeUnschedulable and TaintToleration skip the node walk', () => {
    const pod = makePod('p');
    const node = new NodeInfo(makeNode('plain'));
    // This test file makes no other cordoned or soft-tainted node before this point.
    expect([anyNodeCordoned(), anyNodeSoftTainted()]).toEqual([false, false]);
    expect(NodeUnschedulable.skip()).toBe(true);
    expect(TaintToleration.constantScore(pod, [node])).toBe(100);

    node.setNode(makeNode('plain', { unschedulable: true, taints: [{ key: 'spot', effect: 'PreferNoSchedule' }] }));
    expect([anyNodeCordoned(), anyNodeSoftTainted()]).toEqual([true, true]);
    expect(NodeUnschedulable.skip()).toBe(false);
    expect(TaintToleration.constantScore(pod, [node])).toBeUndefined();
    // Another node changing without the flags does not clear them.
    new NodeInfo(makeNode('other')).setNode(makeNode('other'));
    expect([anyNodeCordoned(), anyNodeSoftTainted()]).toEqual([true, true]);

    node.setNode(makeNode('plain'));
    expect([anyNodeCordoned(), anyNodeSoftTainted()]).toEqual([false, false]);
    expect(TaintToleration.constantScore(pod, [node])).toBe(100);
  });

  it('answers label lookups from the newest node object, own labels only', () => {
    const frozen = makeNode('n', { labels: { zone: 'a' } });
    Object.freeze(frozen.metadata.labels);
    const node = new NodeInfo(frozen);
    expect([node.label('zone'), node.label('zone'), node.label('constructor'), node.label('disk')]).toEqual(['a', 'a', undefined, undefined]);
    node.setNode(makeNode('n', { labels: { zone: 'b' } }));
    expect(node.label('zone')).toBe('b');
    // Labels that are not frozen may change in place, and are read afresh.
    node.node.metadata.labels!.zone = 'c';
    expect(node.label('zone')).toBe('c');
  });

  it('keeps its pods in the order remove-then-add would leave them, whatever replacePod swaps in place', () => {
    const op = fc.tuple(fc.constantFrom('add', 'remove', 'replace', 'resize'), fc.nat(4));
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const node = new NodeInfo(makeNode('n'));
        const model = new Map<string, PodInfo>();
        let version = 0;
        const info = (i: number, cpu = '100m') => computePodInfo({ ...makePod(`p${i}`, { cpu }), metadata: { name: `p${i}`, namespace: 'default', uid: `u${i}`, resourceVersion: String(++version) } });
        for (const [kind, i] of ops) {
          const uid = `u${i}`;
          if (kind === 'add' && !model.has(uid)) {
            const pod = info(i);
            node.addPod(pod);
            model.set(uid, pod);
          } else if (kind === 'remove') {
            node.removePod(uid);
            model.delete(uid);
          } else if (model.has(uid)) {
            // A newer object of the pod: the same requests (refreshed), or other ones.
            const pod = kind === 'replace' ? refreshPodInfo(model.get(uid)!, info(i).pod) : info(i, '300m');
            node.replacePod(pod);
            model.delete(uid);
            model.set(uid, pod);
          }
          expect([...node.pods]).toEqual([...model]);
          expect(node.requestedMilliCpu).toBe([...model.values()].reduce((sum, pod) => sum + pod.requests.milliCpu, 0));
        }
      }),
      { numRuns: 200 },
    );
  });
});
