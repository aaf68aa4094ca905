/**
 * A namespace deleted and made again under the same name, before and after an API server restart:
 * NamespaceLifecycle's lookup holds the namespaces cache found once per running configuration
 * (server.ts admissionLookups, 97fb89a), and a created namespace gets its default ServiceAccount
 * through namespaceCreated (253e5ec). Each answer must follow the namespace as it is now.
 */
import { describe, expect, it } from 'vitest';
import { defaultApiServerOptions } from './options';
import { call, expectOk, newTestApiServer, pod } from './test-support';

describe('a namespace deleted and created again', () => {
  it('refuses pods while it is gone, takes them again once it is back, with a new default ServiceAccount', () => {
    const t = newTestApiServer();
    const kubectl = t.client();
    const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } };
    const createPod = (name: string) => call(t.loop, (cb) => kubectl.create({ resource: 'pods', namespace: 'team' }, pod(name), cb));
    const serviceAccount = () => call(t.loop, (cb) => kubectl.get({ resource: 'serviceaccounts', namespace: 'team', name: 'default' }, cb));
    for (let round = 0; round < 3; round++) {
      // The last round runs on a restarted server: new caches, new lookups.
      if (round === 2) t.server.restart(defaultApiServerOptions());
      expectOk(call(t.loop, (cb) => kubectl.create({ resource: 'namespaces' }, namespace, cb)));
      t.loop.runUntilQuiet();
      expect(serviceAccount().code).toBe(200);
      expect(createPod(`a${round}`).code).toBe(201);
      expectOk(call(t.loop, (cb) => kubectl.delete({ resource: 'pods', namespace: 'team', name: `a${round}` }, { gracePeriodSeconds: 0 }, cb)));
      expectOk(call(t.loop, (cb) => kubectl.delete({ resource: 'namespaces', name: 'team' }, {}, cb)));
      t.loop.runUntilQuiet();
      expect(call(t.loop, (cb) => kubectl.get({ resource: 'namespaces', name: 'team' }, cb)).code).toBe(404);
      expect(serviceAccount().code).toBe(404);
      expect(createPod(`b${round}`)).toMatchObject({ ok: false, code: 404 });
    }
  });
});
