import { describe, expect, it } from 'vitest';
import type { Callback } from '../api/client';
import type { KubeObject, List, Pod } from '../api/types';
import { StubApiClient } from '../scheduler/stub-client';
import { makePod } from '../scheduler/testing';
import type { SimContext } from '../sim/context';
import { SeededIds } from '../sim/ids';
import { EventLoop } from '../sim/loop';
import { Trace } from '../sim/trace';
import { startController } from './controller';

function setup() {
  const loop = new EventLoop();
  const ctx: SimContext = { loop, trace: new Trace(() => loop.now()), ids: new SeededIds(1) };
  return { loop, ctx, client: new StubApiClient(ctx, 'my-controller') };
}

/** SlowListClient answers LISTs of `slowResource` only after `delayMs` of virtual time. */
class SlowListClient extends StubApiClient {
  constructor(
    private readonly simCtx: SimContext,
    private readonly slowResource: string,
    private readonly delayMs: number,
  ) {
    super(simCtx, 'my-controller');
  }

  override list<T extends KubeObject>(ref: { resource: string }, options: unknown, cb: Callback<List<T>>): void {
    if (ref.resource !== this.slowResource) return super.list(ref, options, cb);
    this.simCtx.loop.schedule(this.delayMs, 'slow list', () => super.list(ref, options, cb));
  }
}

describe('startController', () => {
  it('keeps a key enqueued before the caches synced and reconciles it after, though nothing is watched yet', () => {
    const { loop, ctx } = setup();
    const client = new SlowListClient(ctx, 'pods', 500);
    const seen: { key: string; at: number }[] = [];
    const controller = startController({
      name: 'keeper',
      client,
      ctx,
      watch: [{ resource: 'pods' }],
      reconcile(key) {
        seen.push({ key, at: loop.now() });
      },
    });
    controller.enqueue('default/wanted');
    loop.runUntilQuiet();
    expect(seen).toEqual([{ key: 'default/wanted', at: 500 }]);
  });

  it('holds keys from a synced informer until every informer has synced', () => {
    const { loop, ctx } = setup();
    const client = new SlowListClient(ctx, 'nodes', 300);
    const seen: { key: string; at: number; nodesSynced: boolean }[] = [];
    const controller = startController({
      name: 'two-caches',
      client,
      ctx,
      watch: [{ resource: 'pods' }, { resource: 'nodes' }],
      reconcile(key) {
        seen.push({ key, at: loop.now(), nodesSynced: controller.informers.get('nodes')!.hasSynced });
      },
    });
    loop.advanceTo(100);
    client.emit('pods', 'ADDED', makePod('early'));
    loop.runUntilQuiet();
    expect(seen).toEqual([{ key: 'default/early', at: 300, nodesSynced: true }]);
  });

  it('reconciles each changed key once, reading from the cache', () => {
    const { loop, ctx, client } = setup();
    const seen: string[] = [];
    startController({
      name: 'labeller',
      client,
      ctx,
      watch: [{ resource: 'pods' }],
      reconcile(key, { get, client: api }) {
        const pod = get<Pod>('pods', key);
        seen.push(`${key}:${pod ? 'present' : 'gone'}`);
        if (pod && !pod.metadata.labels?.seen) api.patch({ resource: 'pods', namespace: 'default', name: pod.metadata.name }, { metadata: { labels: { seen: 'yes' } } }, 'merge', () => {});
      },
    });
    loop.runUntilQuiet();
    const pod = makePod('a');
    client.emit('pods', 'ADDED', pod);
    client.emit('pods', 'MODIFIED', { ...pod, metadata: { ...pod.metadata, resourceVersion: '2' } });
    loop.runUntilQuiet();
    client.emit('pods', 'DELETED', pod);
    loop.runUntilQuiet();
    expect(seen).toEqual(['default/a:present', 'default/a:gone']);
    expect(client.writes).toEqual(['patch pods']);
  });

  it('retries a reconcile that throws, with growing back-off, until it succeeds', () => {
    const { loop, ctx, client } = setup();
    const attempts: number[] = [];
    startController({
      name: 'flaky',
      client,
      ctx,
      watch: [{ resource: 'pods' }],
      reconcile() {
        attempts.push(loop.now());
        if (attempts.length < 4) throw new Error('not yet');
      },
    });
    loop.runUntilQuiet();
    client.emit('pods', 'ADDED', makePod('a'));
    loop.runUntilQuiet();
    const gaps = attempts.slice(1).map((t, i) => t - attempts[i]);
    expect(gaps).toEqual([5, 10, 20]);
  });

  it('refuses to read a resource it does not watch, naming it', () => {
    const { loop, ctx, client } = setup();
    const errors: string[] = [];
    startController({
      name: 'confused',
      client,
      ctx,
      watch: [{ resource: 'pods' }],
      reconcile(_key, { list }) {
        try {
          list('nodes');
        } catch (error) {
          errors.push((error as Error).message);
        }
      },
    });
    loop.runUntilQuiet();
    client.emit('pods', 'ADDED', makePod('a'));
    loop.runUntilQuiet();
    expect(errors).toEqual(['controller confused does not watch nodes; add it to watch']);
  });
});
