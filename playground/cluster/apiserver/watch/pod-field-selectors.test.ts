import { describe, expect, it } from 'vitest';
import type { ApiWatchEvent, KubeObject, List, Pod } from '../../api/types';
import { call, collectWatch, expectOk, newTestApiServer, pod } from '../test-support';

const pods = { resource: 'pods', namespace: 'default' };

/**
 * Every field selector pods support (PodToSelectableFields), each with the pods it must pick out of
 * `plain` (all defaults, still Pending) and `special` (every field set, then its status written).
 */
const SELECTIONS: [string, string[]][] = [
  ['metadata.name=special', ['special']],
  ['metadata.namespace=default', ['plain', 'special']],
  ['metadata.namespace!=default', []],
  ['spec.nodeName=n1', ['special']],
  ['spec.nodeName=', ['plain']],
  ['spec.restartPolicy=Never', ['special']],
  ['spec.restartPolicy=Always', ['plain']],
  ['spec.schedulerName=my-scheduler', ['special']],
  ['spec.schedulerName!=my-scheduler', ['plain']],
  ['spec.serviceAccountName=builder', ['special']],
  ['spec.serviceAccountName=default', ['plain']],
  ['spec.hostNetwork=true', ['special']],
  ['spec.hostNetwork=false', ['plain']],
  ['status.phase=Running', ['special']],
  ['status.phase!=Running', ['plain']],
  ['status.podIP=10.0.0.7', ['special']],
  ['status.podIP=', ['plain']],
  ['status.nominatedNodeName=n2', ['special']],
  ['status.nominatedNodeName=', ['plain']],
  ['spec.nodeName=n1,status.phase=Running', ['special']],
  // A label the API accepts without a value in the selectable fields: every pod has it empty.
  ['status.podIPs=', ['plain', 'special']],
  ['status.podIPs=10.0.0.7', []],
];

/** visible is the names a watch's events leave in the client's view: added or modified, not deleted since. */
function visible(events: ApiWatchEvent[]): string[] {
  const seen = new Map<string, boolean>();
  for (const event of events) seen.set((event.object as KubeObject).metadata!.name!, event.type !== 'DELETED');
  return [...seen].filter(([, present]) => present).map(([name]) => name).sort();
}

describe('pod field selectors', () => {
  it('pick the same pods in a list and in a watch from the cache, for every field pods support, status included', () => {
    const t = newTestApiServer();
    const client = t.client();
    const watches = SELECTIONS.map(([fieldSelector]) => collectWatch(client, pods, { fieldSelector }));
    expectOk(call(t.loop, (cb) => client.create({ resource: 'serviceaccounts', namespace: 'default' }, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'builder' } }, cb)));
    expectOk(call<Pod>(t.loop, (cb) => client.create(pods, pod('plain'), cb)));
    const special = pod('special', {
      spec: { nodeName: 'n1', restartPolicy: 'Never', schedulerName: 'my-scheduler', serviceAccountName: 'builder', hostNetwork: true, containers: [{ name: 'app', image: 'nginx:1.27' }] },
    });
    expectOk(call<Pod>(t.loop, (cb) => client.create(pods, special, cb)));
    const status = { phase: 'Running', podIP: '10.0.0.7', podIPs: [{ ip: '10.0.0.7' }], nominatedNodeName: 'n2' };
    expectOk(call<Pod>(t.loop, (cb) => client.patch({ ...pods, name: 'special', subresource: 'status' }, { status }, 'strategic', cb)));
    t.loop.runUntilQuiet();
    SELECTIONS.forEach(([fieldSelector, expected], i) => {
      const listed = expectOk(call<List<Pod>>(t.loop, (cb) => client.list(pods, { fieldSelector }, cb)));
      expect(listed.items.map((p) => p.metadata.name).sort(), `list ${fieldSelector}`).toEqual(expected);
      expect(visible(watches[i].events), `watch ${fieldSelector}`).toEqual(expected);
    });
  });

  it('refuse a field pods do not select on, in a list and in a watch, with the API server’s message', () => {
    const t = newTestApiServer();
    const client = t.client();
    const listed = call<List<Pod>>(t.loop, (cb) => client.list(pods, { fieldSelector: 'status.hostIP=10.0.0.1' }, cb));
    expect(listed).toMatchObject({ ok: false, code: 400, status: { reason: 'BadRequest', message: 'field label not supported: status.hostIP' } });
    const watched = collectWatch(client, pods, { fieldSelector: 'spec.hostPID=true' });
    t.loop.runUntilQuiet();
    expect(watched.events.map((e) => (e.object as { message?: string }).message)).toEqual(['field label not supported: spec.hostPID']);
  });
});
