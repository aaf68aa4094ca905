import { describe, expect, it } from 'vitest';
import { NodeInfo } from '../node-info';
import { podInfoOf } from '../pod-info';
import { CONTROL_PLANE_TAINT, makeNode, makePod } from '../testing';
import type { CycleState } from '../types';
import { NodeAffinity } from './node-affinity';
import { NodeName } from './node-name';
import { NodePorts } from './node-ports';
import { NodeResourcesBalancedAllocation } from './node-resources-balanced-allocation';
import { NodeResourcesFit } from './node-resources-fit';
import { NodeUnschedulable } from './node-unschedulable';
import { TaintToleration } from './taint-toleration';
import type { Pod } from '../../api/types';

const stateOf = (pod: Pod): CycleState => ({ pod: podInfoOf(pod), values: new Map() });

describe('NodeUnschedulable', () => {
  it('rejects cordoned nodes unless the pod tolerates the unschedulable taint', () => {
    const cordoned = new NodeInfo(makeNode('n1', { unschedulable: true }));
    const pod = makePod('p');
    expect(NodeUnschedulable.filter(pod, cordoned)).toEqual({ code: 'UnschedulableAndUnresolvable', reasons: ['node(s) were unschedulable'] });
    const tolerant = makePod('t', { tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] });
    expect(NodeUnschedulable.filter(tolerant, cordoned).code).toBe('Success');
    expect(NodeUnschedulable.filter(pod, new NodeInfo(makeNode('n2'))).code).toBe('Success');
  });
});

describe('NodeName', () => {
  it('accepts only the named node', () => {
    const pod = makePod('p', { nodeName: 'n2' });
    expect(NodeName.filter(pod, new NodeInfo(makeNode('n1'))).reasons).toEqual(["node(s) didn't match the requested node name"]);
    expect(NodeName.filter(pod, new NodeInfo(makeNode('n2'))).code).toBe('Success');
    expect(NodeName.filter(makePod('free'), new NodeInfo(makeNode('n1'))).code).toBe('Success');
  });
});

describe('TaintToleration', () => {
  it('names the first untolerated NoSchedule taint, with an empty value shown as such', () => {
    const node = new NodeInfo(makeNode('cp', { taints: [CONTROL_PLANE_TAINT] }));
    expect(TaintToleration.filter(makePod('p'), node)).toEqual({
      code: 'UnschedulableAndUnresolvable',
      reasons: ['node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }'],
    });
    const gpu = new NodeInfo(makeNode('g', { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoExecute' }] }));
    expect(TaintToleration.filter(makePod('p'), gpu).reasons).toEqual(['node(s) had untolerated taint {dedicated: gpu}']);
  });

  it('lets tolerations through: Exists, Equal with value, and the match-all empty key', () => {
    const gpu = new NodeInfo(makeNode('g', { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] }));
    expect(TaintToleration.filter(makePod('a', { tolerations: [{ key: 'dedicated', operator: 'Exists' }] }), gpu).code).toBe('Success');
    expect(TaintToleration.filter(makePod('b', { tolerations: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] }), gpu).code).toBe('Success');
    expect(TaintToleration.filter(makePod('c', { tolerations: [{ key: 'dedicated', value: 'cpu' }] }), gpu).code).not.toBe('Success');
    expect(TaintToleration.filter(makePod('d', { tolerations: [{ operator: 'Exists' }] }), gpu).code).toBe('Success');
    expect(TaintToleration.filter(makePod('e', { tolerations: [{ key: 'dedicated', operator: 'Exists', effect: 'NoExecute' }] }), gpu).code).not.toBe('Success');
  });

  it('ignores PreferNoSchedule in the filter but scores it, reversed and normalized', () => {
    const soft = new NodeInfo(makeNode('s', { taints: [{ key: 'spot', effect: 'PreferNoSchedule' }] }));
    const clean = new NodeInfo(makeNode('c'));
    const pod = makePod('p');
    expect(TaintToleration.filter(pod, soft).code).toBe('Success');
    const scores = [TaintToleration.score(pod, soft), TaintToleration.score(pod, clean)];
    expect(scores).toEqual([1, 0]);
    TaintToleration.normalize(scores);
    expect(scores).toEqual([0, 100]);
  });
});

describe('NodeAffinity', () => {
  const ssd = new NodeInfo(makeNode('ssd', { labels: { disk: 'ssd', zone: 'a', cores: '16' } }));
  const hdd = new NodeInfo(makeNode('hdd', { labels: { disk: 'hdd', zone: 'b', cores: '4' } }));
  const reason = "node(s) didn't match Pod's node affinity/selector";

  it('matches nodeSelector labels exactly', () => {
    const pod = makePod('p', { nodeSelector: { disk: 'ssd' } });
    expect(NodeAffinity.filter(pod, ssd).code).toBe('Success');
    expect(NodeAffinity.filter(pod, hdd)).toEqual({ code: 'UnschedulableAndUnresolvable', reasons: [reason] });
  });

  it('ORs required terms and ANDs their expressions, with In/NotIn/Exists/Gt', () => {
    const pod = makePod('p');
    pod.spec.affinity = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            { matchExpressions: [{ key: 'zone', operator: 'In', values: ['b'] }, { key: 'disk', operator: 'NotIn', values: ['hdd'] }] },
            { matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['8'] }, { key: 'disk', operator: 'Exists' }] },
          ],
        },
      },
    };
    expect(NodeAffinity.filter(pod, ssd).code).toBe('Success');
    expect(NodeAffinity.filter(pod, hdd).reasons).toEqual([reason]);
  });

  it('scores preferred terms by weight, normalized to 100 for the best node', () => {
    const pod = makePod('p');
    pod.spec.affinity = {
      nodeAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 80, preference: { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] } },
          { weight: 20, preference: { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['hdd'] }] } },
        ],
      },
    };
    const scores = [NodeAffinity.score(pod, ssd), NodeAffinity.score(pod, hdd)];
    expect(scores).toEqual([80, 20]);
    NodeAffinity.normalize(scores);
    expect(scores).toEqual([100, 25]);
  });
});

