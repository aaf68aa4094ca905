import { describe, expect, it } from 'vitest';
import type { Event } from '../api/types';
import type { SimContext } from '../sim/context';
import { SeededIds } from '../sim/ids';
import { EventLoop } from '../sim/loop';
import { Trace } from '../sim/trace';
import { Scheduler } from './scheduler';
import { StubApiClient } from './stub-client';
import { CONTROL_PLANE_TAINT, makeNode, makePod } from './testing';
import { SUCCESS, unschedulable } from './types';

function setup() {
  const loop = new EventLoop();
  const ctx: SimContext = { loop, trace: new Trace(() => loop.now()), ids: new SeededIds(1) };
  const client = new StubApiClient(ctx);
  const scheduler = new Scheduler(client, ctx);
  scheduler.start();
  loop.runUntilQuiet();
  const events = () => client.bodies.filter((b) => b.write === 'create events').map((b) => b.body as Event);
  return { loop, ctx, client, scheduler, events };
}

describe('Scheduler (stub API)', () => {
  it('binds a pending pod to the best node and reports Scheduled', () => {
    const { loop, client, events, ctx } = setup();
    client.emit('nodes', 'ADDED', makeNode('node-1', { cpu: '2' }));
    client.emit('nodes', 'ADDED', makeNode('node-2', { cpu: '4' }));
    client.emit('pods', 'ADDED', makePod('nginx', { cpu: '500m', memory: '128Mi' }));
    loop.runUntilQuiet();
    expect(client.bindings).toEqual([{ pod: 'default/nginx', node: 'node-2' }]);
    expect(events().map((e) => [e.type, e.reason, e.message, e.source?.component])).toEqual([
      ['Normal', 'Scheduled', 'Successfully assigned default/nginx to node-2', 'default-scheduler'],
    ]);
    const decision = ctx.trace.entries.find((e) => e.kind === 'action' && e.action === 'schedule');
    expect(decision).toMatchObject({ from: 'kube-scheduler', summary: 'default/nginx → node-2 (2/2 nodes fit)' });
  });

  it('reports FailedScheduling with the exact message, then binds when a fitting node arrives', () => {
    const { loop, client, scheduler, events } = setup();
    client.emit('nodes', 'ADDED', makeNode('control-plane', { taints: [CONTROL_PLANE_TAINT] }));
    client.emit('nodes', 'ADDED', makeNode('node-1', { cpu: '1' }));
    client.emit('nodes', 'ADDED', makeNode('node-2', { taints: [CONTROL_PLANE_TAINT] }));
    client.emit('pods', 'ADDED', makePod('big', { cpu: '2' }));
    loop.runUntilQuiet();
    const message =
      '0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. ' +
      'preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling..';
    expect(client.bindings).toEqual([]);
    expect(events().map((e) => [e.type, e.reason, e.message])).toEqual([['Warning', 'FailedScheduling', message]]);
    const statusPatch = client.bodies.find((b) => b.write === 'patch pods/status')!.body as { status: { conditions: unknown[] } };
    expect(statusPatch.status.conditions).toEqual([
      { type: 'PodScheduled', status: 'False', lastTransitionTime: '2026-01-01T00:00:00Z', reason: 'Unschedulable', message },
    ]);
    expect(scheduler.queue.snapshot().unschedulable).toEqual(['default/big']);

    loop.advanceTo(60_000);
    expect(client.bindings).toEqual([]);
    client.emit('nodes', 'ADDED', makeNode('node-3', { cpu: '4' }));
    loop.runUntilQuiet();
    expect(client.bindings).toEqual([{ pod: 'default/big', node: 'node-3' }]);
    expect(events().at(-1)!.message).toBe('Successfully assigned default/big to node-3');
  });

  it('retries after back-off when a bound pod is deleted and frees room', () => {
    const { loop, client, scheduler } = setup();
    client.emit('nodes', 'ADDED', makeNode('node-1', { pods: '1' }));
    const first = makePod('first');
    client.emit('pods', 'ADDED', first);
    loop.runUntilQuiet();
    client.emit('pods', 'MODIFIED', { ...first, metadata: { ...first.metadata, resourceVersion: '9' }, spec: { ...first.spec, nodeName: 'node-1' } });
    client.emit('pods', 'ADDED', makePod('second'));
    loop.runUntilQuiet();
    expect(scheduler.queue.snapshot().unschedulable).toEqual(['default/second']);
    client.emit('pods', 'DELETED', { ...first, spec: { ...first.spec, nodeName: 'node-1' } });
    loop.runUntilQuiet();
    expect(client.bindings.map((b) => b.pod)).toEqual(['default/first', 'default/second']);
  });

  it('runs a plugin added by step code, and stops using it once removed', () => {
    const { loop, client, scheduler } = setup();
    scheduler.framework.addFilter({
      name: 'DiskSSD',
      filter: (_pod, nodeInfo) => (nodeInfo.node.metadata.labels?.disk === 'ssd' ? SUCCESS : unschedulable('node(s) had no SSD')),
    });
    client.emit('nodes', 'ADDED', makeNode('a'));
    client.emit('nodes', 'ADDED', makeNode('b', { labels: { disk: 'ssd' } }));
    client.emit('pods', 'ADDED', makePod('db'));
    loop.runUntilQuiet();
    expect(client.bindings).toEqual([{ pod: 'default/db', node: 'b' }]);
  });

  it('schedules higher-priority pods first', () => {
    const { loop, client } = setup();
    client.emit('pods', 'ADDED', makePod('low', { priority: 0 }));
    client.emit('pods', 'ADDED', makePod('high', { priority: 1000 }));
    client.emit('nodes', 'ADDED', makeNode('node-1', { pods: '1' }));
    loop.runUntilQuiet();
    expect(client.bindings).toEqual([{ pod: 'default/high', node: 'node-1' }]);
  });

  it('leaves pods of another scheduler, and gated pods, alone until the gate is lifted', () => {
    const { loop, client } = setup();
    client.emit('nodes', 'ADDED', makeNode('node-1'));
    const other = makePod('other');
    other.spec.schedulerName = 'my-scheduler';
    const gated = makePod('gated');
    gated.spec.schedulingGates = [{ name: 'example.com/wait' }];
    client.emit('pods', 'ADDED', other);
    client.emit('pods', 'ADDED', gated);
    loop.runUntilQuiet();
    expect(client.bindings).toEqual([]);
    client.emit('pods', 'MODIFIED', { ...gated, metadata: { ...gated.metadata, resourceVersion: '2' }, spec: { ...gated.spec, schedulingGates: [] } });
    loop.runUntilQuiet();
    expect(client.bindings).toEqual([{ pod: 'default/gated', node: 'node-1' }]);
  });
});

