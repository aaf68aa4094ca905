import { describe, expect, it } from 'vitest';
import type { Pod, Status } from '../api/types';
import { call, expectOk, newTestApiServer, pod } from './test-support';

function failure(result: { ok: boolean; status?: Status }): Status {
  if (result.ok) throw new Error('expected a failure');
  return result.status!;
}

describe('defaulting and admission', () => {
  it('fills in the defaults kubectl get -o yaml shows', () => {
    const t = newTestApiServer();
    const manifest = pod('web', {
      spec: { containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 80 }], resources: { limits: { cpu: '500m', memory: '128Mi' } } }] },
    });
    const created = expectOk(call<Pod>(t.loop, (cb) => t.client().create({ resource: 'pods', namespace: 'default' }, manifest, cb)));
    const spec = created.spec;
    expect(spec).toMatchObject({
      restartPolicy: 'Always',
      dnsPolicy: 'ClusterFirst',
      schedulerName: 'default-scheduler',
      terminationGracePeriodSeconds: 30,
      enableServiceLinks: true,
      securityContext: {},
      serviceAccountName: 'default',
      priority: 0,
      preemptionPolicy: 'PreemptLowerPriority',
    });
    const container = spec.containers[0];
    expect(container).toMatchObject({
      imagePullPolicy: 'Always',
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
      ports: [{ containerPort: 80, protocol: 'TCP' }],
      resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '500m', memory: '128Mi' } },
    });
    expect(created.status).toEqual({ phase: 'Pending', qosClass: 'Guaranteed' });
    expect(spec.tolerations).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
    const volume = spec.volumes?.[0];
    expect(volume?.name).toMatch(/^kube-api-access-[a-z0-9]{5}$/);
    expect(container.volumeMounts).toEqual([{ name: volume?.name, readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }]);
  });

  it('pulls tagged images IfNotPresent and computes Burstable', () => {
    const t = newTestApiServer();
    const manifest = pod('tagged', { spec: { containers: [{ name: 'a', image: 'registry.local:5000/app:1.2', resources: { requests: { cpu: '100m' } } }] } });
    const created = expectOk(call<Pod>(t.loop, (cb) => t.client().create({ resource: 'pods', namespace: 'default' }, manifest, cb)));
    expect(created.spec.containers[0].imagePullPolicy).toBe('IfNotPresent');
    expect(created.status?.qosClass).toBe('Burstable');
  });

  it('refuses pods in a missing namespace (404) and a terminating one (403)', () => {
    const t = newTestApiServer();
    const kubectl = t.client();
    const missing = call(t.loop, (cb) => kubectl.create({ resource: 'pods', namespace: 'nope' }, pod('x'), cb));
    expect(failure(missing)).toEqual({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'namespaces "nope" not found', reason: 'NotFound', details: { name: 'nope', kind: 'namespaces' }, code: 404,
    });
    expectOk(call(t.loop, (cb) => kubectl.create({ resource: 'namespaces' }, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } }, cb)));
    expectOk(call(t.loop, (cb) => kubectl.create({ resource: 'pods', namespace: 'team' }, pod('bound', { spec: { nodeName: 'node-1', containers: [{ name: 'a', image: 'nginx' }] } }), cb)));
    const deleting = expectOk(call(t.loop, (cb) => kubectl.delete({ resource: 'namespaces', name: 'team' }, {}, cb)));
    expect((deleting as { status?: { phase?: string } }).status?.phase).toBe('Terminating');
    const refused = call(t.loop, (cb) => kubectl.create({ resource: 'pods', namespace: 'team' }, pod('late'), cb));
    const message = 'unable to create new content in namespace team because it is being terminated';
    expect(failure(refused)).toEqual({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `pods "late" is forbidden: ${message}`, reason: 'Forbidden',
      details: { name: 'late', kind: 'pods', causes: [{ reason: 'NamespaceTerminating', message, field: 'metadata.namespace' }] }, code: 403,
    });
  });

  it('removes a namespace once its bound pods are gone', () => {
    const t = newTestApiServer();
    const kubectl = t.client();
    expectOk(call(t.loop, (cb) => kubectl.create({ resource: 'namespaces' }, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } }, cb)));
    expectOk(call(t.loop, (cb) => kubectl.create({ resource: 'pods', namespace: 'team' }, pod('bound', { spec: { nodeName: 'node-1', containers: [{ name: 'a', image: 'nginx' }] } }), cb)));
    expectOk(call(t.loop, (cb) => kubectl.delete({ resource: 'namespaces', name: 'team' }, {}, cb)));
    t.loop.advanceTo(t.loop.now() + 5_000);
    const stillThere = expectOk(call<Pod>(t.loop, (cb) => kubectl.get({ resource: 'pods', namespace: 'team', name: 'bound' }, cb)));
    expect(stillThere.metadata.deletionTimestamp).toBeDefined();
    expect(call(t.loop, (cb) => kubectl.get({ resource: 'namespaces', name: 'team' }, cb)).code).toBe(200);
    // The kubelet's final delete:
    expectOk(call(t.loop, (cb) => kubectl.delete({ resource: 'pods', namespace: 'team', name: 'bound' }, { gracePeriodSeconds: 0 }, cb)));
    t.loop.runUntilQuiet();
    expect(call(t.loop, (cb) => kubectl.get({ resource: 'namespaces', name: 'team' }, cb)).code).toBe(404);
    expect(call(t.loop, (cb) => kubectl.get({ resource: 'serviceaccounts', namespace: 'team', name: 'default' }, cb)).code).toBe(404);
  });

  it('refuses deleting kube-system', () => {
    const t = newTestApiServer();
    const result = call(t.loop, (cb) => t.client().delete({ resource: 'namespaces', name: 'kube-system' }, {}, cb));
    expect(failure(result).message).toBe('namespaces "kube-system" is forbidden: this namespace may not be deleted');
  });

  it('taints new nodes not-ready and honours --disable-admission-plugins', () => {
    const t = newTestApiServer();
    const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1' }, spec: {} };
    const created = expectOk(call<{ spec: { taints?: unknown[] } }>(t.loop, (cb) => t.client().create({ resource: 'nodes' }, node, cb)));
    expect(created.spec.taints).toEqual([{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }]);
    const plain = newTestApiServer(['--disable-admission-plugins=TaintNodesByCondition,ServiceAccount']);
    expect(plain.server.admissionPlugins).toEqual(['NamespaceLifecycle', 'Priority', 'DefaultTolerationSeconds']);
    const untainted = expectOk(call<{ spec: { taints?: unknown[] } }>(plain.loop, (cb) => plain.client().create({ resource: 'nodes' }, node, cb)));
    expect(untainted.spec.taints).toBeUndefined();
    const noSa = expectOk(call<Pod>(plain.loop, (cb) => plain.client().create({ resource: 'pods', namespace: 'default' }, pod('p'), cb)));
    expect(noSa.spec.volumes).toBeUndefined();
  });

  it('refuses a pod whose service account does not exist', () => {
    const t = newTestApiServer();
    const result = call(t.loop, (cb) => t.client().create({ resource: 'pods', namespace: 'default' }, pod('p', { spec: { serviceAccountName: 'robot', containers: [{ name: 'a', image: 'nginx' }] } }), cb));
    expect(failure(result).message).toBe('pods "p" is forbidden: error looking up service account default/robot: serviceaccount "robot" not found');
  });
});
