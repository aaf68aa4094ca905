import { describe, expect, it } from 'vitest';
import { findResource } from '../../api/resources';
import type { Pod } from '../../api/types';
import { SERVICE_ACCOUNT_MOUNT_PATH, ServiceAccount } from './service-account';
import type { AdmissionLookups } from './types';

const lookups: AdmissionLookups = { namespace: () => undefined, serviceAccount: () => ({ metadata: { name: 'default' } }), suffix: () => 'abcde' };
const TOKEN_MOUNT = { name: 'kube-api-access-abcde', readOnly: true, mountPath: SERVICE_ACCOUNT_MOUNT_PATH };

/** admitted runs the plugin on a pod with this spec and returns the spec it leaves. */
function admitted(spec: unknown): Record<string, unknown> {
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec } as unknown as Pod;
  ServiceAccount.admit!({ operation: 'CREATE', resource: findResource('pods')!, subresource: '', namespace: 'default', name: 'web', object: pod, user: { name: 'alice', groups: [] } }, lookups);
  return pod.spec as unknown as Record<string, unknown>;
}

describe('ServiceAccount admission', () => {
  it('adds the token volume after the pod\'s own, and its mount after each container\'s own, init containers included', () => {
    const spec = admitted({
      containers: [{ name: 'app', volumeMounts: [{ name: 'data', mountPath: '/data' }] }, { name: 'sidecar' }],
      initContainers: [{ name: 'init' }],
      volumes: [{ name: 'data', emptyDir: {} }],
    });
    expect(spec.serviceAccountName).toBe('default');
    expect((spec.volumes as { name: string }[]).map((v) => v.name)).toEqual(['data', 'kube-api-access-abcde']);
    expect(spec.containers).toEqual([
      { name: 'app', volumeMounts: [{ name: 'data', mountPath: '/data' }, TOKEN_MOUNT] },
      { name: 'sidecar', volumeMounts: [TOKEN_MOUNT] },
    ]);
    expect(spec.initContainers).toEqual([{ name: 'init', volumeMounts: [TOKEN_MOUNT] }]);
  });

  it('leaves a pod alone when any of its containers, init containers included, already mounts something at the token path', () => {
    const spec = admitted({ containers: [{ name: 'app' }], initContainers: [{ name: 'init', volumeMounts: [{ name: 'mine', mountPath: SERVICE_ACCOUNT_MOUNT_PATH }] }] });
    expect(spec.volumes).toBeUndefined();
    expect(spec.containers).toEqual([{ name: 'app' }]);
  });

  it('reads lists of another shape as it always did, before validation refuses them', () => {
    // A string is spread into its characters (none of them a container); a list that is neither fails.
    const spec = admitted({ containers: 'ab', volumes: 'v' });
    expect(spec.volumes).toEqual(['v', { name: 'kube-api-access-abcde', projected: expect.any(Object) }]);
    expect(() => admitted({ containers: [{ name: 'app' }], volumes: 5 })).toThrow(TypeError);
    expect(() => admitted({ containers: [{ name: 'app', volumeMounts: 'x' }] })).toThrow(TypeError);
    expect(() => admitted({ containers: [null] })).toThrow(TypeError);
    expect(() => admitted({ containers: [{ name: 'app' }], initContainers: [{ name: 'init' }, null] })).toThrow(TypeError);
    // Both lists are read before any mount is looked for: one that is no list fails even when the other mounts the token.
    expect(() => admitted({ containers: [{ name: 'app', volumeMounts: [{ name: 'mine', mountPath: SERVICE_ACCOUNT_MOUNT_PATH }] }], initContainers: 5 })).toThrow(TypeError);
    expect(admitted({ containers: [{ name: 'app', volumeMounts: [{ name: 'mine', mountPath: SERVICE_ACCOUNT_MOUNT_PATH }] }, null] }).volumes).toBeUndefined();
  });
});
