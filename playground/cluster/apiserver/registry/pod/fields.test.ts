import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../api/types';
import { podFields } from './strategy';

describe('podFields', () => {
  it('gives a stored pod its selectable fields, missing ones empty and hostNetwork as text', () => {
    const pod = { metadata: { name: 'web', namespace: 'default' }, spec: { nodeName: 'node-1', hostNetwork: true, schedulerName: 'default-scheduler' }, status: { phase: 'Running', nominatedNodeName: 'node-2' } } as unknown as KubeObject;
    expect(podFields(pod)).toEqual({
      'metadata.name': 'web',
      'metadata.namespace': 'default',
      'spec.nodeName': 'node-1',
      'spec.restartPolicy': '',
      'spec.schedulerName': 'default-scheduler',
      'spec.serviceAccountName': '',
      'spec.hostNetwork': 'true',
      'status.phase': 'Running',
      'status.podIP': '',
      'status.nominatedNodeName': 'node-2',
    });
  });

  it('gives a pod without a status (or spec) the same fields, in the same order, as empty values', () => {
    const withStatus = podFields({ metadata: { name: 'a' }, spec: {}, status: {} } as unknown as KubeObject);
    const withoutStatus = podFields({ metadata: { name: 'a' }, spec: {} } as unknown as KubeObject);
    const bare = podFields({} as KubeObject);
    expect(Object.entries(withoutStatus)).toEqual(Object.entries(withStatus));
    expect(Object.keys(bare)).toEqual(Object.keys(withStatus));
    expect(bare['spec.hostNetwork']).toBe('false');
    expect(bare['metadata.name']).toBe('');
  });

  it('reads a part planted as null or as no object (a string, a number) as empty', () => {
    const empty = podFields({ metadata: {}, spec: {}, status: {} } as unknown as KubeObject);
    for (const part of [null, 'text', 7, false]) {
      expect(podFields({ metadata: part, spec: part, status: part } as unknown as KubeObject)).toEqual(empty);
    }
    expect(podFields({ metadata: { name: 'a' }, spec: null, status: { phase: 'Pending', podIP: '10.0.0.9' } } as unknown as KubeObject)).toMatchObject({ 'metadata.name': 'a', 'spec.nodeName': '', 'status.phase': 'Pending', 'status.podIP': '10.0.0.9' });
  });
});
