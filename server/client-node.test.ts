/**
 * The official JavaScript client (@kubernetes/client-node) against the local endpoint, started as
 * `npm run cluster` starts it: the admin kubeconfig it writes, real HTTPS, real time.
 */
import { ApiException, CoreV1Api, KubeConfig, PatchStrategy, setHeaderOptions, Watch, type V1Pod } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubeConfigFor, startTestServer, type TestServer } from './test-support';

let server: TestServer;
let admin: CoreV1Api;
let kubeconfig: KubeConfig;

beforeAll(async () => {
  server = await startTestServer();
  kubeconfig = new KubeConfig();
  kubeconfig.loadFromFile(server.kubeconfigPath);
  admin = kubeconfig.makeApiClient(CoreV1Api);
});
afterAll(() => server?.stop());

const pod = (name: string, image = 'nginx:1.27'): V1Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels: { app: name } },
  spec: { containers: [{ name: 'web', image }] },
});

async function codeOf(call: Promise<unknown>): Promise<{ code: number; body: { reason?: string; message?: string } }> {
  try {
    await call;
  } catch (error) {
    // client-node keeps the Status body, except for 401 where its generated code drops it.
    if (error instanceof ApiException) return { code: error.code, body: error.body === undefined ? {} : JSON.parse(String(error.body)) };
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('client-node against npm run cluster', () => {
  it('writes a kubeconfig that trusts the generated CA and authenticates as the admin', () => {
    expect(kubeconfig.getCurrentCluster()?.server).toBe(server.url);
    expect(kubeconfig.getCurrentCluster()?.skipTLSVerify).toBeFalsy();
    expect(kubeconfig.getCurrentUser()?.name).toBe('kubernetes-admin');
  });

  it('lists the Ready nodes', async () => {
    const nodes = await admin.listNode();
    expect(nodes.items.map((n) => n.metadata?.name)).toEqual(['node-1', 'node-2']);
    for (const node of nodes.items) expect(node.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
  });

  it('creates, gets, patches and deletes a pod, and watches it until Running', async () => {
    const seen: string[] = [];
    let resolveRunning!: (pod: V1Pod) => void;
    const running = new Promise<V1Pod>((resolve) => (resolveRunning = resolve));
    const watch = await new Watch(kubeconfig).watch(
      '/api/v1/namespaces/default/pods',
      { fieldSelector: 'metadata.name=web' },
      (type, object: V1Pod) => {
        seen.push(`${type} ${object.status?.phase ?? ''}`);
        if (object.status?.phase === 'Running') resolveRunning(object);
      },
      () => undefined,
    );
    try {
      const created = await admin.createNamespacedPod({ namespace: 'default', body: pod('web') });
      expect(created.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
      expect(created.spec?.containers[0].imagePullPolicy).toBe('IfNotPresent'); // defaulted by the server
      const fetched = await admin.readNamespacedPod({ name: 'web', namespace: 'default' });
      expect(fetched.metadata?.uid).toBe(created.metadata?.uid);

      const runningPod = await running;
      expect(runningPod.spec?.nodeName).toMatch(/^node-[12]$/);
      expect(seen[0]).toBe('ADDED Pending');
      expect(seen.at(-1)).toBe('MODIFIED Running');
      // The virtual clock follows the wall clock: timestamps are real.
      expect(Math.abs(Date.parse(runningPod.metadata!.creationTimestamp as unknown as string) - Date.now())).toBeLessThan(60_000);
    } finally {
      watch.abort();
    }

    const patched = await admin.patchNamespacedPod(
      { name: 'web', namespace: 'default', body: { metadata: { labels: { tier: 'front' } } } },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
    );
    expect(patched.metadata?.labels).toEqual({ app: 'web', tier: 'front' });
    const merged = await admin.patchNamespacedPod(
      { name: 'web', namespace: 'default', body: { metadata: { labels: { app: null } } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    expect(merged.metadata?.labels).toEqual({ tier: 'front' });

    await admin.deleteNamespacedPod({ name: 'web', namespace: 'default', gracePeriodSeconds: 0 });
    const gone = await codeOf(admin.readNamespacedPod({ name: 'web', namespace: 'default' }));
    expect(gone.code).toBe(404);
    expect(gone.body.message).toBe('pods "web" not found');
  });

  it('answers a stale update with 409 Conflict', async () => {
    const created = await admin.createNamespacedPod({ namespace: 'default', body: pod('stale') });
    await admin.patchNamespacedPod({ name: 'stale', namespace: 'default', body: { metadata: { labels: { v: '2' } } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    const result = await codeOf(admin.replaceNamespacedPod({ name: 'stale', namespace: 'default', body: { ...created, metadata: { ...created.metadata, labels: { v: '3' } } } }));
    expect(result.code).toBe(409);
    expect(result.body.reason).toBe('Conflict');
    expect(result.body.message).toBe('Operation cannot be fulfilled on pods "stale": the object has been modified; please apply your changes to the latest version and try again');
  });

  it('answers 403 to a user without RBAC permissions and 401 to a bad token', async () => {
    const jane = (await kubeConfigFor(server, { name: 'jane', groups: ['developers'] })).makeApiClient(CoreV1Api);
    const denied = await codeOf(jane.listNamespacedPod({ namespace: 'default' }));
    expect(denied.code).toBe(403);
    expect(denied.body.message).toBe('pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "default"');

    const stranger = (await kubeConfigFor(server, { token: 'not-a-real-token' })).makeApiClient(CoreV1Api);
    const rejected = await codeOf(stranger.listNode());
    expect(rejected.code).toBe(401);
  });

  it('answers an invalid pod with 422 and the field that is wrong', async () => {
    const result = await codeOf(admin.createNamespacedPod({ namespace: 'default', body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'broken' }, spec: { containers: [] } } }));
    expect(result.code).toBe(422);
    expect(result.body.message).toBe('Pod "broken" is invalid: spec.containers: Required value');
  });

  it('creates and updates through server-side apply', async () => {
    const apply = (image: string) =>
      admin.patchNamespacedPod(
        { name: 'applied', namespace: 'default', fieldManager: 'test', body: pod('applied', image) },
        setHeaderOptions('Content-Type', PatchStrategy.ServerSideApply),
      );
    expect((await apply('nginx:1.27')).spec?.containers[0].image).toBe('nginx:1.27');
    const updated = await apply('nginx:1.28');
    expect(updated.spec?.containers.map((c) => `${c.name}=${c.image}`)).toEqual(['web=nginx:1.28']);
  });
});
