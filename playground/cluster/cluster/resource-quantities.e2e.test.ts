/**
 * Resource quantities through the API: a typo such as `128mi` is refused when the body is decoded
 * (400, the decoder's words), a negative quantity by validation (422), and neither ever reaches the
 * scheduler or a kubelet, so the run goes on.
 */
import { describe, expect, it } from 'vitest';
import type { Pod } from '../api/types';
import { createCluster } from '../index';

const QUANTITY_FORMAT = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

function pod(name: string, requests: Record<string, string>): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'nginx:1.27', resources: { requests } }] } };
}

describe('resource quantities', () => {
  it('refuses a quantity that does not parse (400) and a negative one (422), and the cluster runs on', async () => {
    const cluster = createCluster({ nodes: 1 });
    const client = cluster.client();
    await expect(client.create({ resource: 'pods', namespace: 'default' }, pod('typo', { memory: '128mi' }))).rejects.toMatchObject({
      code: 400,
      reason: 'BadRequest',
      message: `Pod in version "v1" cannot be handled as a Pod: ${QUANTITY_FORMAT}`,
    });
    await expect(client.create({ resource: 'pods', namespace: 'default' }, pod('negative', { cpu: '-100m' }))).rejects.toMatchObject({
      code: 422,
      message: 'Pod "negative" is invalid: spec.containers[0].resources.requests[cpu]: Invalid value: "-100m": must be greater than or equal to 0',
    });
    await client.create({ resource: 'pods', namespace: 'default' }, pod('fine', { cpu: '100m', memory: '128Mi' }));
    // A patch that would leave a quantity undecodable is refused the same way.
    await expect(
      client.patch({ resource: 'pods', namespace: 'default', name: 'fine' }, { spec: { containers: [{ name: 'c', resources: { limits: { cpu: 'two' } } }] } }, 'strategic'),
    ).rejects.toMatchObject({ code: 400, reason: 'BadRequest' });
    await cluster.run();
    expect(await cluster.kubectl('get pods')).toMatch(/^NAME\s+READY\s+STATUS.*\nfine\s+1\/1\s+Running/);
  });

  it('shows kubectl apply the server error for a typo in a manifest', async () => {
    const cluster = createCluster({ nodes: 1 });
    const manifest = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n    resources:\n      requests:\n        memory: 128mi\n';
    expect(await cluster.kubectl('apply -f -', manifest)).toBe(`Error from server (BadRequest): error when creating "STDIN": Pod in version "v1" cannot be handled as a Pod: ${QUANTITY_FORMAT}\n`);
  });

  it('keeps the QoS class the API server gave a pod once its kubelet runs it, and shows that class in describe', async () => {
    const cluster = createCluster({ nodes: 1 });
    const client = cluster.client();
    // Only cpu and memory count for QoS: ephemeral storage alone leaves a pod BestEffort, and
    // `1` and `1000m` are the same quantity, so these limits make the second pod Guaranteed.
    await client.create({ resource: 'pods', namespace: 'default' }, pod('scratch', { 'ephemeral-storage': '1Gi' }));
    const exact = pod('exact', { cpu: '1', memory: '1Gi' });
    exact.spec.containers[0].resources!.limits = { cpu: '1000m', memory: '1024Mi' };
    await client.create({ resource: 'pods', namespace: 'default' }, exact);
    await cluster.run();
    const running = (await client.list<Pod>({ resource: 'pods', namespace: 'default' })).items;
    expect(running.map((p) => [p.metadata.name, p.status?.phase, p.status?.qosClass])).toEqual([
      ['exact', 'Running', 'Guaranteed'],
      ['scratch', 'Running', 'BestEffort'],
    ]);
    expect(await cluster.kubectl('describe pod scratch')).toMatch(/\nQoS Class:\s+BestEffort\n/);
  });
});
