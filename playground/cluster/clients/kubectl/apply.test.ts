import { describe, expect, it } from 'vitest';
import { LAST_APPLIED, withLastApplied } from './apply';
import { parseFlags } from './flags';
import { runPod, RUN_FLAGS } from './run';
import { threeWayMergePatch } from './three-way-patch';
import { toYaml } from '../yaml';

const config = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'nginx', labels: { app: 'web', tier: 'front' } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } };

describe('withLastApplied', () => {
  it('stores the configuration, with its namespace and empty annotations, as sorted compact JSON plus a newline', () => {
    const { modified, lastApplied } = withLastApplied(config, 'default');
    expect(lastApplied).toBe('{"apiVersion":"v1","kind":"Pod","metadata":{"annotations":{},"labels":{"app":"web","tier":"front"},"name":"nginx","namespace":"default"},"spec":{"containers":[{"image":"nginx","name":"nginx"}]}}\n');
    expect(modified.metadata?.annotations?.[LAST_APPLIED]).toBe(lastApplied);
  });
});

describe('threeWayMergePatch', () => {
  const original = JSON.parse(withLastApplied(config, 'default').lastApplied);
  const live = {
    ...withLastApplied(config, 'default').modified,
    metadata: { ...withLastApplied(config, 'default').modified.metadata, uid: 'u', resourceVersion: '5' },
    spec: { containers: [{ name: 'nginx', image: 'nginx', imagePullPolicy: 'Always' }], nodeName: 'node-1', restartPolicy: 'Always' },
    status: { phase: 'Running' },
  };

  it('is empty when the configuration did not change, whatever the server added', () => {
    expect(threeWayMergePatch(original, withLastApplied(config, 'default').modified, live)).toEqual({});
  });

  it('changes a container by merge key with $setElementOrder, as kubectl sends it', () => {
    const next = { ...config, spec: { containers: [{ name: 'nginx', image: 'nginx:1.28' }] } };
    const { modified, lastApplied } = withLastApplied(next, 'default');
    expect(threeWayMergePatch(original, modified, live)).toEqual({
      metadata: { annotations: { [LAST_APPLIED]: lastApplied } },
      spec: { '$setElementOrder/containers': [{ name: 'nginx' }], containers: [{ image: 'nginx:1.28', name: 'nginx' }] },
    });
  });

  it('deletes what the user removed since the last apply, and only that', () => {
    const next = { ...config, metadata: { name: 'nginx', labels: { app: 'web' } } };
    const { modified, lastApplied } = withLastApplied(next, 'default');
    expect(threeWayMergePatch(original, modified, live)).toEqual({ metadata: { annotations: { [LAST_APPLIED]: lastApplied }, labels: { tier: null } } });
    const withSidecar = { ...config, spec: { containers: [{ name: 'nginx', image: 'nginx' }, { name: 'log', image: 'busybox' }] } };
    const applied = withLastApplied(withSidecar, 'default');
    const liveWithSidecar = { ...live, spec: { ...live.spec, containers: [...live.spec.containers, { name: 'log', image: 'busybox' }] } };
    const back = withLastApplied(config, 'default');
    // The live annotation already holds `back` here, so only the container deletion remains.
    expect(threeWayMergePatch(JSON.parse(applied.lastApplied), back.modified, liveWithSidecar)).toEqual({ spec: { containers: [{ $patch: 'delete', name: 'log' }] } });
  });
});

describe('kubectl run --dry-run=client -o yaml', () => {
  it('prints the pod kubectl run generates', () => {
    const args = parseFlags(['nginx', '--image=nginx', '--restart=Never', '--port=80'], RUN_FLAGS, 'run');
    expect(toYaml(runPod('nginx', args, undefined))).toBe(`apiVersion: v1
kind: Pod
metadata:
  creationTimestamp: null
  labels:
    run: nginx
  name: nginx
spec:
  containers:
  - image: nginx
    name: nginx
    ports:
    - containerPort: 80
    resources: {}
  dnsPolicy: ClusterFirst
  restartPolicy: Never
status: {}
`);
    expect(() => runPod('x', parseFlags(['x'], RUN_FLAGS, 'run'), undefined)).toThrow('required flag(s) "image" not set');
  });
});
