import { describe, expect, it } from 'vitest';
import type { Pod } from '../api/types';
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

describe('startController', () => {
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
