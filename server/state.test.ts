/** --state: the etcd keyspace survives a stop and a start of the local endpoint. */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { afterAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from './serve';

const dir = mkdtempSync(join(tmpdir(), 'kube-local-state-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function start(): Promise<{ server: LocalServer; core: CoreV1Api }> {
  const server = await startLocalServer({ port: 0, kubeconfigPath: join(dir, 'kubeconfig'), statePath: join(dir, 'state.json') });
  const kc = new KubeConfig();
  kc.loadFromFile(server.kubeconfigPath);
  return { server, core: kc.makeApiClient(CoreV1Api) };
}

describe('--state', () => {
  it('saves the keyspace on stop and serves the same objects after a restart', async () => {
    const first = await start();
    const created = await first.core.createNamespace({ body: { metadata: { name: 'kept', labels: { team: 'a' } } } });
    await first.server.close();
    expect(existsSync(join(dir, 'state.json'))).toBe(true);

    const second = await start();
    try {
      const restored = await second.core.readNamespace({ name: 'kept' });
      expect(restored.metadata?.uid).toBe(created.metadata?.uid);
      expect(restored.metadata?.labels).toEqual({ team: 'a', 'kubernetes.io/metadata.name': 'kept' });
      // The kubelets of the new process pick their nodes up again.
      const nodes = await second.core.listNode();
      expect(nodes.items.map((n) => n.status?.conditions?.find((c) => c.type === 'Ready')?.status)).toEqual(['True', 'True']);
      // New writes continue after the saved revision: resourceVersions only grow.
      const updated = await second.core.patchNamespace({ name: 'kept', body: [{ op: 'add', path: '/metadata/labels/b', value: 'x' }] });
      expect(Number(updated.metadata?.resourceVersion)).toBeGreaterThan(Number(created.metadata?.resourceVersion));
    } finally {
      await second.server.close();
    }
  });
});
