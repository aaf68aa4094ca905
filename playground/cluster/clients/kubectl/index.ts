/**
 * kubectl for step code: `kubectl(env, "get pods -n kube-system -o wide", done)`. The line is split
 * like a shell would, flags are parsed like kubectl's (pflag), and the command talks to
 * kube-apiserver through the ApiClient only, so every request shows up in the trace. The result is
 * the text kubectl would print, on stdout and stderr, and its exit code.
 */
import type { ApiClient } from '../../api/client';
import { kubectlApply, kubectlCreate } from './apply';
import { CAN_I_FLAGS, kubectlCanI, kubectlWhoAmI } from './auth';
import { CommandLineError, splitCommandLine } from './command-line';
import { kubectlCordon } from './cordon';
import { DELETE_FLAGS, kubectlDelete } from './delete';
import { DESCRIBE_FLAGS, kubectlDescribe } from './describe';
import { API_RESOURCES_FLAGS, kubectlApiResources, kubectlVersion } from './discovery';
import type { KubectlEnv } from './env';
import type { FlagSpec, ParsedArgs } from './flags';
import { parseFlags, stringFlag, UsageError } from './flags';
import { GET_FLAGS, kubectlGet } from './get';
import { kubectlLabel, LABEL_FLAGS } from './label';
import { kubectlLogs, LOGS_FLAGS } from './logs';
import { ManifestError, readManifests, readSource } from './manifests';
import { ResourceArgsError } from './resource-args';
import type { Done } from './result';
import { OutputBuffer } from './result';
import { kubectlRun, RUN_FLAGS } from './run';
import { kubectlScale, SCALE_FLAGS } from './scale';
import { kubectlSetImage, SET_IMAGE_FLAGS } from './set-image';
import { kubectlWait, WAIT_FLAGS } from './wait';

/** KubectlOptions carry what a terminal would: text piped to stdin (for `-f -`). */
export interface KubectlOptions {
  stdin?: string;
}

const GLOBAL_FLAGS: FlagSpec[] = [
  { name: 'namespace', short: 'n', type: 'string' },
  { name: 'all-namespaces', short: 'A', type: 'bool' },
  { name: 'as', type: 'string' },
  // Bounds `get -w` in virtual time; other requests answer at once, so they ignore it.
  { name: 'request-timeout', type: 'string' },
];

const FILENAME: FlagSpec = { name: 'filename', short: 'f', type: 'string' };

const COMMAND_FLAGS: Record<string, readonly FlagSpec[]> = {
  get: GET_FLAGS,
  describe: DESCRIBE_FLAGS,
  apply: [FILENAME, { name: 'validate', type: 'string' }],
  create: [FILENAME, { name: 'validate', type: 'string' }],
  delete: DELETE_FLAGS,
  run: RUN_FLAGS,
  cordon: [],
  uncordon: [],
  label: LABEL_FLAGS,
  scale: SCALE_FLAGS,
  auth: CAN_I_FLAGS,
  wait: WAIT_FLAGS,
  set: SET_IMAGE_FLAGS,
  logs: LOGS_FLAGS,
  'api-resources': API_RESOURCES_FLAGS,
  version: [{ name: 'client', type: 'bool' }],
};

const GLOBAL_VALUE_FLAGS = new Set(['-n', '--namespace', '--as', '--request-timeout']);

function findCommand(words: readonly string[]): number {
  for (let i = 0; i < words.length; i++) {
    if (!words[i].startsWith('-')) return i;
    if (GLOBAL_VALUE_FLAGS.has(words[i])) i++;
  }
  return -1;
}

/** kubectl runs one command line (the leading word `kubectl` is optional) and calls done with its output. */
export function kubectl(env: KubectlEnv, commandLine: string, done: Done, options: KubectlOptions = {}): void {
  let words: string[];
  try {
    words = splitCommandLine(commandLine);
  } catch (error) {
    if (error instanceof CommandLineError) return done({ stdout: '', stderr: `error: ${error.message}\n`, exitCode: 1 });
    throw error;
  }
  kubectlArgs(env, words, done, options);
}

