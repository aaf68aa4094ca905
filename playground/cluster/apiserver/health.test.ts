import { describe, expect, it } from 'vitest';
import type { HttpRequest, HttpResponse } from '../api/client';
import { HEALTH_CHECKS, healthResponse, type HealthCheck, type HealthEndpoint } from './health';
import { newTestApiServer } from './test-support';

type Server = ReturnType<typeof newTestApiServer>;

/** send sends one request (any method) to the server, as kubectl get --raw or curl would, and returns what came back. */
function send(t: Server, path: string, method = 'GET', token?: string): HttpResponse {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const request = { method: method as HttpRequest['method'], path, headers };
  const box: { response?: HttpResponse } = {};
  t.transport.send('kubectl', request, (response) => (box.response = response));
  t.loop.runUntil(() => box.response !== undefined);
  return box.response!;
}

const PLAIN_NOSNIFF = { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' };
const NOT_FOUND = { code: 404, body: { kind: 'Status', reason: 'NotFound', message: 'the server could not find the requested resource', details: {} } };

describe('the health endpoints, verbose', () => {
  it('list each check the model has, in the real order, and end with `<endpoint> check passed`', () => {
    const t = newTestApiServer();
    const livez = '[+]ping ok\n[+]log ok\n[+]etcd ok\nlivez check passed\n';
    expect(send(t, '/livez?verbose')).toEqual({ code: 200, headers: PLAIN_NOSNIFF, body: livez });
    expect(send(t, '/healthz?verbose').body).toBe('[+]ping ok\n[+]log ok\n[+]etcd ok\nhealthz check passed\n');
    expect(send(t, '/readyz?verbose').body).toBe(
      '[+]ping ok\n[+]log ok\n[+]etcd ok\n[+]etcd-readiness ok\n[+]informer-sync ok\n[+]shutdown ok\nreadyz check passed\n',
    );
    // url.Query()["verbose"] is found whatever its value, even false.
    expect(send(t, '/livez?verbose=false').body).toBe(livez);
    expect(send(t, '/livez?watch=1&verbose=').body).toBe(livez);
    // Without it: the bare `ok`, no newline.
    expect(send(t, '/livez?verbosity=1').body).toBe('ok');
  });

  it('do not run an excluded check, mark it `excluded: ok`, and warn of names no check has, sorted and quoted', () => {
    const t = newTestApiServer();
    expect(send(t, '/readyz?verbose&exclude=etcd&exclude=shutdown').body).toBe(
      '[+]ping ok\n[+]log ok\n[+]etcd excluded: ok\n[+]etcd-readiness ok\n[+]informer-sync ok\n[+]shutdown excluded: ok\nreadyz check passed\n',
    );
    expect(send(t, '/livez?verbose&exclude=nope&exclude=etcd&exclude=aardvark&exclude=nope').body).toBe(
      '[+]ping ok\n[+]log ok\n[+]etcd excluded: ok\nwarn: some health checks cannot be excluded: no matches for "aardvark","nope"\nlivez check passed\n',
    );
    // The warning is part of the verbose listing only: a plain answer stays `ok`.
    expect(send(t, '/livez?exclude=nope').body).toBe('ok');
    // Checks of another endpoint are unknown here: etcd-readiness is a /readyz check alone.
    expect(send(t, '/livez?verbose&exclude=etcd-readiness').body).toContain('no matches for "etcd-readiness"\n');
    // Query decoding as Go's: `+` is a space, escapes decoded, and %q quoting of what is left.
    expect(send(t, '/healthz?verbose&exclude=a+b&exclude=%65tcd&exclude=tab%09').body).toBe(
      '[+]ping ok\n[+]log ok\n[+]etcd excluded: ok\nwarn: some health checks cannot be excluded: no matches for "a b","tab\\t"\nhealthz check passed\n',
    );
  });
});

describe('a health check on its own path', () => {
  it('answers `ok` under every endpoint that runs it, with the type Go sniffs from the text and no nosniff header', () => {
    const t = newTestApiServer();
    for (const [endpoint, checks] of Object.entries(HEALTH_CHECKS)) {
      for (const check of checks) {
        expect([endpoint, check.name, send(t, `/${endpoint}/${check.name}?verbose`)]).toEqual([
          endpoint, check.name, { code: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'ok' },
        ]);
      }
    }
    expect(send(t, '/livez/etcd', 'DELETE')).toMatchObject({ code: 200, body: 'ok' });
    expect(send(t, '/readyz/informer-sync', 'HEAD')).toMatchObject({ code: 200, body: undefined });
  });

  it('is 404 where no handler is registered: unknown checks, a check of another endpoint, trailing slashes, post-start hooks', () => {
    const t = newTestApiServer();
    for (const path of ['/livez/nope', '/livez/etcd-readiness', '/healthz/shutdown', '/livez/', '/readyz/', '/healthz/', '/livez/etcd/', '/livez//etcd', '/readyz/poststarthook/rbac/bootstrap-roles']) {
      expect([path, send(t, path)]).toMatchObject([path, NOT_FOUND]);
    }
    // The server matches the decoded path, as Go's URL.Path.
    expect(send(t, '/livez/%65tcd')).toMatchObject({ code: 200, body: 'ok' });
  });

  it('is not public under RBAC: system:public-info-viewer grants the endpoints alone', () => {
    const t = newTestApiServer(['kube-apiserver', '--authorization-mode=RBAC', '--token-auth-file=/tokens.csv'], { '/tokens.csv': 'admin-token,admin,1000,system:masters\n' });
    expect(send(t, '/livez?verbose')).toMatchObject({ code: 200 });
    expect(send(t, '/livez/etcd')).toMatchObject({ code: 403, body: { message: 'forbidden: User "system:anonymous" cannot get path "/livez/etcd"' } });
    expect(send(t, '/livez/etcd', 'GET', 'admin-token')).toMatchObject({ code: 200, body: 'ok' });
  });

  it('lets the system:monitoring group read every check, as the bootstrap role of that name does', () => {
    const tokens = 'monitor-token,prometheus,1001,system:monitoring\nplain-token,jane,1002,\n';
    const t = newTestApiServer(['kube-apiserver', '--authorization-mode=RBAC', '--token-auth-file=/tokens.csv'], { '/tokens.csv': tokens });
    for (const path of ['/livez/etcd', '/readyz/informer-sync', '/healthz/ping']) {
      expect([path, send(t, path, 'GET', 'monitor-token')]).toMatchObject([path, { code: 200, body: 'ok' }]);
      expect([path, send(t, path, 'GET', 'plain-token')]).toMatchObject([path, { code: 403 }]);
    }
    // The role grants get alone: the verb of a HEAD on a non-resource path is head.
    expect(send(t, '/livez/etcd', 'HEAD', 'monitor-token')).toMatchObject({ code: 403 });
  });
});

describe('a failing check (the handler given a failing one: no check of the model fails)', () => {
  const etcdDown: HealthCheck = { name: 'etcd', check: () => 'dial tcp 127.0.0.1:2379: connect: connection refused' };
  const checks: Record<HealthEndpoint, readonly HealthCheck[]> = { ...HEALTH_CHECKS, livez: [HEALTH_CHECKS.livez[0], HEALTH_CHECKS.livez[1], etcdDown] };

  it('makes the endpoint 500 with the verbose listing, the reason withheld, and `<endpoint> check failed`', () => {
    const failed = '[+]ping ok\n[+]log ok\n[-]etcd failed: reason withheld\nlivez check failed\n';
    expect(healthResponse('/livez', '', checks)).toEqual({ code: 500, headers: PLAIN_NOSNIFF, body: failed });
    expect(healthResponse('/livez', 'verbose&exclude=nope', checks)?.body).toBe(
      '[+]ping ok\n[+]log ok\n[-]etcd failed: reason withheld\nwarn: some health checks cannot be excluded: no matches for "nope"\nlivez check failed\n',
    );
    // Excluded, it is not run: the endpoint passes.
    expect(healthResponse('/livez', 'exclude=etcd', checks)).toEqual({ code: 200, headers: PLAIN_NOSNIFF, body: 'ok' });
  });

  it('shows its reason on its own path, as a 500 written by http.Error', () => {
    expect(healthResponse('/livez/etcd', '', checks)).toEqual({ code: 500, headers: PLAIN_NOSNIFF, body: 'internal server error: dial tcp 127.0.0.1:2379: connect: connection refused\n' });
    expect(healthResponse('/healthz/etcd', '', checks)).toMatchObject({ code: 200, body: 'ok' });
  });
});
