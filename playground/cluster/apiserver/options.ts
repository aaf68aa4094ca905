/**
 * ApiServerOptions are the kube-apiserver command-line flags that change the mini server's
 * behaviour, parsed the way the real binary (pflag) parses them: `--flag=value` or `--flag value`,
 * booleans bare or `=true|false`, lists comma-separated, durations like `1h`. Flags we do not model
 * are kept and shown, not fatal; a bad value is an error with pflag's wording.
 */
import { ADMISSION_PLUGIN_NAMES } from './admission/plugins';

export interface ApiServerOptions {
  /** --authorization-mode, in order (default AlwaysAllow). */
  authorizationModes: string[];
  /** --enable-admission-plugins, on top of the default-on set. */
  enableAdmissionPlugins: string[];
  /** --disable-admission-plugins. */
  disableAdmissionPlugins: string[];
  /** --token-auth-file: path read through the host's readFile. */
  tokenAuthFile?: string;
  /** --anonymous-auth (default true). */
  anonymousAuth: boolean;
  /** --client-ca-file: when set, client certificates are trusted (the check itself is simulated). */
  clientCaFile?: string;
  /** --etcd-servers (shown only: the server is wired to the simulated etcd). */
  etcdServers: string[];
  /** --event-ttl in seconds (default 3600). */
  eventTtlSeconds: number;
  /** --watch-cache (default true); false serves every watch straight from etcd. */
  watchCache: boolean;
  /** Every flag given, by name without dashes, with its raw value ("true" for bare booleans). */
  flags: Record<string, string>;
  /** Flags this mini server does not know; kept so `ps` and the manifest still show them. */
  unknownFlags: string[];
  /** The arguments as given. */
  args: string[];
}

/** FlagError is a flag value the real binary would refuse to start with. */
export class FlagError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FlagError';
  }
}

type FlagKind = 'bool' | 'string' | 'list' | 'duration' | 'int';

/** KNOWN_FLAGS are the flags the mini server parses (modelled or only shown), with their types. */
const KNOWN_FLAGS: Record<string, FlagKind> = {
  'authorization-mode': 'list',
  'enable-admission-plugins': 'list',
  'disable-admission-plugins': 'list',
  'token-auth-file': 'string',
  'anonymous-auth': 'bool',
  'client-ca-file': 'string',
  'etcd-servers': 'list',
  'event-ttl': 'duration',
  'watch-cache': 'bool',
  'advertise-address': 'string',
  'allow-privileged': 'bool',
  'apiserver-count': 'int',
  'bind-address': 'string',
  'secure-port': 'int',
  'enable-bootstrap-token-auth': 'bool',
  'etcd-cafile': 'string',
  'etcd-certfile': 'string',
  'etcd-keyfile': 'string',
  'service-account-issuer': 'string',
  'service-account-key-file': 'string',
  'service-account-signing-key-file': 'string',
  'service-cluster-ip-range': 'string',
  'service-node-port-range': 'string',
  'tls-cert-file': 'string',
  'tls-private-key-file': 'string',
  'kubelet-client-certificate': 'string',
  'kubelet-client-key': 'string',
  'kubelet-certificate-authority': 'string',
  'kubelet-preferred-address-types': 'list',
  'proxy-client-cert-file': 'string',
  'proxy-client-key-file': 'string',
  'requestheader-allowed-names': 'list',
  'requestheader-client-ca-file': 'string',
  'requestheader-extra-headers-prefix': 'list',
  'requestheader-group-headers': 'list',
  'requestheader-username-headers': 'list',
  'audit-log-path': 'string',
  'audit-log-maxage': 'int',
  'audit-log-maxbackup': 'int',
  'audit-log-maxsize': 'int',
  'encryption-provider-config': 'string',
  'runtime-config': 'string',
  v: 'int',
};

/** AUTHORIZATION_MODES are the modes the real server accepts; ABAC and Webhook are not modelled. */
const AUTHORIZATION_MODES = ['AlwaysAllow', 'AlwaysDeny', 'ABAC', 'Webhook', 'RBAC', 'Node'];

/** parseGoDuration parses Go's time.ParseDuration format into seconds (`1h`, `30m`, `1h30m`, `90s`). */
export function parseGoDuration(text: string): number | undefined {
  const units: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001 };
  if (text === '0') return 0;
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) return undefined;
  return parts.reduce((sum, p) => sum + Number(p[1]) * units[p[2]], 0);
}