/** kubectlArgs runs kubectl with already-split arguments (for a shell that did the splitting). */
export function kubectlArgs(env: KubectlEnv, argv: readonly string[], done: Done, options: KubectlOptions = {}): void {
  const out = new OutputBuffer();
  const finish = () => done(out.result());
  const words = argv[0] === 'kubectl' ? argv.slice(1) : [...argv];
  const at = findCommand(words);
  try {
    if (at < 0) throw new UsageError('kubectl controls the Kubernetes cluster manager: give a command such as get, describe, apply, create, run, delete, label, cordon, scale, set image, wait, logs, auth can-i, auth whoami, api-resources or version');
    const command = words[at];
    const specs = COMMAND_FLAGS[command];
    if (!specs) throw new UsageError(`unknown command "${command}" for "kubectl"`);
    const args = parseFlags([...words.slice(0, at), ...words.slice(at + 1)], [...GLOBAL_FLAGS, ...specs], command);
    const user = stringFlag(args, 'as');
    const client = user === undefined ? env.client : env.clientFor?.(user);
    if (!client) throw new UsageError(`no credentials for user "${user}" in this cluster`);
    const namespace = stringFlag(args, 'namespace') ?? env.defaultNamespace ?? 'default';
    runCommand(env, client, command, args, namespace, options, out, finish);
  } catch (error) {
    if (error instanceof UsageError) {
      out.err(`error: ${error.message}` + (error.commandPath ? `\nSee 'kubectl ${error.commandPath} --help' for usage.` : ''));
    } else if (error instanceof ResourceArgsError || error instanceof ManifestError) {
      out.err(error.message);
    } else throw error;
    finish();
  }
}

function runCommand(env: KubectlEnv, client: ApiClient, command: string, args: ParsedArgs, namespace: string, options: KubectlOptions, out: OutputBuffer, finish: () => void): void {
  const explicitNamespace = args.changed.has('namespace') ? namespace : undefined;
  const manifests = (verb: string) => {
    const { text, source } = readSource(env, stringFlag(args, 'filename'), options.stdin, verb);
    return { items: readManifests(text, source, namespace, explicitNamespace, verb), source };
  };
  switch (command) {
    case 'get':
      return kubectlGet(env, client, args, namespace, out, finish);
    case 'describe':
      return kubectlDescribe(env, client, args, namespace, out, finish);
    case 'apply': {
      if (args.positionals.length) throw new UsageError(`Unexpected args: [${args.positionals.join(' ')}]\nSee 'kubectl apply -h' for help and examples`);
      const { items, source } = manifests('apply');
      return kubectlApply(client, items, source, out, finish);
    }
    case 'create': {
      const [kind, name] = args.positionals;
      if (kind === 'namespace' || kind === 'ns') {
        if (!name) throw new UsageError('exactly one NAME is required, got 0');
        const item = readManifests(JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }), 'STDIN', namespace, undefined, 'create');
        return kubectlCreate(client, item, 'STDIN', out, finish);
      }
      if (args.positionals.length) throw new UsageError(`unknown command "${kind}" for "kubectl create"`);
      const { items, source } = manifests('create');
      return kubectlCreate(client, items, source, out, finish);
    }
    case 'delete': {
      const fromFile = stringFlag(args, 'filename') !== undefined ? manifests('delete') : undefined;
      return kubectlDelete(env, client, args, namespace, fromFile?.items, fromFile?.source, out, finish);
    }
    case 'run':
      return kubectlRun(client, args, namespace, out, finish);
    case 'cordon':
    case 'uncordon':
      return kubectlCordon(client, args.positionals, command === 'cordon', out, finish);
    case 'label':
      return kubectlLabel(client, args, namespace, out, finish);
    case 'scale':
      return kubectlScale(client, args, namespace, out, finish);
    case 'auth': {
      if (args.positionals[0] === 'whoami') return kubectlWhoAmI(client, args, args.positionals.slice(1), out, finish);
      if (args.positionals[0] !== 'can-i') throw new UsageError(`unknown command "${args.positionals[0] ?? ''}" for "kubectl auth" (the playground has can-i and whoami)`);
      return kubectlCanI(client, args, args.positionals.slice(1), namespace, out, finish);
    }
    case 'wait':
      return kubectlWait(env, client, args, namespace, out, finish);
    case 'set': {
      if (args.positionals[0] !== 'image') throw new UsageError(`unknown command "${args.positionals[0] ?? ''}" for "kubectl set" (the playground has set image)`);
      return kubectlSetImage(client, args, args.positionals.slice(1), namespace, out, finish);
    }
    case 'logs':
      return kubectlLogs(client, args, namespace, out, finish);
    case 'api-resources':
      kubectlApiResources(args, out);
      return finish();
    default:
      return kubectlVersion(client, args, out, finish);
  }
}