describe('Scheduler: a bound pod the cache cannot take', () => {
  it('still leaves the queue, as kube-scheduler drops it from its queue apart from its cache, and the error surfaces', () => {
    const { loop, client, scheduler } = setup();
    // No node yet: the pod fails its attempt and waits as unschedulable.
    const pod = makePod('odd', { cpu: '500m' });
    client.emit('pods', 'ADDED', pod);
    loop.runUntilQuiet();
    expect(scheduler.queue.snapshot().unschedulable).toEqual(['default/odd']);
    // Another scheduler binds it, with a request no quantity parser takes (the API server would
    // have refused it; a stub feeds it anyway): the cache cannot count it.
    const container = { ...pod.spec.containers[0], resources: { requests: { cpu: 'lots' } } };
    const boundOdd = { ...pod, metadata: { ...pod.metadata, resourceVersion: '5' }, spec: { ...pod.spec, nodeName: 'node-1', containers: [container] } };
    expect(() => client.emit('pods', 'MODIFIED', boundOdd)).toThrow(/lots/);
    expect(scheduler.queue.snapshot()).toEqual({ active: [], backoff: [], unschedulable: [] });
    expect(scheduler.cache.nodeOf('uid-odd')).toBeUndefined();
    // Nothing is left to schedule: a node arriving binds nothing.
    client.emit('nodes', 'ADDED', makeNode('node-1'));
    loop.runUntilQuiet();
    expect(client.bindings).toEqual([]);
  });
});
