import { describe, expect, it } from 'vitest';
import { createApiClient } from '../api/api-client';
import type { HttpResponse } from '../api/client';
import type { Pod } from '../api/types';
import { setFreezeGuard } from '../sim/freeze';
import { markShared } from './registry/codec';
import { ownedResponse, type ApiRequest } from './request';
import { call, collectWatch, expectOk, newTestApiServer, pod } from './test-support';

const pods = { resource: 'pods', namespace: 'default' };

describe('shared results', () => {
  it('hands a component that declared shared results the cache’s frozen objects, and a reader copies it may change', () => {
    const t = newTestApiServer();
    const reader = t.client();
    const component = createApiClient(t.transport, 'kube-scheduler', {}, { sharedResults: true });
    const readerWatch = collectWatch(reader, pods);
    const componentWatch = collectWatch(component, pods);
    expectOk(call<Pod>(t.loop, (cb) => reader.create(pods, pod('web'), cb)));
    t.loop.runUntilQuiet();
    const seenByReader = readerWatch.events[0].object as Pod;
    const seenByComponent = componentWatch.events[0].object as Pod;
    expect(Object.isFrozen(seenByComponent.spec)).toBe(true);
    expect(() => {
      seenByComponent.spec.nodeName = 'elsewhere';
    }).toThrow(TypeError);
    // The reader's copy is its own: changing it changes nothing the server or other clients see.
    seenByReader.metadata.labels = { mine: 'yes' };
    const again = expectOk(call<Pod>(t.loop, (cb) => reader.get({ ...pods, name: 'web' }, cb)));
    expect(again.metadata.labels).toBeUndefined();
  });

  it('gives a reader response headers of its own to change, and components the one frozen set every JSON response shares', () => {
    const t = newTestApiServer();
    const reader = createApiClient(t.transport, 'kubectl');
    const component = createApiClient(t.transport, 'kube-scheduler', {}, { sharedResults: true });
    const raw = (client: typeof reader, path: string) => expectOk(call<HttpResponse>(t.loop, (cb) => client.request({ method: 'GET', path, headers: {} }, (response) => cb({ ok: true, code: response.code, value: response }))));
    const forReader = [raw(reader, '/api/v1/namespaces/default/pods'), raw(reader, '/api/v1/namespaces/default/pods/missing')];
    for (const response of forReader) {
      expect(response.headers).toEqual({ 'content-type': 'application/json' });
      response.headers['x-mine'] = 'yes';
    }
    expect(forReader[1].code).toBe(404);
    const forComponent = [raw(component, '/api/v1/namespaces/default/pods'), raw(component, '/api/v1/namespaces/default/pods/missing')];
    expect(forComponent[0].headers).toEqual({ 'content-type': 'application/json' });
    expect(forComponent[1].headers).toBe(forComponent[0].headers);
    expect(Object.isFrozen(forComponent[0].headers)).toBe(true);
  });

  it('gives a reader a response it may change after a PATCH that kept cached parts of the object', () => {
    const t = newTestApiServer();
    const reader = t.client();
    expectOk(call<Pod>(t.loop, (cb) => reader.create(pods, pod('web'), cb)));
    t.loop.runUntilQuiet();
    const patched = expectOk(call<Pod>(t.loop, (cb) => reader.patch({ ...pods, name: 'web', subresource: 'status' }, { status: { phase: 'Running' } }, 'merge', cb)));
    expect(patched.status?.phase).toBe('Running');
    patched.spec.containers[0].image = 'changed-by-reader';
    const again = expectOk(call<Pod>(t.loop, (cb) => reader.get({ ...pods, name: 'web' }, cb)));
    expect(again.spec.containers[0].image).toBe('nginx:1.27');
  });

  it('still copies for readers with the freeze guard off, as in the page', () => {
    setFreezeGuard(false);
    try {
      const t = newTestApiServer();
      const reader = t.client();
      const component = createApiClient(t.transport, 'kube-scheduler', {}, { sharedResults: true });
      const componentWatch = collectWatch(component, pods);
      const created = expectOk(call<Pod>(t.loop, (cb) => reader.create(pods, pod('web'), cb)));
      t.loop.runUntilQuiet();
      expect(Object.isFrozen(componentWatch.events[0].object)).toBe(false);
      // The object the store wrote is the one the cache shares: the reader's response is a copy of it.
      expect(created).not.toBe(componentWatch.events[0].object);
      created.metadata.labels = { mine: 'yes' };
      expect((componentWatch.events[0].object as Pod).metadata.labels).toBeUndefined();
      const again = expectOk(call<Pod>(t.loop, (cb) => reader.get({ ...pods, name: 'web' }, cb)));
      expect(again.metadata.labels).toBeUndefined();
    } finally {
      setFreezeGuard(true);
    }
  });

  it('lets a reader have a body made for its request alone without a copy, and nothing else', () => {
    const request = (sharedResults: boolean) => ({ sharedResults }) as ApiRequest;
    const reader = request(false);
    const fresh = { kind: 'Event' };
    expect(ownedResponse(reader, 201, fresh)).toEqual({ code: 201, headers: { 'content-type': 'application/json' }, body: fresh });
    expect(reader.ownedBody).toBe(fresh);
    // An object the watch cache shares is never the reader's own; a component that shares results needs no mark.
    const cached = { kind: 'Pod' };
    markShared(cached, '{"kind":"Pod"}');
    const second = request(false);
    ownedResponse(second, 200, cached);
    expect(second.ownedBody).toBeUndefined();
    const component = request(true);
    ownedResponse(component, 201, { kind: 'Event' });
    expect(component.ownedBody).toBeUndefined();
  });

  it('gives a reader the Event it created as written, and a later read its own copy', () => {
    const t = newTestApiServer();
    const reader = t.client();
    const event = { apiVersion: 'v1', kind: 'Event', metadata: { name: 'e1', namespace: 'default' }, involvedObject: { kind: 'Pod', name: 'web' }, reason: 'Test' };
    const created = expectOk(call<{ metadata: { uid?: string; labels?: Record<string, string> } }>(t.loop, (cb) => reader.create({ resource: 'events', namespace: 'default' }, event, cb)));
    expect(created.metadata.uid).toBeTruthy();
    created.metadata.labels = { mine: 'yes' };
    const again = expectOk(call<{ metadata: { labels?: Record<string, string> } }>(t.loop, (cb) => reader.get({ resource: 'events', namespace: 'default', name: 'e1' }, cb)));
    expect(again.metadata.labels).toBeUndefined();
  });
});