/** defaultApiServerOptions are the real binary's defaults for the modelled flags. */
export function defaultApiServerOptions(): ApiServerOptions {
  return {
    authorizationModes: ['AlwaysAllow'],
    enableAdmissionPlugins: [],
    disableAdmissionPlugins: [],
    anonymousAuth: true,
    etcdServers: [],
    eventTtlSeconds: 3600,
    watchCache: true,
    flags: {},
    unknownFlags: [],
    args: [],
  };
}

function checkValue(name: string, kind: FlagKind, value: string): void {
  const bad = (why: string) => new FlagError(`invalid argument "${value}" for "--${name}" flag: ${why}`);
  if (kind === 'bool' && !['true', 'false', '1', '0', 't', 'f', 'TRUE', 'FALSE', 'True', 'False'].includes(value)) {
    throw bad(`strconv.ParseBool: parsing "${value}": invalid syntax`);
  }
  if (kind === 'int' && !/^-?\d+$/.test(value)) throw bad(`strconv.ParseInt: parsing "${value}": invalid syntax`);
  if (kind === 'duration' && parseGoDuration(value) === undefined) throw bad(`time: invalid duration "${value}"`);
}

const isTrue = (value: string) => ['true', '1', 't', 'TRUE', 'True'].includes(value);
const list = (value: string | undefined) => (value ? value.split(',').map((v) => v.trim()).filter(Boolean) : []);

/** parseApiServerFlags parses kube-apiserver arguments (the binary name, if first, is skipped). */
export function parseApiServerFlags(args: string[]): ApiServerOptions {
  const options = defaultApiServerOptions();
  options.args = [...args];
  const rest = args[0] && !args[0].startsWith('-') ? args.slice(1) : [...args];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (!arg.startsWith('--')) throw new FlagError(`unexpected argument ${JSON.stringify(arg)}: kube-apiserver takes only flags`);
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const kind = KNOWN_FLAGS[name];
    let value: string;
    if (eq >= 0) value = arg.slice(eq + 1);
    else if (kind === 'bool') value = 'true';
    else if (kind === undefined && (i + 1 >= rest.length || rest[i + 1].startsWith('--'))) value = 'true';
    else if (i + 1 < rest.length) value = rest[++i];
    else throw new FlagError(`flag needs an argument: --${name}`);
    if (kind === undefined) {
      options.unknownFlags.push(`--${name}=${value}`);
      options.flags[name] = value;
      continue;
    }
    checkValue(name, kind, value);
    options.flags[name] = value;
  }
  applyFlags(options);
  return options;
}

function applyFlags(options: ApiServerOptions): void {
  const f = options.flags;
  if (f['authorization-mode'] !== undefined) {
    options.authorizationModes = list(f['authorization-mode']);
    for (const mode of options.authorizationModes) {
      if (!AUTHORIZATION_MODES.includes(mode)) {
        throw new FlagError(`--authorization-mode: Unsupported value: "${mode}": supported values: ${AUTHORIZATION_MODES.map((m) => `"${m}"`).join(', ')}`);
      }
      if (mode === 'ABAC' || mode === 'Webhook') throw new FlagError(`--authorization-mode=${mode} is not modelled by this mini API server (use AlwaysAllow, AlwaysDeny, Node or RBAC)`);
    }
  }
  for (const flag of ['enable-admission-plugins', 'disable-admission-plugins'] as const) {
    for (const plugin of list(f[flag])) {
      if (!ADMISSION_PLUGIN_NAMES.includes(plugin)) throw new FlagError(`${flag} plugin "${plugin}" is unknown`);
    }
  }
  options.enableAdmissionPlugins = list(f['enable-admission-plugins']);
  options.disableAdmissionPlugins = list(f['disable-admission-plugins']);
  options.tokenAuthFile = f['token-auth-file'] || undefined;
  options.clientCaFile = f['client-ca-file'] || undefined;
  if (f['anonymous-auth'] !== undefined) options.anonymousAuth = isTrue(f['anonymous-auth']);
  if (f['watch-cache'] !== undefined) options.watchCache = isTrue(f['watch-cache']);
  options.etcdServers = list(f['etcd-servers']);
  if (f['event-ttl'] !== undefined) options.eventTtlSeconds = parseGoDuration(f['event-ttl'])!;
}
