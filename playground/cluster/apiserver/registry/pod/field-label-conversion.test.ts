import { describe, expect, it } from 'vitest';
import type { ApiWatchEvent, KubeObject, List, Pod } from '../../../api/types';
import { call, collectWatch, expectOk, newTestApiServer, pod } from '../../test-support';

const pods = { resource: 'pods', namespace: 'default' };

/** names lists the pods a watch's events name, in order, with the event type. */
const names = (events: ApiWatchEvent[]) => events.map((event) => `${event.type} ${(event.object as KubeObject).metadata?.name}`);

describe('the spec.host field label', () => {
  it('selects on spec.nodeName in a list and in a watch, as the v1 field label conversion has it', () => {
    const t = newTestApiServer();
    const client = t.client();
    const onN1 = collectWatch(client, pods, { fieldSelector: 'spec.host=n1' });
    const offN1 = collectWatch(client, pods, { fieldSelector: 'spec.host!=n1' });
    expectOk(call<Pod>(t.loop, (cb) => client.create(pods, pod('placed', { spec: { nodeName: 'n1', containers: [{ name: 'app', image: 'nginx:1.27' }] } }), cb)));
    expectOk(call<Pod>(t.loop, (cb) => client.create(pods, pod('elsewhere', { spec: { nodeName: 'n2', containers: [{ name: 'app', image: 'nginx:1.27' }] } }), cb)));
    expectOk(call<Pod>(t.loop, (cb) => client.create(pods, pod('pending'), cb)));
    // A pod bound to n1 later joins the spec.host=n1 watch (and leaves the other) like spec.nodeName's.
    const binding = { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'pending' }, target: { apiVersion: 'v1', kind: 'Node', name: 'n1' } };
    expectOk(call(t.loop, (cb) => client.create({ ...pods, name: 'pending', subresource: 'binding' }, binding, cb)));
    t.loop.runUntilQuiet();
    for (const [host, nodeName] of [
      ['spec.host=n1', 'spec.nodeName=n1'],
      ['spec.host!=n1', 'spec.nodeName!=n1'],
      ['spec.host=', 'spec.nodeName='],
      ['spec.host=n2,metadata.name=elsewhere', 'spec.nodeName=n2,metadata.name=elsewhere'],
    ]) {
      const byHost = expectOk(call<List<Pod>>(t.loop, (cb) => client.list(pods, { fieldSelector: host }, cb)));
      const byNodeName = expectOk(call<List<Pod>>(t.loop, (cb) => client.list(pods, { fieldSelector: nodeName }, cb)));
      expect(byHost.items.map((p) => p.metadata.name), host).toEqual(byNodeName.items.map((p) => p.metadata.name));
    }
    expect(expectOk(call<List<Pod>>(t.loop, (cb) => client.list(pods, { fieldSelector: 'spec.host=n1' }, cb))).items.map((p) => p.metadata.name)).toEqual(['pending', 'placed']);
    expect(names(onN1.events)).toEqual(['ADDED placed', 'ADDED pending']);
    expect(names(offN1.events)).toEqual(['ADDED elsewhere', 'ADDED pending', 'DELETED pending']);
  });

  it('is still refused where no conversion knows it, and other unsupported labels keep the server’s message', () => {
    const t = newTestApiServer();
    const client = t.client();
    const nodes = call(t.loop, (cb) => client.list({ resource: 'nodes' }, { fieldSelector: 'spec.host=n1' }, cb));
    expect(nodes).toMatchObject({ ok: false, code: 400, status: { reason: 'BadRequest', message: 'field label not supported: spec.host' } });
    const listed = call(t.loop, (cb) => client.list(pods, { fieldSelector: 'spec.host=n1,spec.hostname=web' }, cb));
    expect(listed).toMatchObject({ ok: false, code: 400, status: { reason: 'BadRequest', message: 'field label not supported: spec.hostname' } });
    const watched = collectWatch(client, pods, { fieldSelector: 'spec.hosts=n1' });
    t.loop.runUntilQuiet();
    expect(watched.events.map((e) => (e.object as { message?: string }).message)).toEqual(['field label not supported: spec.hosts']);
  });
});
