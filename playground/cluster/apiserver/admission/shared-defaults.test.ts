import { describe, expect, it } from 'vitest';
import { findResource } from '../../api/resources';
import type { Pod } from '../../api/types';
import { defaultPodSpec } from '../registry/pod/defaults';
import { DefaultTolerationSeconds } from './default-toleration-seconds';
import { ServiceAccount } from './service-account';
import type { AdmissionAttributes, AdmissionLookups } from './types';

const lookups: AdmissionLookups = { namespace: () => ({ metadata: { name: 'default' } }), serviceAccount: () => ({}), suffix: () => 'abcde' };
const admitted = (name: string): Pod => {
  const pod: Pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } };
  const a: AdmissionAttributes = { operation: 'CREATE', resource: findResource('pods')!, subresource: '', namespace: 'default', name, object: pod, user: { name: 'alice', groups: [] } };
  ServiceAccount.admit!(a, lookups);
  DefaultTolerationSeconds.admit!(a, lookups);
  defaultPodSpec(pod.spec);
  return pod;
};

describe('admission and defaulting share what every pod gets alike', () => {
  it('gives every pod the same frozen token projection, default tolerations and empty securityContext', () => {
    const [a, b] = [admitted('a'), admitted('b')];
    expect(a.spec.volumes![0].projected).toBe(b.spec.volumes![0].projected);
    expect(a.spec.tolerations![0]).toBe(b.spec.tolerations![0]);
    expect(a.spec.securityContext).toBe(b.spec.securityContext);
    // Shared, so nobody may change them: a write throws instead of changing every pod.
    expect(Object.isFrozen((a.spec.volumes![0].projected as { sources: { configMap?: { items: object[] } }[] }).sources[1].configMap!.items[0])).toBe(true);
    expect(() => ((a.spec.tolerations![1] as { tolerationSeconds: number }).tolerationSeconds = 1)).toThrow(TypeError);
    // The per-pod parts stay per pod.
    expect(a.spec.volumes).not.toBe(b.spec.volumes);
    // A pod with tolerations of its own keeps its list, with the shared defaults added.
    const own: Pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'c' }, spec: { containers: [], tolerations: [{ key: 'dedicated', operator: 'Exists' }] } };
    DefaultTolerationSeconds.admit!({ operation: 'CREATE', resource: findResource('pods')!, subresource: '', namespace: 'default', name: 'c', object: own, user: { name: 'alice', groups: [] } }, lookups);
    expect(own.spec.tolerations!.map((t) => t.key)).toEqual(['dedicated', 'node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']);
    expect(own.spec.tolerations![2]).toBe(a.spec.tolerations![1]);
    expect(JSON.parse(JSON.stringify(a.spec.volumes))).toEqual([
      {
        name: 'kube-api-access-abcde',
        projected: {
          defaultMode: 420,
          sources: [
            { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
            { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
            { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
          ],
        },
      },
    ]);
  });
});

describe('DefaultTolerationSeconds on a pod with tolerations of its own', () => {
  const admitOwn = (tolerations: NonNullable<Pod['spec']['tolerations']>): Pod => {
    const pod: Pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'own' }, spec: { containers: [], tolerations } };
    DefaultTolerationSeconds.admit!({ operation: 'CREATE', resource: findResource('pods')!, subresource: '', namespace: 'default', name: 'own', object: pod, user: { name: 'alice', groups: [] } }, lookups);
    return pod;
  };

  it('adds only the default whose key the list does not tolerate, after the list, leaving the sent list alone', () => {
    const sent = [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists' as const, effect: 'NoExecute' as const, tolerationSeconds: 60 }];
    const pod = admitOwn(sent);
    expect(pod.spec.tolerations!.map((t) => [t.key, t.tolerationSeconds])).toEqual([
      ['node.kubernetes.io/unreachable', 60],
      ['node.kubernetes.io/not-ready', 300],
    ]);
    expect(sent).toHaveLength(1);
    const notReadyOnly = admitOwn([{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' }]);
    expect(notReadyOnly.spec.tolerations!.map((t) => t.key)).toEqual(['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']);
  });

  it('adds nothing to a list that tolerates every NoExecute taint, and still keeps a copy of its own', () => {
    const sent = [{ operator: 'Exists' as const }];
    const pod = admitOwn(sent);
    expect(pod.spec.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(pod.spec.tolerations).not.toBe(sent);
  });
});
