import { describe, expect, it } from 'vitest';
import type { ReplicaSet } from '../api/types';
import { startTestCluster } from './test-cluster';

function scenario(): string {
  const cluster = startTestCluster();
  const rs: ReplicaSet = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'web', namespace: 'default' },
    spec: { replicas: 4, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } },
  };
  cluster.create('replicasets', 'default', rs);
  cluster.run();
  cluster.kubelets.get('node-2')!.stop();
  cluster.advance(60_000);
  return JSON.stringify(cluster.ctx.trace.entries);
}

describe('determinism', () => {
  it('the same steps give the same trace, byte for byte', () => {
    const first = scenario();
    expect(first.length).toBeGreaterThan(10_000);
    expect(scenario()).toBe(first);
  });
});
