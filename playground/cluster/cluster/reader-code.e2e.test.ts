import { describe, expect, it } from 'vitest';
import type { Pod } from '../api/types';
import { ApiError, createCluster, DriveTimeoutError } from '../index';
import { SUCCESS, unschedulable, type FilterPlugin } from '../index';

describe('promise API for step code', () => {
  it('lets a watch callback await calls, and its continuation acts before the next event', async () => {
    const cluster = createCluster();
    const client = cluster.client('kubernetes-admin', { participant: 'labeller' });
    const labelled: string[] = [];
    client.watch<Pod>({ resource: 'pods', namespace: 'default' }, {}, async (event) => {
      if (event.type !== 'ADDED') return;
      const name = (event.object as Pod).metadata.name!;
      const fresh = await client.get<Pod>({ resource: 'pods', name });
      await client.patch({ resource: 'pods', name }, { metadata: { labels: { seen: fresh.metadata.resourceVersion! } } });
      labelled.push(name);
    });
    await cluster.kubectl('run a --image=nginx:1.27');
    await cluster.kubectl('run b --image=nginx:1.27');
    await cluster.run();
    expect(labelled).toEqual(['a', 'b']);
    const a = await client.get<Pod>({ resource: 'pods', name: 'a' });
    expect(a.metadata.labels?.seen).toMatch(/^\d+$/);
    expect(a.status?.phase).toBe('Running');

    // The GET was sent in the virtual millisecond the event arrived (it reaches the server 1 ms later):
    // the continuation ran before the clock moved on.
    const entries = cluster.trace.entries;
    const eventAt = entries.findIndex((e) => e.kind === 'watch' && e.to === 'labeller' && e.type === 'ADDED' && e.name === 'a');
    const getAt = entries.findIndex((e, i) => i > eventAt && e.kind === 'request' && e.from === 'labeller');
    expect(entries[getAt]).toMatchObject({ method: 'GET', path: '/api/v1/namespaces/default/pods/a', t: entries[eventAt].t + 1 });
  });

  it('runs a reader controller through startController with its own trace lifeline', async () => {
    const cluster = createCluster();
    const api = cluster.client();
    cluster.startController({
      name: 'owner-labeller',
      watch: [{ resource: 'pods' }],
      async reconcile(key, { get }) {
        const pod = get<Pod>('pods', key);
        if (!pod || pod.metadata.labels?.owner) return;
        await api.patch({ resource: 'pods', namespace: pod.metadata.namespace, name: pod.metadata.name }, { metadata: { labels: { owner: 'me' } } });
      },
    });
    await cluster.kubectl('run web --image=nginx:1.27');
    await cluster.run();
    expect((await api.get<Pod>({ resource: 'pods', name: 'web' })).metadata.labels).toEqual({ run: 'web', owner: 'me' });
    expect(cluster.trace.entries.some((e) => e.kind === 'request' && e.from === 'owner-labeller' && e.verb === 'list')).toBe(true);
  });

  it('rejects failed calls with ApiError carrying the Status, and checks arguments', async () => {
    const cluster = createCluster({ users: [{ name: 'jane', groups: ['dev'] }] });
    await expect(cluster.client().get({ resource: 'pods', name: 'nope' })).rejects.toMatchObject({ name: 'ApiError', code: 404, reason: 'NotFound', message: 'pods "nope" not found' });
    const jane = cluster.client('jane');
    const denied = await jane.list({ resource: 'pods', namespace: 'default' }).catch((error: unknown) => error);
    expect(denied).toBeInstanceOf(ApiError);
    expect((denied as ApiError).status.details?.kind).toBe('pods');
    await expect(cluster.client({ anonymous: true }).list({ resource: 'pods' })).rejects.toMatchObject({ code: 403 });
    await expect(cluster.client().get({ resource: 'pod', name: 'x' })).rejects.toThrow('unknown resource "pod" (use the plural name');
    await expect(cluster.kubectl(42 as never)).rejects.toThrow('kubectl: pass the command line as a string');
  });

  it('gives kubectl output as a terminal shows it, and the streams separately with run()', async () => {
    const cluster = createCluster();
    expect(await cluster.kubectl('get pods')).toBe('No resources found in default namespace.\n');
    expect(await cluster.kubectl.run('get pod nope')).toEqual({ stdout: '', stderr: 'Error from server (NotFound): pods "nope" not found\n', exitCode: 1 });
    expect(await cluster.kubectl('get pods -n kube-system')).toBe('No resources found in kube-system namespace.\n');
  });

  it('sends raw HTTP as the admin, another user, a token or nobody', async () => {
    const cluster = createCluster({ users: [{ name: 'jane', token: 'jane-token' }] });
    const created = await cluster.http.post('/api/v1/namespaces/default/pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'raw' }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } });
    expect(created.code).toBe(201);
    expect((created.body as Pod).metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect((await cluster.http.as({ user: 'jane' }).get('/api/v1/namespaces/default/pods/raw')).code).toBe(403);
    expect((await cluster.http.as({ token: 'wrong' }).get('/api/v1/namespaces/default/pods/raw')).code).toBe(401);
    const patched = await cluster.http.patch('/api/v1/namespaces/default/pods/raw', { metadata: { labels: { a: 'b' } } });
    expect((patched.body as Pod).metadata.labels).toEqual({ a: 'b' });
    await expect(cluster.http.get('api/v1/pods')).rejects.toThrow('the path must start with "/"');
  });

  it('runs for a duration, until a condition, and says when a condition never comes true', async () => {
    const cluster = createCluster();
    const start = cluster.now();
    const result = await cluster.run({ for: '45s' });
    expect(cluster.now()).toBe(start + 45_000);
    expect(result.elapsedMs).toBe(45_000);
    expect(result.events).toBeGreaterThan(0); // lease renewals and status checks kept happening
    await cluster.kubectl('run p --image=nginx:1.27');
    let phase = '';
    const watcher = cluster.client().watch<Pod>({ resource: 'pods', namespace: 'default' }, {}, (e) => void (phase = (e.object as Pod).status?.phase ?? ''));
    await cluster.run({ until: () => phase === 'Running' });
    watcher.stop();
    expect(phase).toBe('Running');
    await expect(cluster.run({ until: () => false, timeout: '5s' })).rejects.toThrow(new DriveTimeoutError('cluster.run: the condition was still false after 5s of virtual time'));
    await expect(cluster.run({ for: 'soon' })).rejects.toThrow('cluster.run `for` "soon" is not a duration');
  });

  it('lets step code add a scheduler filter plugin', async () => {
    const cluster = createCluster({ nodes: 3 });
    const onlyNode3: FilterPlugin = {
      name: 'OnlyNode3',
      filter: (_pod, nodeInfo) => (nodeInfo.node.metadata.name === 'node-3' ? SUCCESS : unschedulable('not node-3')),
    };
    cluster.scheduler.framework.addFilter(onlyNode3);
    await cluster.kubectl('run x --image=nginx:1.27');
    await cluster.run();
    expect((await cluster.client().get<Pod>({ resource: 'pods', name: 'x' })).spec.nodeName).toBe('node-3');
  });

  it('stops and starts a node: it goes NotReady after the grace period', async () => {
    const cluster = createCluster();
    cluster.node('node-2').stop();
    await cluster.run({ for: '60s' });
    expect(await cluster.kubectl('get nodes')).toMatch(/\nnode-2 +NotReady /);
    cluster.node('node-2').start();
    await cluster.run({ for: '15s' });
    expect(await cluster.kubectl('get nodes')).toMatch(/\nnode-2 +Ready /);
    expect(() => cluster.node('node-9')).toThrow('cluster.node: no node named "node-9" (nodes: node-1, node-2)');
  });
});
