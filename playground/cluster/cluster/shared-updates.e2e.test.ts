/**
 * Bindings and strategic status patches build the new pod from the watch cache's read-only one
 * (apiserver/rest/options.ts patchStatus, registry/pod/binding.ts, api/patch-merge.ts). Seen from
 * step code, with the freeze guard on and off (off, as in the page, a write into a shared object
 * throws nowhere): after every kind of status write, binding, failed patch, reader update and an
 * API server restart, what the watch cache serves (a fresh watch's ADDED events, GET, list, and a
 * replay of its window checked against etcd at each revision) is exactly what etcd holds. Readers
 * get copies decoded from the stored text, so with the guard off a write into a shared object
 * shows only in a component's view: apiserver/shared-updates.test.ts checks that one.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Binding, KubeObject, Pod } from '../api/types';
import { ApiError, createCluster, type Cluster } from '../index';
import { setFreezeGuard } from '../sim/freeze';

afterEach(() => setFreezeGuard(true));

const pods = { resource: 'pods', namespace: 'default' };

/** stored is every pod etcd holds, by name, with the resourceVersion the API would show. */
function stored(cluster: Cluster): Map<string, Pod> {
  const out = new Map<string, Pod>();
  for (const entry of cluster.etcdKeys()) {
    if (!entry.key.startsWith('/registry/pods/default/')) continue;
    const pod = entry.value as Pod;
    pod.metadata.resourceVersion = String(entry.modRevision);
    out.set(pod.metadata.name!, pod);
  }
  return out;
}

/** served is what the watch cache hands a new watch (ADDED events), by name. */
async function served(cluster: Cluster): Promise<Map<string, Pod>> {
  const out = new Map<string, Pod>();
  const handle = cluster.client().watch<Pod>(pods, {}, (event) => {
    if (event.type === 'ADDED') out.set((event.object as Pod).metadata.name!, event.object as Pod);
  });
  await cluster.run({ for: '5ms' });
  handle.stop();
  return out;
}

/** expectConsistent checks the watch cache, GET and list against etcd, pod by pod. */
async function expectConsistent(cluster: Cluster): Promise<void> {
  const inEtcd = stored(cluster);
  const fromWatch = await served(cluster);
  expect(Object.fromEntries(fromWatch)).toEqual(Object.fromEntries(inEtcd));
  const listed = await cluster.client().list<Pod>(pods);
  expect(Object.fromEntries(listed.items.map((pod) => [pod.metadata.name!, pod]))).toEqual(Object.fromEntries(inEtcd));
  for (const [name, pod] of inEtcd) expect(await cluster.client().get<Pod>({ ...pods, name })).toEqual(pod);
}

/** revision is etcd's current revision (the highest modRevision of any key). */
function revision(cluster: Cluster): number {
  return Math.max(...cluster.etcdKeys().map((entry) => entry.modRevision));
}

/**
 * expectHistoryConsistent replays every pod event the watch cache holds after `since` and checks
 * each object against what etcd stored at that revision (etcdctl get --rev): an object of the
 * cache's window changed after it was written would show a version etcd never had.
 */
async function expectHistoryConsistent(cluster: Cluster, since: number): Promise<number> {
  const events: Pod[] = [];
  const handle = cluster.client().watch<Pod>(pods, { resourceVersion: String(since) }, (event) => {
    expect(event.type).not.toBe('ERROR');
    if (event.type !== 'DELETED') events.push(event.object as Pod);
  });
  await cluster.run({ for: '5ms' });
  handle.stop();
  for (const pod of events) {
    const rv = pod.metadata.resourceVersion!;
    const text = await cluster.etcdctl(`get /registry/pods/default/${pod.metadata.name} --rev=${rv} --print-value-only`);
    const atRevision = JSON.parse(text) as Pod;
    atRevision.metadata.resourceVersion = rv;
    expect(pod).toEqual(atRevision);
  }
  return events.length;
}

function unscheduledPod(name: string): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels: { app: 'x' } },
    // No scheduler serves this name: the reader binds the pod itself.
    spec: { schedulerName: 'by-hand', containers: [{ name: 'c', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] },
  };
}

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

