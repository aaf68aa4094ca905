import { describe, expect, it } from 'vitest';
import type { Pod } from '../api/types';
import { StubApiClient } from '../scheduler/stub-client';
import { makePod } from '../scheduler/testing';
import type { SimContext } from '../sim/context';
import { SeededIds } from '../sim/ids';
import { EventLoop } from '../sim/loop';
import { Trace } from '../sim/trace';
import { Informer, type InformerHandlers } from './informer';

/** startedInformer starts a pod informer on a stub client, its first (empty) list taken. */
function startedInformer(handlers?: InformerHandlers<Pod>) {
  const loop = new EventLoop();
  const ctx: SimContext = { loop, trace: new Trace(() => loop.now()), ids: new SeededIds(1) };
  const client = new StubApiClient(ctx, 'watcher');
  const informer: Informer<Pod> = new Informer<Pod>(client, ctx, { resource: 'pods' }, handlers);
  informer.start();
  loop.runUntilQuiet();
  return { loop, client, informer };
}

describe('Informer store', () => {
  it('holds the newest object per key through adds, updates and deletes, and tells handlers old from new', () => {
    const heard: string[] = [];
    const { loop, client, informer } = startedInformer({
      onAdd: (pod) => heard.push(`add ${pod.metadata.name} ${informer.store.get(`default/${pod.metadata.name}`) === pod}`),
      onUpdate: (old, pod) => heard.push(`update ${old.metadata.resourceVersion}->${pod.metadata.resourceVersion} ${informer.store.get(`default/${pod.metadata.name}`) === pod}`),
      onDelete: (pod) => heard.push(`delete ${pod.metadata.name}`),
    });
    const a = makePod('a');
    const b = makePod('b');
    client.emit('pods', 'ADDED', { ...a, metadata: { ...a.metadata, resourceVersion: '1' } });
    client.emit('pods', 'ADDED', { ...b, metadata: { ...b.metadata, resourceVersion: '2' } });
    const a3 = { ...a, metadata: { ...a.metadata, resourceVersion: '3' } };
    client.emit('pods', 'MODIFIED', a3);
    // The same resourceVersion again (a resync-like repeat): stored, but no update heard.
    const a3again = { ...a3 };
    client.emit('pods', 'MODIFIED', a3again);
    loop.runUntilQuiet();
    expect(informer.store.get('default/a')).toBe(a3again);
    expect(informer.store.size).toBe(2);
    expect(informer.list().map((pod) => pod.metadata.resourceVersion)).toEqual(['3', '2']);
    client.emit('pods', 'DELETED', a3);
    client.emit('pods', 'DELETED', a3);
    loop.runUntilQuiet();
    expect(informer.store.has('default/a')).toBe(false);
    expect(informer.store.get('default/a')).toBeUndefined();
    expect(informer.store.keys()).toEqual(['default/b']);
    expect(heard).toEqual(['add a true', 'add b true', 'update 1->3 true', 'delete a']);
  });

  it('reads like the Map it was for step code that holds an informer (controller.informers)', () => {
    const { loop, client, informer } = startedInformer();
    const b = makePod('b');
    const a = makePod('a');
    client.emit('pods', 'ADDED', b);
    client.emit('pods', 'ADDED', a);
    loop.runUntilQuiet();
    const names = (pods: Iterable<Pod>) => [...pods].map((pod) => pod.metadata.name);
    expect(names(informer.store.values())).toEqual(['b', 'a']);
    expect([...informer.store.entries()].map(([key, pod]) => `${key}=${pod.metadata.name}`)).toEqual(['default/b=b', 'default/a=a']);
    expect([...informer.store].map(([key]) => key)).toEqual(['default/b', 'default/a']);
    const visited: string[] = [];
    informer.store.forEach((pod, key, store) => visited.push(`${key} ${pod.metadata.name} ${store === informer.store}`));
    expect(visited).toEqual(['default/b b true', 'default/a a true']);
    expect(new Map(informer.store).get('default/a')).toBe(informer.store.get('default/a'));
  });

  it('keeps objects of the same name in different namespaces apart through updates, deletes and re-adds', () => {
    const heard: string[] = [];
    const describe = (pod: Pod) => `${pod.metadata.namespace ?? '-'}/${pod.metadata.name} rv=${pod.metadata.resourceVersion}`;
    const { loop, client, informer } = startedInformer({
      onAdd: (pod) => heard.push(`add ${describe(pod)}`),
      onUpdate: (old, pod) => heard.push(`update ${describe(old)} -> ${describe(pod)}`),
      onDelete: (pod) => heard.push(`delete ${describe(pod)}`),
    });
    const at = (namespace: string | undefined, resourceVersion: string): Pod => {
      const pod = makePod('web');
      return { ...pod, metadata: { ...pod.metadata, namespace, resourceVersion } };
    };
    client.emit('pods', 'ADDED', at('a', '1'));
    client.emit('pods', 'ADDED', at('b', '2'));
    client.emit('pods', 'MODIFIED', at('a', '3'));
    client.emit('pods', 'MODIFIED', at('b', '4'));
    client.emit('pods', 'DELETED', at('b', '4'));
    client.emit('pods', 'MODIFIED', at('a', '5'));
    client.emit('pods', 'ADDED', at('b', '6'));
    // No namespace and an empty one make the same key: one object, updated.
    client.emit('pods', 'ADDED', at(undefined, '7'));
    client.emit('pods', 'MODIFIED', at('', '8'));
    loop.runUntilQuiet();
    expect(heard).toEqual([
      'add a/web rv=1',
      'add b/web rv=2',
      'update a/web rv=1 -> a/web rv=3',
      'update b/web rv=2 -> b/web rv=4',
      'delete b/web rv=4',
      'update a/web rv=3 -> a/web rv=5',
      'add b/web rv=6',
      'add -/web rv=7',
      'update -/web rv=7 -> /web rv=8',
    ]);
    expect(informer.store.keys()).toEqual(['a/web', 'b/web', 'web']);
    expect(informer.store.get('a/web')?.metadata.resourceVersion).toBe('5');
    expect(informer.store.get('b/web')?.metadata.resourceVersion).toBe('6');
    expect(informer.store.get('web')?.metadata.resourceVersion).toBe('8');
  });

  it('counts the slots a newer namespace took the name of, and back to none once they go (new names then skip the key lookup)', () => {
    const heard: string[] = [];
    const { loop, client, informer } = startedInformer({
      onAdd: (pod) => heard.push(`add ${pod.metadata.namespace}/${pod.metadata.name}`),
      onUpdate: (_old, pod) => heard.push(`update ${pod.metadata.namespace}/${pod.metadata.name} rv=${pod.metadata.resourceVersion}`),
      onDelete: (pod) => heard.push(`delete ${pod.metadata.namespace}/${pod.metadata.name}`),
    });
    const at = (namespace: string, name: string, resourceVersion: string): Pod => {
      const pod = makePod(name);
      return { ...pod, metadata: { ...pod.metadata, namespace, resourceVersion } };
    };
    const unindexed: number[] = [];
    const emit = (type: 'ADDED' | 'MODIFIED' | 'DELETED', pod: Pod) => {
      client.emit('pods', type, pod);
      unindexed.push(informer.store.unindexed);
    };
    emit('ADDED', at('a', 'web', '1'));
    emit('ADDED', at('b', 'web', '2'));
    emit('ADDED', at('c', 'web', '3'));
    emit('MODIFIED', at('a', 'web', '4'));
    emit('DELETED', at('a', 'web', '4'));
    emit('DELETED', at('c', 'web', '3'));
    emit('MODIFIED', at('b', 'web', '5'));
    emit('DELETED', at('b', 'web', '5'));
    emit('ADDED', at('a', 'web', '6'));
    emit('MODIFIED', at('a', 'web', '7'));
    loop.runUntilQuiet();
    expect(unindexed).toEqual([0, 1, 2, 2, 1, 1, 1, 0, 0, 0]);
    expect(heard).toEqual(['add a/web', 'add b/web', 'add c/web', 'update a/web rv=4', 'delete a/web', 'delete c/web', 'update b/web rv=5', 'delete b/web', 'add a/web', 'update a/web rv=7']);
    expect(informer.store.keys()).toEqual(['a/web']);
  });

  it('keeps an object without metadata under the empty key, as objectKey names it', () => {
    const heard: string[] = [];
    const { loop, client, informer } = startedInformer({
      onAdd: (pod) => heard.push(`add ${JSON.stringify(pod)}`),
      onUpdate: (old, pod) => heard.push(`update ${JSON.stringify(old)} -> ${JSON.stringify(pod)}`),
    });
    const bare = { spec: { containers: [] } } as unknown as Pod;
    const again = { spec: { containers: [{ name: 'c' }] } } as unknown as Pod;
    const named = { ...makePod('x'), metadata: { name: 'x', resourceVersion: '2' } } as Pod;
    client.emit('pods', 'ADDED', bare);
    // The same (absent) resourceVersion and uid: stored, but no update heard.
    client.emit('pods', 'MODIFIED', again);
    client.emit('pods', 'ADDED', named);
    loop.runUntilQuiet();
    expect(informer.store.keys()).toEqual(['', 'x']);
    expect(informer.store.get('')).toBe(again);
    expect(heard).toEqual([`add ${JSON.stringify(bare)}`, `add ${JSON.stringify(named)}`]);
  });
});
