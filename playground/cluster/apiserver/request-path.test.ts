/**
 * Pins the hot request path byte for byte — pod creates, bindings, status patches (strategic and
 * merge), events, authorization decisions, refusals — as the clients, etcd, the watch and the trace
 * see it. The transcript digest was taken before the path was optimised; any change to a response,
 * a Status, a stored value, a watch event or a trace entry changes it. It was taken again once when
 * updates began to start from the watch cache's object (Store.updateStored): the twelve `range`s
 * before a written update's txn left the trace, times moved by their 1 ms, nothing else changed.
 * And once more when the bootstrap policy gained system:monitoring: its ClusterRole and binding
 * joined etcd and the trace, and the uids, revisions and times after them moved; nothing else changed.
 */
import { describe, expect, it } from 'vitest';
import { createApiClient, type ClientCredentials } from '../api/api-client';
import type { ApiClient, PatchType, Result } from '../api/client';
import type { ApiWatchEvent, KubeObject } from '../api/types';
import { prefixEnd } from '../etcd';
import { call, newTestApiServer, pod, type TestApiServer } from './test-support';

const TOKENS = 'admin-token,admin,1000,"system:masters"\nnode1-token,system:node:node-1,2001,system:nodes\nnode2-token,system:node:node-2,2002,system:nodes\nsched-token,system:kube-scheduler,3000\nalice-token,alice,1001\n';
const FLAGS = ['kube-apiserver', '--authorization-mode=Node,RBAC', '--token-auth-file=/tokens.csv', '--enable-admission-plugins=NodeRestriction'];
const pods = { resource: 'pods', namespace: 'default' };

/** fnv1a is a 32-bit FNV-1a digest of a string's UTF-16 code units, as hex. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

interface Run {
  t: TestApiServer;
  /** Every result in order, as JSON. */
  results: string[];
  events: ApiWatchEvent[];
  client(token: string, shared?: boolean): ApiClient;
  send<T>(label: string, go: (cb: (r: Result<T>) => void) => void): Result<T>;
}

function start(): Run {
  const t = newTestApiServer(FLAGS, { '/tokens.csv': TOKENS });
  const results: string[] = [];
  const events: ApiWatchEvent[] = [];
  const client = (token: string, shared = false) => createApiClient(t.transport, token.replace('-token', ''), { token } as ClientCredentials, { sharedResults: shared });
  client('admin-token').watch(pods, {}, (e) => events.push(e));
  return {
    t,
    results,
    events,
    client,
    send(label, go) {
      const r = call(t.loop, go);
      results.push(`${label} ${JSON.stringify(r)}`);
      return r;
    },
  };
}

function statusPatch(ready: boolean): KubeObject {
  return {
    metadata: { uid: 'ignored-by-keepSystemMeta' },
    status: {
      '$setElementOrder/conditions': [{ type: 'PodReadyToStartContainers' }, { type: 'Initialized' }, { type: 'Ready' }, { type: 'ContainersReady' }, { type: 'PodScheduled' }],
      conditions: [
        { type: 'PodReadyToStartContainers', status: 'True', lastProbeTime: null, lastTransitionTime: '2026-01-01T00:00:01Z' },
        { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: '2026-01-01T00:00:01Z' },
        { type: 'Ready', status: ready ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: '2026-01-01T00:00:02Z' },
        { type: 'ContainersReady', status: ready ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: '2026-01-01T00:00:02Z' },
      ],
      containerStatuses: [{ name: 'app', image: 'nginx:1.27', imageID: '', ready, restartCount: 0, started: ready, state: ready ? { running: { startedAt: '2026-01-01T00:00:02Z' } } : { waiting: { reason: 'ContainerCreating' } } }],
      hostIP: '10.0.0.1',
      phase: ready ? 'Running' : 'Pending',
      podIP: ready ? '10.244.0.5' : null,
      startTime: '2026-01-01T00:00:01Z',
    },
  } as unknown as KubeObject;
}