describe('NodePorts', () => {
  it('rejects a node whose host port is taken by another pod, per protocol', () => {
    const node = new NodeInfo(makeNode('n'));
    node.addPod(podInfoOf(makePod('web', { hostPort: 8080 })));
    const again = makePod('again', { hostPort: 8080 });
    expect(NodePorts.filter(again, node, stateOf(again))).toEqual({
      code: 'Unschedulable',
      reasons: ["node(s) didn't have free ports for the requested pod ports"],
    });
    const other = makePod('other', { hostPort: 9090 });
    expect(NodePorts.filter(other, node, stateOf(other)).code).toBe('Success');
    const udp = makePod('udp');
    udp.spec.containers[0].ports = [{ containerPort: 53, hostPort: 8080, protocol: 'UDP' }];
    expect(NodePorts.filter(udp, node, stateOf(udp)).code).toBe('Success');
    node.removePod('uid-web');
    expect(NodePorts.filter(again, node, stateOf(again)).code).toBe('Success');
  });
});

describe('NodeResourcesFit', () => {
  it('subtracts what pods on the node request, in millicores and bytes', () => {
    const node = new NodeInfo(makeNode('n', { cpu: '2', memory: '1Gi' }));
    node.addPod(podInfoOf(makePod('a', { cpu: '1500m', memory: '512Mi' })));
    const fits = makePod('fits', { cpu: '0.5', memory: '512Mi' });
    expect(NodeResourcesFit.filter(fits, node, stateOf(fits)).code).toBe('Success');
    const big = makePod('big', { cpu: '501m', memory: '513Mi' });
    expect(NodeResourcesFit.filter(big, node, stateOf(big))).toEqual({ code: 'Unschedulable', reasons: ['Insufficient cpu', 'Insufficient memory'] });
    const decimalMemory = makePod('m', { memory: '600M' });
    expect(NodeResourcesFit.filter(decimalMemory, node, stateOf(decimalMemory)).reasons).toEqual(['Insufficient memory']);
  });

  it('counts pods against allocatable pods', () => {
    const node = new NodeInfo(makeNode('n', { pods: '1' }));
    node.addPod(podInfoOf(makePod('a')));
    const pod = makePod('b');
    expect(NodeResourcesFit.filter(pod, node, stateOf(pod)).reasons).toEqual(['Too many pods']);
  });

  it('scores the emptier node higher (LeastAllocated, with default requests for best-effort pods)', () => {
    const empty = new NodeInfo(makeNode('empty', { cpu: '4', memory: '8Gi' }));
    const busy = new NodeInfo(makeNode('busy', { cpu: '4', memory: '8Gi' }));
    busy.addPod(podInfoOf(makePod('x', { cpu: '2', memory: '4Gi' })));
    const pod = makePod('p', { cpu: '1', memory: '2Gi' });
    expect(NodeResourcesFit.score(pod, empty, stateOf(pod))).toBe(75);
    expect(NodeResourcesFit.score(pod, busy, stateOf(pod))).toBe(25);
    const bestEffort = makePod('be');
    // 100m of 4000m and 200Mi of 8Gi requested by default: (97 + 97) / 2.
    expect(NodeResourcesFit.score(bestEffort, empty, stateOf(bestEffort))).toBe(97);
  });
});

describe('NodeResourcesBalancedAllocation', () => {
  it('prefers the node where CPU and memory fractions stay close', () => {
    const node = new NodeInfo(makeNode('n', { cpu: '4', memory: '4Gi' }));
    const balanced = makePod('b', { cpu: '2', memory: '2Gi' });
    const skewed = makePod('s', { cpu: '4', memory: '1Gi' });
    expect(NodeResourcesBalancedAllocation.score(balanced, node, stateOf(balanced))).toBe(100);
    expect(NodeResourcesBalancedAllocation.score(skewed, node, stateOf(skewed))).toBe(62);
  });
});
