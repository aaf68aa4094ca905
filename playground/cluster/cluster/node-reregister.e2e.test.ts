import { describe, expect, it } from 'vitest';
import type { Node } from '../api/types';
import { createCluster } from '../index';

describe('a kubelet that starts again', () => {
  it('registers its Node again when the Node was deleted while it was down, and the node turns Ready', async () => {
    const cluster = createCluster({ nodes: [{ name: 'node-1', cpu: '2' }], trace: false });
    await cluster.run();
    cluster.node('node-1').stop();
    await cluster.client().delete({ resource: 'nodes', name: 'node-1' });
    await cluster.run({ for: '10s' });
    const whileDown = await cluster.client().list<Node>({ resource: 'nodes' });
    expect(whileDown.items.map((n) => n.metadata.name)).toEqual([]);

    cluster.node('node-1').start();
    await cluster.run({ for: '10s' });
    const node = await cluster.client().get<Node>({ resource: 'nodes', name: 'node-1' });
    expect(node.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
  });

  it('keeps the Node it registered before when it still exists', async () => {
    const cluster = createCluster({ nodes: [{ name: 'node-1', cpu: '2' }], trace: false });
    await cluster.run();
    const before = await cluster.client().get<Node>({ resource: 'nodes', name: 'node-1' });
    cluster.node('node-1').stop();
    cluster.node('node-1').start();
    await cluster.run({ for: '10s' });
    const after = await cluster.client().get<Node>({ resource: 'nodes', name: 'node-1' });
    expect(after.metadata.uid).toBe(before.metadata.uid);
  });
});
