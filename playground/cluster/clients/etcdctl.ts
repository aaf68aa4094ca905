/**
 * etcdctl for admins on the control-plane node: the v3 commands a reader types to look at what
 * kube-apiserver stored (`etcdctl get /registry/pods --prefix --keys-only`), with etcdctl 3.5's
 * flags, output formats and errors. It talks to the EtcdClient it is given, as the real one talks
 * to etcd's gRPC port, and never goes through kube-apiserver.
 *
 * Note on values: our kube-apiserver stores objects as JSON text, as a real one started with
 * `--storage-media-type=application/json` would. A default kube-apiserver stores protobuf
 * (values start with `k8s\0` and look binary under etcdctl), so `get` output here is easier to
 * read than on a real cluster.
 */
import type { EtcdClient } from '../etcd/types';
import { EtcdError } from '../etcd/types';
import type { EventLoop } from '../sim/loop';
import { CommandLineError, splitCommandLine } from './kubectl/command-line';
import type { FlagSpec } from './kubectl/flags';
import { parseFlags, stringFlag, UsageError } from './kubectl/flags';
import type { Done } from './kubectl/result';
import { DEFAULT_MEMBER, etcdctlEndpoint, etcdctlLease, etcdctlMemberList } from './etcdctl/cluster';
import type { EtcdMember } from './etcdctl/cluster';
import { etcdctlCompaction, etcdctlDel, etcdctlGet, etcdctlPut } from './etcdctl/kv';
import { EtcdctlUsageError, EXIT } from './etcdctl/usage';
import { etcdctlWatch } from './etcdctl/watch';
import type { WatchBounds } from './etcdctl/watch';

/** EtcdctlEnv is what etcdctl runs against. */
export interface EtcdctlEnv {
  etcd: EtcdClient;
  loop: EventLoop;
  /** The member shown by `member list` / `endpoint status` (default: a plain `etcd`). */
  member?: EtcdMember;
  /** When true (kubeadm's etcd), commands without --cacert, --cert and --key time out as over TLS. */
  requireClientCert?: boolean;
}

const GLOBAL_FLAGS: FlagSpec[] = [
  { name: 'write-out', short: 'w', type: 'string', default: 'simple' },
  { name: 'endpoints', type: 'string', default: '127.0.0.1:2379' },
  { name: 'cacert', type: 'string' },
  { name: 'cert', type: 'string' },
  { name: 'key', type: 'string' },
  { name: 'user', type: 'string' },
  { name: 'command-timeout', type: 'string' },
  { name: 'dial-timeout', type: 'string' },
  { name: 'insecure-skip-tls-verify', type: 'bool' },
];

const COMMAND_FLAGS: Record<string, FlagSpec[]> = {
  get: ['prefix', 'from-key', 'keys-only', 'print-value-only', 'count-only'].map((name): FlagSpec => ({ name, type: 'bool' })).concat([
    { name: 'limit', type: 'int' },
    { name: 'rev', type: 'int' },
  ]),
  put: [{ name: 'lease', type: 'string' }, { name: 'prev-kv', type: 'bool' }],
  del: [{ name: 'prefix', type: 'bool' }, { name: 'from-key', type: 'bool' }, { name: 'prev-kv', type: 'bool' }],
  watch: [{ name: 'prefix', type: 'bool' }, { name: 'prev-kv', type: 'bool' }, { name: 'rev', type: 'int' }],
  compaction: [{ name: 'physical', type: 'bool' }],
  lease: [{ name: 'keys', type: 'bool' }, { name: 'once', type: 'bool' }],
  endpoint: [],
  member: [],
  version: [],
};

const VALUE_FLAGS = new Set(GLOBAL_FLAGS.filter((f) => f.type !== 'bool').flatMap((f) => [`--${f.name}`, ...(f.short ? [`-${f.short}`] : [])]));

/** findCommand returns the index of the first word that is not a global flag or its value. */
function findCommand(words: string[]): number {
  for (let i = 0; i < words.length; i++) {
    if (!words[i].startsWith('-')) return i;
    if (VALUE_FLAGS.has(words[i])) i++;
  }
  return -1;
}

