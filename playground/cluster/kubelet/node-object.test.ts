import { describe, expect, it } from 'vitest';
import type { NodeCondition } from '../api/types';
import { conditionsDrifted, nodeAllocatable, nodeStatus, type NodeConfig } from './node-object';

const config = (): NodeConfig => ({
  nodeName: 'node-7',
  cpu: '1500m',
  memory: '4Gi',
  pods: 110,
  podCIDR: '10.244.7.0/24',
  internalIP: '172.18.0.9',
  controlPlane: false,
  labels: {},
  taints: [],
});

describe('nodeStatus and nodeAllocatable', () => {
  it('report capacity, allocatable and the machine identity derived from the config', () => {
    const status = nodeStatus(config(), '2026-01-01T00:00:00Z');
    expect(status.capacity).toMatchObject({ cpu: '1500m', memory: '4194304Ki', pods: '110' });
    expect(status.allocatable).toMatchObject({ cpu: '1500m', memory: '4091904Ki' });
    expect(status.nodeInfo!.systemUUID).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(nodeAllocatable(config())).toEqual({ milliCpu: 1500, memory: 4091904 * 1024, pods: 110 });
  });

  it('follow a config whose fields change, and hand out fresh objects every time', () => {
    const machine = config();
    const first = nodeStatus(machine, '2026-01-01T00:00:00Z');
    first.capacity!.cpu = 'tampered';
    machine.cpu = '4';
    machine.memory = '8Gi';
    const second = nodeStatus(machine, '2026-01-01T00:00:10Z');
    expect(second.capacity).toMatchObject({ cpu: '4', memory: '8388608Ki' });
    expect(nodeAllocatable(machine)).toMatchObject({ milliCpu: 4000, pods: 110 });
    machine.pods = 20;
    expect(nodeAllocatable(machine)).toEqual({ milliCpu: 4000, memory: 8286208 * 1024, pods: 20 });
    expect(nodeStatus(config(), '2026-01-01T00:00:00Z').nodeInfo).toEqual(first.nodeInfo);
  });
});

describe('conditionsDrifted', () => {
  const healthy = (): NodeCondition[] => nodeStatus(config(), '2026-01-01T00:00:00Z').conditions!;

  it('is false for the conditions the kubelet writes, whatever their times and messages', () => {
    expect(conditionsDrifted(healthy())).toBe(false);
    const later = healthy().map((c) => ({ ...c, lastHeartbeatTime: '2026-01-01T00:05:00Z', message: 'said otherwise' }));
    // The order the API lists them in does not matter either.
    expect(conditionsDrifted(later.reverse())).toBe(false);
  });

  it('is true when a condition is missing or shows another status or reason (the node controller marked it Unknown)', () => {
    expect(conditionsDrifted([])).toBe(true);
    expect(conditionsDrifted(healthy().filter((c) => c.type !== 'PIDPressure'))).toBe(true);
    const unknown = healthy().map((c) => (c.type === 'Ready' ? { ...c, status: 'Unknown' as const, reason: 'NodeStatusUnknown' } : c));
    expect(conditionsDrifted(unknown)).toBe(true);
    const otherReason = healthy().map((c) => (c.type === 'MemoryPressure' ? { ...c, reason: 'KubeletHasInsufficientMemory' } : c));
    expect(conditionsDrifted(otherReason)).toBe(true);
    const otherStatus = healthy().map((c) => (c.type === 'DiskPressure' ? { ...c, status: 'True' as const } : c));
    expect(conditionsDrifted(otherStatus)).toBe(true);
  });
});