/** scenario runs the requests of a pod's life through Node+RBAC and records everything visible. */
function scenario(): { transcript: string; run: Run } {
  const run = start();
  const { t, send, client } = run;
  const admin = client('admin-token');
  const sched = client('sched-token', true);
  const node1 = client('node1-token', true);
  const node2 = client('node2-token');
  const alice = client('alice-token');
  const patch = (c: ApiClient, name: string, body: unknown, type: PatchType, subresource?: string) =>
    send(`patch ${name}/${subresource ?? ''} ${type}`, (cb) => c.patch({ ...pods, name, subresource }, body, type, cb));
  const bind = (c: ApiClient, name: string, node: string, extra: Record<string, unknown> = {}) =>
    send(`bind ${name} ${node}`, (cb) => c.create({ ...pods, name, subresource: 'binding' }, { apiVersion: 'v1', kind: 'Binding', metadata: { name, ...extra }, target: { kind: 'Node', name: node } }, cb));

  for (const name of ['web-0', 'web-1', 'web-2']) send(`create ${name}`, (cb) => admin.create(pods, pod(name, { metadata: { name, labels: { app: 'web' } } }), cb));
  send('create by alice', (cb) => alice.create(pods, pod('nope'), cb));
  bind(sched, 'web-0', 'node-1');
  bind(sched, 'web-1', 'node-1', { annotations: { 'scheduler.example/why': 'fits' } });
  bind(sched, 'web-0', 'node-2');
  bind(sched, 'missing', 'node-1');
  bind(sched, 'other', 'node-1');
  send('bind without target', (cb) => sched.create({ ...pods, name: 'web-2', subresource: 'binding' }, { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'web-2' } }, cb));
  send('bind by node', (cb) => node1.create({ ...pods, name: 'web-2', subresource: 'binding' }, { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'web-2' }, target: { name: 'node-1' } }, cb));
  patch(node1, 'web-0', statusPatch(false), 'strategic', 'status');
  patch(node1, 'web-0', statusPatch(true), 'strategic', 'status');
  patch(node1, 'web-0', statusPatch(true), 'strategic', 'status');
  patch(node1, 'web-1', { status: { conditions: [{ type: 'Ready', status: 'False' }, { type: 'PodScheduled', $patch: 'delete' }], phase: 'Pending', message: 'x' } }, 'strategic', 'status');
  patch(node1, 'web-1', { status: { conditions: [{ status: 'True' }] } }, 'strategic', 'status');
  patch(node1, 'web-1', { status: { conditions: [{ type: 'Ready', status: 'True' }], $patch: 'replace' } }, 'strategic', 'status');
  patch(node1, 'web-1', { metadata: { labels: { extra: 'yes' } }, spec: { nodeName: 'node-9', containers: [{ name: 'app', image: 'nginx:2' }] }, status: { message: null } }, 'strategic', 'status');
  patch(node1, 'web-1', { status: { phase: 'Running', podIPs: [{ ip: '10.244.0.9' }] } }, 'merge', 'status');
  patch(node1, 'web-1', [{ op: 'replace', path: '/status/phase', value: 'Succeeded' }], 'json', 'status');
  patch(node1, 'web-1', 'not an object', 'strategic', 'status');
  patch(node2, 'web-0', { status: { phase: 'Failed' } }, 'strategic', 'status');
  patch(node1, 'web-2', { status: { phase: 'Running' } }, 'strategic', 'status');
  patch(admin, 'web-2', { status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } }, 'strategic', 'status');
  patch(admin, 'web-2', { metadata: { labels: { tier: 'front' } }, spec: { containers: [{ name: 'app', image: 'nginx:1.28' }] } }, 'strategic');
  patch(admin, 'missing', { status: { phase: 'Running' } }, 'strategic', 'status');
  send('status get', (cb) => node1.get({ ...pods, name: 'web-0', subresource: 'status' }, cb));
  send('event by node', (cb) => node1.create({ resource: 'events', namespace: 'default' }, { apiVersion: 'v1', kind: 'Event', metadata: { name: 'web-0.1' }, involvedObject: { kind: 'Pod', name: 'web-0', namespace: 'default' }, reason: 'Started', message: 'Started container app', type: 'Normal' } as KubeObject, cb));
  send('event by scheduler', (cb) => sched.create({ resource: 'events', namespace: 'default' }, { apiVersion: 'v1', kind: 'Event', metadata: { name: 'web-1.1' }, involvedObject: { kind: 'Pod', name: 'web-1', namespace: 'default' }, reason: 'Scheduled', message: 'Successfully assigned default/web-1 to node-1', type: 'Normal' } as KubeObject, cb));
  send('delete by node', (cb) => node1.delete({ ...pods, name: 'web-0' }, {}, cb));
  send('list', (cb) => admin.list(pods, {}, cb));
  t.loop.runUntilQuiet();
  const etcd = t.etcdServer.client('test').range({ key: '/registry/', rangeEnd: prefixEnd('/registry/') }).kvs.map((kv) => `${kv.key} ${kv.modRevision} ${kv.value}`);
  const trace = t.trace.entries.map((e) => JSON.stringify(e));
  const transcript = [...run.results, ...run.events.map((e) => JSON.stringify(e)), ...etcd, ...trace].join('\n');
  return { transcript, run };
}

