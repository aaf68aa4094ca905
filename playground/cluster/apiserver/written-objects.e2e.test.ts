import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCluster } from '../index';
import { expectPodRunning } from '../testing';
import { decodeFromStorage } from './registry/codec';
import { Cacher } from './watch/cacher';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('objects the store hands to the watch cache', () => {
  it('are exactly what decoding their stored bytes gives, frozen, across a pod’s life and a ReplicaSet', async () => {
    const handed: { revision: number; value: string; object: unknown }[] = [];
    const original = Cacher.prototype.written;
    vi.spyOn(Cacher.prototype, 'written').mockImplementation(function (this: Cacher, key, revision, value, object) {
      handed.push({ revision, value, object });
      original.call(this, key, revision, value, object);
    });
    const cluster = createCluster({ nodes: 2 });
    await cluster.kubectl('run web --image=nginx:1.27 --labels=app=web');
    await expectPodRunning(cluster, 'web');
    await cluster.kubectl('label pod web tier=front');
    await cluster.kubectl('cordon node-2');
    await cluster.kubectl('create deployment ignored --image=x').catch(() => undefined);
    await cluster.kubectl('delete pod web');
    await cluster.runUntilQuiet();
    expect(handed.length).toBeGreaterThan(10);
    for (const { revision, value, object } of handed) {
      // The revision handed over is the one stamped on the object.
      expect((object as { metadata: { resourceVersion: string } }).metadata.resourceVersion).toBe(String(revision));
      // toStrictEqual also fails on keys that hold undefined, which the stored JSON would not have.
      expect(object).toStrictEqual(decodeFromStorage(value, revision));
      expect(Object.isFrozen(object)).toBe(true);
    }
  });
});
