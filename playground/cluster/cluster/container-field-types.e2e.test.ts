/**
 * A container's name, image or pull policy that is not a string is refused when the body is
 * decoded (400, Go's encoding/json words), as the real API server does, instead of reaching
 * defaulting or a kubelet that reads it as a string; the cluster runs on.
 */
import { describe, expect, it } from 'vitest';
import type { Pod } from '../api/types';
import { createCluster } from '../index';

function pod(name: string, container: Record<string, unknown>): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { containers: [container] } } as unknown as Pod;
}

describe('container string fields', () => {
  it('refuses a number, object, list or boolean where a string belongs (400), and the cluster runs on', async () => {
    const cluster = createCluster({ nodes: 1 });
    const client = cluster.client();
    const cases: [Record<string, unknown>, string][] = [
      [{ name: 'c', image: 5 }, 'number into Go struct field Container.spec.containers.image'],
      [{ name: ['web'], image: 'nginx:1.27' }, 'array into Go struct field Container.spec.containers.name'],
      [{ name: 'c', image: { repo: 'nginx' } }, 'object into Go struct field Container.spec.containers.image'],
      [{ name: 'c', image: 'nginx:1.27', imagePullPolicy: true }, 'bool into Go struct field Container.spec.containers.imagePullPolicy'],
    ];
    for (const [i, [container, words]] of cases.entries()) {
      await expect(client.create({ resource: 'pods', namespace: 'default' }, pod(`bad-${i}`, container))).rejects.toMatchObject({
        code: 400,
        reason: 'BadRequest',
        message: `Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal ${words} of type string`,
      });
    }
    // A null is an empty string to the decoder: validation then asks for the image.
    await expect(client.create({ resource: 'pods', namespace: 'default' }, pod('no-image', { name: 'c', image: null }))).rejects.toMatchObject({
      code: 422,
      message: 'Pod "no-image" is invalid: spec.containers[0].image: Required value',
    });
    // A ReplicaSet's pod template is decoded the same way.
    const replicaSet = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'web', namespace: 'default' },
      spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { initContainers: [{ name: 'init', image: 7 }], containers: [{ name: 'web', image: 'nginx:1.27' }] } } },
    };
    await expect(client.create({ resource: 'replicasets', namespace: 'default' }, replicaSet)).rejects.toMatchObject({
      code: 400,
      message: 'ReplicaSet in version "v1" cannot be handled as a ReplicaSet: json: cannot unmarshal number into Go struct field Container.spec.template.spec.initContainers.image of type string',
    });
    await client.create({ resource: 'pods', namespace: 'default' }, pod('fine', { name: 'c', image: 'nginx:1.27' }));
    await cluster.run();
    expect(await cluster.kubectl('get pods')).toMatch(/^NAME\s+READY\s+STATUS.*\nfine\s+1\/1\s+Running/);
  });
});
