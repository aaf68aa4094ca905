/**
 * The health endpoints /healthz, /livez and /readyz as k8s.io/apiserver/pkg/server/healthz
 * (healthz.go) serves them. InstallPathHandler registers, on the NonGoRestfulMux, the endpoint
 * itself (handleRootHealth) and one path per check, `/<endpoint>/<check>` (adaptCheckToHandler).
 * That mux matches whole paths (pathrecorder.go: exact match, then registered prefixes, none of
 * them under these endpoints), so `/livez/` or `/livez/nope` reach no handler: the server's 404.
 * Neither handler looks at the method.
 *
 * The lists are the real server's, shortened to the checks whose subject the model has. Left out:
 * every `poststarthook/<name>` check (start-kube-apiserver-admission-initializer,
 * generic-apiserver-start-informers, priority-and-fairness-config-consumer,
 * priority-and-fairness-filter, storage-object-count-tracker-hook, start-apiextensions-informers,
 * start-apiextensions-controllers, crd-informer-synced, start-system-namespaces-controller,
 * bootstrap-controller, rbac/bootstrap-roles, scheduling/bootstrap-system-priority-classes,
 * priority-and-fairness-config-producer, start-cluster-authentication-info-controller,
 * start-kube-apiserver-identity-lease-controller, start-legacy-token-tracking-controller,
 * start-service-ip-repair-controllers, aggregator-reload-proxy-client-cert,
 * start-kube-aggregator-informers, apiservice-* ...), which sit between informer-sync and
 * shutdown on /readyz and after etcd on /livez and /healthz; autoregister-completion (kube-aggregator's
 * APIService registration); kms-providers (only with an encryption configuration).
 */
import type { HttpResponse } from '../api/client';
import { decodeQueryComponent } from './request';

/** HealthEndpoint names the three endpoints; the name starts each verbose answer's last line. */
export type HealthEndpoint = 'healthz' | 'livez' | 'readyz';

/** HealthCheck is one named check (healthz.HealthChecker): `check` returns why it fails, or undefined. */
export interface HealthCheck {
  readonly name: string;
  check(): string | undefined;
}

const passes = (name: string): HealthCheck => ({ name, check: () => undefined });

/** ping always passes (healthz.PingHealthz). */
const PING = passes('ping');
/**
 * log fails when klog has not flushed for two minutes (healthz.LogHealthz). The model writes its
 * log (the trace, the journal) synchronously: it never blocks.
 */
const LOG = passes('log');
/**
 * etcd and etcd-readiness ask the storage backend (storagefactory CreateHealthCheck and
 * CreateReadyCheck). The model's API server cannot lose its etcd: it is wired to the simulated one
 * whatever --etcd-servers says (the flag is shown only), and stopping the etcd unit on a systemd
 * node ends only its process row; every request still reaches etcd, so the checks pass.
 */
const ETCD = passes('etcd');
const ETCD_READINESS = passes('etcd-readiness');
/**
 * informer-sync fails while the server's own informers have not synced. The model fills its
 * caches synchronously when the server starts, before its port opens.
 */
const INFORMER_SYNC = passes('informer-sync');
/**
 * shutdown fails once a stop has begun while the server still answers (--shutdown-delay-duration).
 * A model server that stops refuses connections at once: no answer can see it fail.
 */
const SHUTDOWN = passes('shutdown');

/**
 * HEALTH_CHECKS are the checks of each endpoint in the real order: the generic defaults (ping,
 * log), then etcd (AddHealthChecks: every endpoint), etcd-readiness and informer-sync
 * (AddReadyzChecks), and shutdown, added last to /readyz.
 */
export const HEALTH_CHECKS: Readonly<Record<HealthEndpoint, readonly HealthCheck[]>> = Object.freeze({
  healthz: [PING, LOG, ETCD],
  livez: [PING, LOG, ETCD],
  readyz: [PING, LOG, ETCD, ETCD_READINESS, INFORMER_SYNC, SHUTDOWN],
});