/** etcdctl runs one etcdctl command line and calls done with its output; `ETCDCTL_API=3` and `etcdctl` prefixes are optional. */
export function etcdctl(env: EtcdctlEnv, commandLine: string, done: Done, watchBounds: WatchBounds = {}): void {
  let words: string[];
  try {
    words = splitCommandLine(commandLine);
  } catch (error) {
    if (error instanceof CommandLineError) return done({ stdout: '', stderr: `Error: ${error.message}\n`, exitCode: EXIT.badArgs });
    throw error;
  }
  etcdctlArgs(env, words, done, watchBounds);
}

/** etcdctlArgs runs etcdctl with already-split arguments (for a shell that did the splitting). */
export function etcdctlArgs(env: EtcdctlEnv, argv: readonly string[], done: Done, watchBounds: WatchBounds = {}): void {
  const fail = (message: string, exitCode: number) => done({ stdout: '', stderr: `Error: ${message}\n`, exitCode });
  const words = [...argv];
  while (words.length && /^[A-Z_]+=/.test(words[0])) words.shift();
  if (words[0] === 'etcdctl') words.shift();
  const at = findCommand(words);
  if (at < 0) return fail('no command given: try get, put, del, watch, compaction, lease, endpoint, member or version', EXIT.badArgs);
  const command = words[at];
  const specs = COMMAND_FLAGS[command];
  if (!specs) return fail(`unknown command "${command}" for "etcdctl"`, EXIT.badArgs);
  const member = env.member ?? DEFAULT_MEMBER;
  try {
    const args = parseFlags([...words.slice(0, at), ...words.slice(at + 1)], [...GLOBAL_FLAGS, ...specs], `etcdctl ${command}`);
    const format = stringFlag(args, 'write-out') ?? 'simple';
    if (!['simple', 'json', 'fields', 'table', 'protobuf'].includes(format)) return fail(`unknown output format "${format}"`, EXIT.badFeature);
    if (format === 'protobuf') return fail('protobuf output is not supported in the playground', EXIT.badFeature);
    if (env.requireClientCert && command !== 'version' && !(args.changed.has('cacert') && args.changed.has('cert') && args.changed.has('key'))) {
      env.loop.schedule(5_000, 'etcdctl dial timeout', () => done({ stdout: '', stderr: 'Error: context deadline exceeded\n', exitCode: EXIT.error }));
      return;
    }
    const endpoint = (stringFlag(args, 'endpoints') ?? '127.0.0.1:2379').split(',')[0].replace(/^https?:\/\//, '');
    let stdout: string;
    switch (command) {
      case 'get':
        stdout = etcdctlGet(env.etcd, args, format);
        break;
      case 'put':
        stdout = etcdctlPut(env.etcd, args, format);
        break;
      case 'del':
        stdout = etcdctlDel(env.etcd, args, format);
        break;
      case 'compaction':
        stdout = etcdctlCompaction(env.etcd, args);
        break;
      case 'lease':
        stdout = etcdctlLease(env.etcd, args, format);
        break;
      case 'endpoint':
        stdout = etcdctlEndpoint(env.etcd, args, format, endpoint, member);
        break;
      case 'member':
        if (args.positionals[0] !== 'list') return fail('member command supports only "list" in the playground', EXIT.badArgs);
        stdout = etcdctlMemberList(member, format);
        break;
      case 'version':
        stdout = `etcdctl version: ${member.version}\nAPI version: ${member.version.split('.').slice(0, 2).join('.')}\n`;
        break;
      default:
        return etcdctlWatch(env.etcd, env.loop, args, format, watchBounds, done);
    }
    done({ stdout, stderr: '', exitCode: EXIT.success });
  } catch (error) {
    if (error instanceof EtcdctlUsageError) return fail(error.message, error.exitCode);
    if (error instanceof UsageError) return fail(error.message, EXIT.badArgs);
    if (error instanceof EtcdError) return fail(error.message, EXIT.error);
    throw error;
  }
}
