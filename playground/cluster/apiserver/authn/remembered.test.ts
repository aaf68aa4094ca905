import { describe, expect, it } from 'vitest';
import type { HttpRequest } from '../../api/client';
import { authenticate, type AuthnConfig } from './authenticator';
import { REMEMBERED_CREDENTIALS_LIMIT, RememberedAuthenticator } from './remembered';

const config: AuthnConfig = {
  tokens: new Map([['alice-token', { name: 'alice', uid: '1001', groups: ['devs'] }]]),
  clientCertificates: true,
  anonymous: true,
};
const get = (extra: Partial<HttpRequest> = {}, headers: Record<string, string> = {}): HttpRequest => ({ method: 'GET', path: '/api/v1/pods', headers, ...extra });
const cert = (commonName: string, organizations: string[]) => get({ clientCertificate: { commonName, organizations } });

describe('RememberedAuthenticator', () => {
  it('answers as authenticate does, and with the same user for the same credential', () => {
    const remembered = new RememberedAuthenticator(config);
    for (const request of [cert('system:node:node-1', ['system:nodes']), get({}, { authorization: 'Bearer alice-token' }), get({}, { authorization: 'Bearer wrong' }), get()]) {
      const first = remembered.authenticate(request);
      expect(first).toEqual(authenticate(request, config));
      expect(remembered.authenticate(request)).toBe(first);
    }
    expect(remembered.authenticate(get({}, { authorization: 'Bearer alice-token' }))).toEqual({ ok: true, user: { name: 'alice', uid: '1001', groups: ['devs', 'system:authenticated'] } });
  });

  it('tells apart certificates with one common name but other organizations', () => {
    const remembered = new RememberedAuthenticator(config);
    const node = remembered.authenticate(cert('kubelet', ['system:nodes']));
    const other = remembered.authenticate(cert('kubelet', ['system:masters']));
    expect(other).toEqual({ ok: true, user: { name: 'kubelet', groups: ['system:masters', 'system:authenticated'] } });
    expect(remembered.authenticate(cert('kubelet', ['system:nodes', 'extra']))).toEqual({ ok: true, user: { name: 'kubelet', groups: ['system:nodes', 'extra', 'system:authenticated'] } });
    expect(remembered.authenticate(cert('kubelet', ['system:nodes']))).toEqual(node);
  });

  it('answers a certificate whose frozen organizations it has seen, and still tells other organizations apart', () => {
    const remembered = new RememberedAuthenticator(config);
    const nodes = Object.freeze(['system:nodes']) as string[];
    const first = remembered.authenticate(cert('kubelet', nodes));
    expect(remembered.authenticate(cert('kubelet', nodes))).toBe(first);
    expect(remembered.authenticate(cert('kubelet', ['system:nodes']))).toBe(first);
    const masters = remembered.authenticate(cert('kubelet', Object.freeze(['system:masters']) as string[]));
    expect(masters).toEqual({ ok: true, user: { name: 'kubelet', groups: ['system:masters', 'system:authenticated'] } });
    expect(remembered.authenticate(cert('kubelet', nodes))).toEqual(first);
  });

  it('remembers certificates whose common names are prototype keys like any other', () => {
    const remembered = new RememberedAuthenticator(config);
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      const request = cert(name, ['system:nodes']);
      const first = remembered.authenticate(request);
      expect(first).toEqual({ ok: true, user: { name, groups: ['system:nodes', 'system:authenticated'] } });
      expect(remembered.authenticate(request)).toBe(first);
      expect(remembered.authenticate(cert(name, []))).toEqual({ ok: true, user: { name, groups: ['system:authenticated'] } });
    }
  });

  it('ignores certificates the configuration does not trust, as authenticate does', () => {
    const untrusting = { ...config, clientCertificates: false, anonymous: false };
    const remembered = new RememberedAuthenticator(untrusting);
    expect(remembered.authenticate(cert('admin', ['system:masters']))).toEqual({ ok: false });
    expect(remembered.authenticate(get({ clientCertificate: { commonName: 'admin', organizations: [] } }, { authorization: 'Bearer alice-token' }))).toMatchObject({ ok: true, user: { name: 'alice' } });
  });

  it('forgets everything once full and still answers correctly', () => {
    const remembered = new RememberedAuthenticator(config);
    const first = remembered.authenticate(get({}, { authorization: 'Bearer t-0' }));
    for (let i = 1; i <= REMEMBERED_CREDENTIALS_LIMIT; i++) remembered.authenticate(get({}, { authorization: `Bearer t-${i}` }));
    expect(remembered.authenticate(get({}, { authorization: 'Bearer t-0' }))).toEqual(first);
    expect(remembered.authenticate(get({}, { authorization: 'Bearer alice-token' }))).toMatchObject({ ok: true, user: { name: 'alice' } });
  });
});