for (const guard of [true, false]) {
  describe(`shared status and binding updates (freeze guard ${guard ? 'on' : 'off'})`, () => {
    it('keep the watch cache equal to etcd across a pod’s life, reader patches, failed patches and reader updates', async () => {
      setFreezeGuard(guard);
      const cluster = createCluster({ trace: false });
      const client = cluster.client();
      const start = revision(cluster);
      for (const name of ['a', 'b', 'c']) await cluster.kubectl(`run ${name} --image=nginx:1.27`);
      await cluster.run();
      await expectConsistent(cluster);

      // A reader changes what it got back, deep down: nothing anyone else sees changes.
      const got = await client.get<Pod>({ ...pods, name: 'a' });
      const before = JSON.stringify(got);
      got.spec.containers[0].image = 'mutated';
      got.status!.conditions![0].status = 'Unknown';
      got.metadata.labels!.run = 'mutated';
      expect(JSON.stringify(await client.get<Pod>({ ...pods, name: 'a' }))).toBe(before);
      await expectConsistent(cluster);

      expect(await expectHistoryConsistent(cluster, start)).toBeGreaterThanOrEqual(12);

      // kube-apiserver restarts: its watch cache now holds objects decoded from etcd, which it
      // hands out (copied) and patches from just the same.
      await cluster.host.sh(`sed -i 's/^    - --allow-privileged=true$/&\\n    - --anonymous-auth=true/' /etc/kubernetes/manifests/kube-apiserver.yaml`);
      await cluster.run({ for: '1500ms' });
      await cluster.run();
      expect(cluster.host.status()).toEqual({ state: 'running' });
      await expectConsistent(cluster);
      const restarted = revision(cluster);

      // Strategic status patches: a new condition, a changed one, an element order, a deletion.
      const status = { ...pods, name: 'a', subresource: 'status' };
      await client.patch(status, { status: { conditions: [{ type: 'example.com/Warm', status: 'True' }] } }, 'strategic');
      await client.patch(status, { status: { conditions: [{ type: 'example.com/Warm', status: 'False', reason: 'Cooled' }] } }, 'strategic');
      const order = (await client.get<Pod>({ ...pods, name: 'a' })).status!.conditions!.map((c) => ({ type: c.type })).reverse();
      await client.patch(status, { status: { '$setElementOrder/conditions': order } }, 'strategic');
      const reordered = await client.get<Pod>({ ...pods, name: 'a' });
      expect(reordered.status!.conditions!.map((c) => c.type)).toEqual(order.map((c) => c.type));
      await client.patch(status, { status: { conditions: [{ type: 'example.com/Warm', $patch: 'delete' }] } }, 'strategic');
      // Spec in a status patch is ignored; the stored spec stays.
      await client.patch(status, { spec: { containers: [{ name: 'a', image: 'sneaky' }] }, status: { message: 'hi' } }, 'strategic');
      const afterPatches = await client.get<Pod>({ ...pods, name: 'a' });
      expect(afterPatches.spec.containers[0].image).toBe('nginx:1.27');
      expect(afterPatches.status!.message).toBe('hi');
      expect(afterPatches.status!.conditions!.some((c) => c.type === 'example.com/Warm')).toBe(false);
      await expectConsistent(cluster);

      // Failed patches leave no trace: the resourceVersion and the object stay.
      const rv = afterPatches.metadata.resourceVersion;
      const missingKey = await rejection(client.patch(status, { status: { conditions: [{ status: 'True' }] } }, 'strategic'));
      expect(missingKey.code).toBe(400);
      const notAnObject = await rejection(client.patch(status, { status: { phase: 'Failed', conditions: ['x'] } }, 'strategic'));
      expect(notAnObject.code).toBe(400);
      const wrongKind = await rejection(client.patch(status, { kind: 'Node', status: { phase: 'Failed' } }, 'strategic'));
      expect(wrongKind.code).toBe(400);
      // Merged, then refused for its stale resourceVersion (409): the merge must not have touched the cached pod.
      const conflicting = await rejection(
        client.patch(status, { metadata: { resourceVersion: '1' }, status: { phase: 'Failed', conditions: [{ type: 'Ready', status: 'False' }] } }, 'strategic'),
      );
      expect(conflicting.code).toBe(409);
      const stale = await client.get<Pod>({ ...pods, name: 'a' });
      expect(stale).toEqual(afterPatches);
      expect(stale.metadata.resourceVersion).toBe(rv);
      await expectConsistent(cluster);

      // A reader's read-modify-write of the whole pod, from an object it changed.
      const mine = await client.get<Pod>({ ...pods, name: 'b' });
      mine.metadata.labels = { ...mine.metadata.labels, tier: 'web' };
      mine.status!.phase = 'Failed'; // ignored by a main-resource update
      const updated = await client.update<Pod>({ ...pods, name: 'b' }, mine);
      expect(updated.metadata.labels).toEqual({ run: 'b', tier: 'web' });
      expect(updated.status!.phase).toBe('Running');
      // The same stale object again: 409, nothing written.
      await expect(client.update({ ...pods, name: 'b' }, mine)).rejects.toMatchObject({ code: 409 });
      await expectConsistent(cluster);

      // Merge and JSON patches of status take the copying path; strategic again after them.
      await client.patch({ ...pods, name: 'c', subresource: 'status' }, { status: { conditions: [{ type: 'Only', status: 'True' }] } }, 'merge');
      expect((await client.get<Pod>({ ...pods, name: 'c' })).status!.conditions).toEqual([{ type: 'Only', status: 'True' }]);
      await client.patch({ ...pods, name: 'c', subresource: 'status' }, { status: { conditions: [{ type: 'Second', status: 'False' }] } }, 'strategic');
      expect((await client.get<Pod>({ ...pods, name: 'c' })).status!.conditions!.map((c) => c.type)).toEqual(['Only', 'Second']);
      await expectConsistent(cluster);
      expect(await cluster.kubectl('describe pod c')).toMatch(/Conditions:\n +Type +Status\n +Only +True *\n +Second +False/);
      // Every version of every pod the cache still holds, binding and kubelet patches included.
      expect(await expectHistoryConsistent(cluster, restarted)).toBeGreaterThanOrEqual(8);
    });

    it('bind a pod by hand with annotations, refuse a second binding and keep the cache equal to etcd', async () => {
      setFreezeGuard(guard);
      const cluster = createCluster({ trace: false });
      const client = cluster.client();
      const start = revision(cluster);
      await client.create(pods, unscheduledPod('manual'));
      await client.create(pods, unscheduledPod('other'));
      await cluster.run();
      await expectConsistent(cluster);
      const binding: Binding = {
        apiVersion: 'v1',
        kind: 'Binding',
        metadata: { name: 'manual', namespace: 'default', annotations: { 'example.com/by': 'reader' } },
        target: { apiVersion: 'v1', kind: 'Node', name: 'node-2' },
      };
      await client.create({ ...pods, name: 'manual', subresource: 'binding' }, binding);
      // The reader's binding object is its own: changing it now changes nothing stored.
      binding.metadata.annotations!['example.com/by'] = 'changed later';
      const bound = await client.get<Pod>({ ...pods, name: 'manual' });
      expect(bound.spec.nodeName).toBe('node-2');
      expect(bound.metadata.annotations).toEqual({ 'example.com/by': 'reader' });
      expect(bound.status!.conditions!.find((c) => c.type === 'PodScheduled')).toMatchObject({ status: 'True' });
      await expectConsistent(cluster);

      const again = await rejection(client.create({ ...pods, name: 'manual', subresource: 'binding' }, { ...binding, target: { kind: 'Node', name: 'node-1' } }));
      expect(again.code).toBe(409);
      expect(again.message).toBe('Operation cannot be fulfilled on pods "manual": pod manual is already assigned to node "node-2"');
      const invalid = await rejection(client.create({ ...pods, name: 'other', subresource: 'binding' }, { ...binding, metadata: { name: 'other' }, target: { kind: 'Pod', name: 'node-1' } }));
      expect(invalid.code).toBe(422);
      await expectConsistent(cluster);

      // The kubelet runs the bound pod; the other stays unbound and untouched.
      await cluster.run();
      const running = await client.get<Pod>({ ...pods, name: 'manual' });
      expect(running.status!.phase).toBe('Running');
      expect(running.metadata.annotations).toEqual({ 'example.com/by': 'reader' });
      expect((await client.get<Pod>({ ...pods, name: 'other' })).spec.nodeName).toBeUndefined();
      await expectConsistent(cluster);
      const asObject = (await client.get<KubeObject>({ ...pods, name: 'other' })) as Pod;
      expect(asObject.status!.conditions ?? []).toEqual([]);
      expect(await expectHistoryConsistent(cluster, start)).toBeGreaterThan(4);
    });
  });
}
