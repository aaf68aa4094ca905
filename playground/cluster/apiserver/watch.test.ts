import { describe, expect, it } from 'vitest';
import type { List, Pod, Status } from '../api/types';
import { call, collectWatch, expectOk, newTestApiServer, pod } from './test-support';

const ns = { resource: 'pods', namespace: 'default' };
const summary = (events: { type: string; object: unknown }[]) =>
  events.map((e) => `${e.type} ${(e.object as Pod).metadata?.name ?? (e.object as Status).message}@${(e.object as Pod).metadata?.resourceVersion ?? ''}`);

describe('watch', () => {
  it('replays from a resourceVersion, then streams live changes', () => {
    const t = newTestApiServer();
    const kubectl = t.client();
    const a = expectOk(call<Pod>(t.loop, (cb) => kubectl.create(ns, pod('a'), cb)));
    const b = expectOk(call<Pod>(t.loop, (cb) => kubectl.create(ns, pod('b'), cb)));
    const deleted = expectOk(call<Pod | Status>(t.loop, (cb) => kubectl.delete({ ...ns, name: 'a' }, {}, cb))) as Pod;
    const watch = collectWatch(kubectl, ns, { resourceVersion: a.metadata.resourceVersion });
    t.loop.runUntilQuiet();
    expect(summary(watch.events)).toEqual([`ADDED b@${b.metadata.resourceVersion}`, `DELETED a@${deleted.metadata.resourceVersion}`]);
    const c = expectOk(call<Pod>(t.loop, (cb) => kubectl.create(ns, pod('c'), cb)));
    t.loop.runUntilQuiet();
    expect(summary(watch.events).at(-1)).toBe(`ADDED c@${c.metadata.resourceVersion}`);
  });

  it('starts with the current state when resourceVersion is 0 or absent', () => {
    const t = newTestApiServer();
    const kubectl = t.client();
    expectOk(call(t.loop, (cb) => kubectl.create(ns, pod('b'), cb)));
    expectOk(call(t.loop, (cb) => kubectl.create(ns, pod('a'), cb)));
    const fromZero = collectWatch(kubectl, ns, { resourceVersion: '0' });
    const fromNow = collectWatch(kubectl, ns);
    t.loop.runUntilQuiet();
    expect(fromZero.events.map((e) => `${e.type} ${(e.object as Pod).metadata.name}`)).toEqual(['ADDED a', 'ADDED b']);
    expect(fromNow.events).toHaveLength(2);
  });

  it('turns moves across a selector into ADDED and DELETED', () => {
    const t = newTestApiServer();
    const kubectl = t.client();
    const created = expectOk(call<Pod>(t.loop, (cb) => kubectl.create(ns, pod('web', { metadata: { name: 'web', labels: { app: 'web' } } }), cb)));
    const watch = collectWatch(kubectl, ns, { labelSelector: 'tier=front' });
    t.loop.runUntilQuiet();
    expect(watch.events).toEqual([]);
    const patchLabels = (labels: Record<string, string | null>) =>
      expectOk(call<Pod>(t.loop, (cb) => kubectl.patch({ ...ns, name: 'web' }, { metadata: { labels } }, 'merge', cb)));
    const joined = patchLabels({ tier: 'front' });
    const relabelled = patchLabels({ app: 'api' });
    const left = patchLabels({ tier: null });
    t.loop.runUntilQuiet();
    expect(summary(watch.events)).toEqual([
      `ADDED web@${joined.metadata.resourceVersion}`,
      `MODIFIED web@${relabelled.metadata.resourceVersion}`,
      `DELETED web@${left.metadata.resourceVersion}`,
    ]);
    // The DELETED event carries the last state that matched, stamped with the change's revision.
    expect((watch.events[2].object as Pod).metadata.labels).toEqual({ app: 'api', tier: 'front' });
    expect(created.metadata.uid).toBe((watch.events[2].object as Pod).metadata.uid);
  });

  it('delivers a node-pinned watch only its own pods, and a pod moving off the node as DELETED', () => {
    const t = newTestApiServer();
    const kubectl = t.client();
    const node1 = collectWatch(t.client('kubelet/node-1'), { resource: 'pods' }, { fieldSelector: 'spec.nodeName=node-1' });
    const node2 = collectWatch(t.client('kubelet/node-2'), { resource: 'pods' }, { fieldSelector: 'spec.nodeName=node-2' });
    for (const [name, node] of [['p1', 'node-1'], ['p2', 'node-2'], ['p3', 'node-1']]) {
      expectOk(call(t.loop, (cb) => kubectl.create(ns, pod(name, { spec: { nodeName: node, containers: [{ name: 'a', image: 'nginx' }] } }), cb)));
    }
    expectOk(call(t.loop, (cb) => kubectl.delete({ ...ns, name: 'p1' }, { gracePeriodSeconds: 0 }, cb)));
    t.loop.runUntilQuiet();
    expect(node1.events.map((e) => `${e.type} ${(e.object as Pod).metadata.name}`)).toEqual(['ADDED p1', 'ADDED p3', 'DELETED p1']);
    expect(node2.events.map((e) => `${e.type} ${(e.object as Pod).metadata.name}`)).toEqual(['ADDED p2']);
  });

  it('ends with 410 Expired when the resourceVersion is older than the watch cache', () => {
    const t = newTestApiServer();
    const kubectl = t.client();
    const old = expectOk(call<Pod>(t.loop, (cb) => kubectl.create(ns, pod('old'), cb)));
    expectOk(call(t.loop, (cb) => kubectl.create(ns, pod('newer'), cb)));
    // A restart rebuilds the cache from the current revision: older resourceVersions are gone.
    t.server.restart(t.server.options);
    t.loop.runUntilQuiet();
    const watch = collectWatch(kubectl, ns, { resourceVersion: old.metadata.resourceVersion });
    t.loop.runUntilQuiet();
    expect(watch.events).toHaveLength(1);
    expect(watch.events[0].type).toBe('ERROR');
    const status = watch.events[0].object as Status;
    expect(status).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'Expired', code: 410 });
    expect(status.message).toMatch(new RegExp(`^too old resource version: ${old.metadata.resourceVersion} \\(\\d+\\)$`));
    expect(watch.isClosed()).toBe(true);
  });

  it('serves events straight from etcd and reports compaction as 410', () => {
    const t = newTestApiServer();
    const kubectl = t.client();
    const event = (name: string) => ({ apiVersion: 'v1', kind: 'Event', metadata: { name }, involvedObject: { kind: 'Pod', name: 'x' }, reason: 'R', message: 'm', type: 'Normal' });
    const first = expectOk(call<Pod>(t.loop, (cb) => kubectl.create({ resource: 'events', namespace: 'default' }, event('e1'), cb)));
    expectOk(call(t.loop, (cb) => kubectl.create({ resource: 'events', namespace: 'default' }, event('e2'), cb)));
    expectOk(call(t.loop, (cb) => kubectl.create({ resource: 'events', namespace: 'default' }, event('e3'), cb)));
    const etcd = t.etcdServer.client('etcdctl');
    etcd.compact(etcd.status().revision);
    const watch = collectWatch(kubectl, { resource: 'events', namespace: 'default' }, { resourceVersion: first.metadata.resourceVersion });
    // Not runUntilQuiet: the events' TTL lease would expire an hour later.
    t.loop.advanceTo(t.loop.now() + 100);
    expect(watch.events.map((e) => e.type)).toEqual(['ERROR']);
    expect(watch.events[0].object).toEqual({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'The resourceVersion for the provided watch is too old.', reason: 'Expired', code: 410,
    });
  });

  it('closes open watches on restart, and stops delivering after stop()', () => {
    const t = newTestApiServer();
    const kubectl = t.client();
    const watch = collectWatch(kubectl, ns);
    const stopped = collectWatch(kubectl, ns);
    t.loop.runUntilQuiet();
    stopped.handle.stop();
    expect(stopped.isClosed()).toBe(true);
    expectOk(call(t.loop, (cb) => kubectl.create(ns, pod('a'), cb)));
    t.loop.runUntilQuiet();
    expect(watch.events).toHaveLength(1);
    expect(stopped.events).toHaveLength(0);
    t.server.restart(t.server.options);
    t.loop.runUntilQuiet();
    expect(watch.isClosed()).toBe(true);
    const list = expectOk(call<List<Pod>>(t.loop, (cb) => kubectl.list(ns, {}, cb)));
    expect(list.items.map((p) => p.metadata.name)).toEqual(['a']);
  });

  it('fans one pod event out to the one kubelet of 1,000 that watches its node', () => {
    const t = newTestApiServer();
    const watches = Array.from({ length: 1000 }, (_, i) => collectWatch(t.client(`kubelet/node-${i}`), { resource: 'pods' }, { fieldSelector: `spec.nodeName=node-${i}` }));
    t.loop.runUntilQuiet();
    const mark = t.trace.mark();
    expectOk(call(t.loop, (cb) => t.client().create(ns, pod('p', { spec: { nodeName: 'node-500', containers: [{ name: 'a', image: 'nginx' }] } }), cb)));
    t.loop.runUntilQuiet();
    expect(watches.filter((w) => w.events.length > 0).map((w) => watches.indexOf(w))).toEqual([500]);
    expect(t.trace.since(mark).filter((e) => e.kind === 'watch').map((e) => e.to)).toEqual(['kubelet/node-500']);
  });
});