/** The headers handleRootHealth sets before it writes, and http.Error sets on a failure. */
const PLAIN_NOSNIFF: Readonly<Record<string, string>> = Object.freeze({ 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' });
/** A check's own path writes `ok` with no header set: Go's server sniffs the type of the text. */
const SNIFFED_TEXT: Readonly<Record<string, string>> = Object.freeze({ 'content-type': 'text/plain; charset=utf-8' });

const plain = (code: number, headers: Readonly<Record<string, string>>, body: string): HttpResponse => ({ code, headers: headers as Record<string, string>, body });

/**
 * healthResponse answers `path` (decoded, without the query) if a health handler is registered at
 * exactly that path, else undefined; `rawQuery` is the text after `?`. `checks` are the model's
 * (HEALTH_CHECKS) unless a test brings failing ones.
 */
export function healthResponse(path: string, rawQuery: string, checks: Readonly<Record<HealthEndpoint, readonly HealthCheck[]>> = HEALTH_CHECKS): HttpResponse | undefined {
  const slash = path.indexOf('/', 1);
  const endpoint = (slash < 0 ? path : path.slice(0, slash)).slice(1);
  if (endpoint !== 'healthz' && endpoint !== 'livez' && endpoint !== 'readyz') return undefined;
  const endpointChecks = checks[endpoint];
  if (slash < 0) return rootHealth(endpoint, endpointChecks, rawQuery);
  const name = path.slice(slash + 1);
  const single = endpointChecks.find((c) => c.name === name);
  if (!single) return undefined;
  // adaptCheckToHandler: the query is not read, and a failure shows its reason (the path can be
  // authorized apart from the endpoint, so it may say more).
  const failure = single.check();
  return failure === undefined ? plain(200, SNIFFED_TEXT, 'ok') : plain(500, PLAIN_NOSNIFF, `internal server error: ${failure}\n`);
}

/**
 * rootHealth is handleRootHealth: `ok`, or with `verbose` (any value) a line per check and
 * `<endpoint> check passed`. Checks named by `exclude` are not run and read `excluded: ok`; a name
 * no check has gets a warning line. A failing check withholds its reason (the endpoint is public)
 * and the whole answer is always verbose, a 500 written by http.Error (which ends it with a newline).
 */
function rootHealth(endpoint: HealthEndpoint, checks: readonly HealthCheck[], rawQuery: string): HttpResponse {
  const excluded = new Set(queryValues(rawQuery, 'exclude'));
  let lines = '';
  let failed = false;
  for (const check of checks) {
    if (excluded.delete(check.name)) {
      lines += `[+]${check.name} excluded: ok\n`;
    } else if (check.check() !== undefined) {
      lines += `[-]${check.name} failed: reason withheld\n`;
      failed = true;
    } else {
      lines += `[+]${check.name} ok\n`;
    }
  }
  // sets.String.List(): the names left over, sorted.
  if (excluded.size) lines += `warn: some health checks cannot be excluded: no matches for ${[...excluded].sort().map(goQuote).join(',')}\n`;
  if (failed) return plain(500, PLAIN_NOSNIFF, `${lines}${endpoint} check failed\n`);
  if (queryValues(rawQuery, 'verbose').length === 0) return plain(200, PLAIN_NOSNIFF, 'ok');
  return plain(200, PLAIN_NOSNIFF, `${lines}${endpoint} check passed\n`);
}

/**
 * queryValues is every value of `key` in a raw query, as Go's url.Query()[key]: pairs split on `&`,
 * `+` a space, and a pair Go cannot parse (a `;`, a bad escape) skipped, where parseQuery (the API's
 * single-valued parameters) keeps the first value and lets a bad escape throw.
 */
function queryValues(rawQuery: string, key: string): string[] {
  const values: string[] = [];
  for (const pair of rawQuery.split('&')) {
    if (pair === '' || pair.includes(';')) continue;
    const eq = pair.indexOf('=');
    try {
      if (decodeQueryComponent(eq < 0 ? pair : pair.slice(0, eq)) === key) values.push(eq < 0 ? '' : decodeQueryComponent(pair.slice(eq + 1)));
    } catch {
      // url.ParseQuery skips the pair and goes on.
    }
  }
  return values;
}

const GO_ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v' };

/** goQuote is Go's %q of a string for the names a reader can type: escapes for quotes, backslashes and control characters. */
function goQuote(text: string): string {
  const quoted = text.replace(/["\\\x00-\x1f\x7f-\x9f]/g, (c) => {
    const code = c.charCodeAt(0);
    return GO_ESCAPES[c] ?? (code < 0x80 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
  });
  return `"${quoted}"`;
}