describe('the request path, byte for byte', () => {
  it('answers, stores, streams and traces exactly what it did before the path was optimised', () => {
    const { transcript } = scenario();
    expect({ length: transcript.length, digest: fnv1a(transcript) }).toEqual({ length: 112545, digest: 'c879556a' });
  });

  it('refuses a kubelet a pod that is not its mirror pod, with NodeRestriction\'s Status', () => {
    const { run } = scenario();
    const node1 = run.client('node1-token');
    const refused = run.send('kubelet creates', (cb) => node1.create(pods, pod('rogue'), cb));
    expect(refused).toEqual({
      ok: false, code: 403,
      status: {
        kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'Forbidden', code: 403, details: { name: 'rogue', kind: 'pods' },
        message: 'pods "rogue" is forbidden: pod does not have "kubernetes.io/config.mirror" annotation, node "node-1" can only create mirror pods',
      },
    });
  });

  it('runs validating admission on creates and updates (AlwaysDeny)', () => {
    const t = newTestApiServer(['--enable-admission-plugins=AlwaysDeny']);
    const kubectl = t.client();
    const denied = (name: string) => ({
      ok: false, code: 403,
      status: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'Forbidden', code: 403, details: { name, kind: 'pods' }, message: `pods "${name}" is forbidden: admission control is denying all modifications` },
    });
    expect(call(t.loop, (cb) => kubectl.create(pods, pod('web'), cb))).toEqual(denied('web'));
    expect(call(t.loop, (cb) => kubectl.get({ ...pods, name: 'web' }, cb)).code).toBe(404);
    t.server.restart({ ...t.server.options, enableAdmissionPlugins: [] });
    t.loop.runUntilQuiet();
    expect(call(t.loop, (cb) => kubectl.create(pods, pod('web'), cb)).code).toBe(201);
    t.server.restart({ ...t.server.options, enableAdmissionPlugins: ['AlwaysDeny'] });
    t.loop.runUntilQuiet();
    expect(call(t.loop, (cb) => kubectl.patch({ ...pods, name: 'web' }, { metadata: { labels: { a: 'b' } } }, 'strategic', cb))).toEqual(denied('web'));
    expect(call(t.loop, (cb) => kubectl.patch({ ...pods, name: 'web', subresource: 'status' }, { status: { phase: 'Running' } }, 'strategic', cb))).toEqual(denied('web'));
  });

  it('binds a pod whose stored status has an unusual shape as it always did', () => {
    const t = newTestApiServer();
    const kubectl = t.client();
    const outcomes: unknown[] = [];
    for (const [name, status] of [['text', 'x'], ['list', [1]], ['conditions-text', { conditions: 'x' }], ['conditions-null', { phase: 'Pending', conditions: null }]] as const) {
      expect(call(t.loop, (cb) => kubectl.create(pods, pod(name), cb)).code).toBe(201);
      expect(call(t.loop, (cb) => kubectl.patch({ ...pods, name, subresource: 'status' }, { status }, 'merge', cb)).code).toBe(200);
      const bound = call(t.loop, (cb) => kubectl.create({ ...pods, name, subresource: 'binding' }, { apiVersion: 'v1', kind: 'Binding', metadata: { name }, target: { name: 'node-1' } }, cb));
      const stored = call<KubeObject>(t.loop, (cb) => kubectl.get({ ...pods, name }, cb));
      outcomes.push([bound.code, bound.ok ? '' : bound.status.message, stored.ok && JSON.stringify((stored.value as { status?: unknown }).status)]);
    }
    expect(outcomes).toEqual([
      [500, "Internal error occurred: Cannot create property 'conditions' on string 'x'", '"x"'],
      [201, '', '[1]'],
      [500, 'Internal error occurred: conditions.findIndex is not a function', '{"phase":"Pending","qosClass":"BestEffort","conditions":"x"}'],
      [201, '', '{"phase":"Pending","qosClass":"BestEffort","conditions":[{"type":"PodScheduled","status":"True","lastProbeTime":null,"lastTransitionTime":"2026-01-01T00:00:00Z"}]}'],
    ]);
  });

  it('leaves the stored pod alone when a status patch fails half-way', () => {
    const { run } = scenario();
    const { t } = run;
    const kv = () => t.etcdServer.client('test').range({ key: '/registry/pods/default/web-1' }).kvs[0];
    const before = kv();
    const admin = run.client('admin-token');
    const cached = run.send<KubeObject>('get', (cb) => admin.get({ ...pods, name: 'web-1' }, cb));
    // The second list element lacks its merge key: the patch fails after merging the first one.
    const failed = run.send('bad patch', (cb) => admin.patch({ ...pods, name: 'web-1', subresource: 'status' }, { status: { phase: 'Unknown', conditions: [{ type: 'Ready', status: 'Unknown' }, { status: 'x' }] } }, 'strategic', cb));
    expect(failed).toMatchObject({ ok: false, code: 400 });
    expect(kv()).toEqual(before);
    expect(run.send('get again', (cb) => admin.get({ ...pods, name: 'web-1' }, cb))).toEqual(cached);
  });
});
