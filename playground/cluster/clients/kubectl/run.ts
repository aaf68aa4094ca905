/**
 * `kubectl run NAME --image=IMAGE`: builds the same one-container pod kubectl's generator does
 * (label `run=NAME`, `resources: {}`, dnsPolicy ClusterFirst) and creates it, or prints it with
 * `--dry-run=client -o yaml`.
 */
import type { ApiClient } from '../../api/client';
import type { Container, KubeObject, Pod } from '../../api/types';
import { statusErrorText } from './errors';
import type { ParsedArgs } from './flags';
import { stringFlag, UsageError } from './flags';
import { parseOutputFormat, printObjects } from './output-format';
import type { OutputBuffer } from './result';

/** RUN_FLAGS are the flags `kubectl run` accepts besides the global ones. */
export const RUN_FLAGS = [
  { name: 'image', type: 'string' },
  { name: 'image-pull-policy', type: 'string' },
  { name: 'labels', short: 'l', type: 'string' },
  { name: 'restart', type: 'string', default: 'Always' },
  { name: 'port', type: 'string' },
  { name: 'env', type: 'stringArray' },
  { name: 'command', type: 'bool' },
  { name: 'dry-run', type: 'string' },
  { name: 'output', short: 'o', type: 'string' },
] as const;

function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const pair of text.split(',')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`invalid label spec: ${pair}`);
    labels[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return labels;
}

/** runPod builds the pod `kubectl run` would create. */
export function runPod(name: string, args: ParsedArgs, namespace: string | undefined): Pod {
  const image = stringFlag(args, 'image');
  if (!image) throw new UsageError('required flag(s) "image" not set');
  const restart = stringFlag(args, 'restart') ?? 'Always';
  if (!['Always', 'OnFailure', 'Never'].includes(restart)) throw new UsageError(`invalid restart policy: ${restart}`);
  const pullPolicy = stringFlag(args, 'image-pull-policy') ?? '';
  if (pullPolicy && !['Always', 'IfNotPresent', 'Never'].includes(pullPolicy)) {
    throw new UsageError(`invalid image pull policy: ${pullPolicy}\nSee 'kubectl run -h' for help and examples`);
  }
  const container: Container = { image, name };
  if (pullPolicy) container.imagePullPolicy = pullPolicy as Container['imagePullPolicy'];
  const extra = args.positionals.slice(1);
  if (extra.length) {
    if (args.flags.command === true) container.command = extra;
    else container.args = extra;
  }
  const env = (args.flags.env as string[] | undefined) ?? [];
  if (env.length) container.env = env.map((pair) => ({ name: pair.split('=')[0], value: pair.slice(pair.indexOf('=') + 1) }));
  const port = stringFlag(args, 'port');
  if (port) container.ports = [{ containerPort: Number(port) }];
  (container as Container & { resources: object }).resources = {};
  const labelText = stringFlag(args, 'labels');
  const metadata: Pod['metadata'] = { creationTimestamp: null as unknown as string, labels: labelText ? parseLabels(labelText) : { run: name }, name };
  if (namespace !== undefined) metadata.namespace = namespace;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata,
    spec: { containers: [container], dnsPolicy: 'ClusterFirst', restartPolicy: restart as Pod['spec']['restartPolicy'] },
    status: {},
  };
}

/** kubectlRun runs `kubectl run`. */
export function kubectlRun(client: ApiClient, args: ParsedArgs, namespace: string, out: OutputBuffer, done: () => void): void {
  const [name] = args.positionals;
  if (!name) throw new UsageError('NAME is required for run');
  const dryRun = stringFlag(args, 'dry-run');
  const format = parseOutputFormat(stringFlag(args, 'output'));
  if (dryRun !== undefined && dryRun !== 'client' && dryRun !== 'server' && dryRun !== 'none') {
    throw new UsageError(`Invalid dry-run value (${dryRun}). Must be "none", "server", or "client".`);
  }
  if (dryRun === 'server') throw new UsageError('--dry-run=server is not modelled in the playground; use --dry-run=client');
  const pod = runPod(name, args, dryRun === 'client' ? undefined : namespace);
  if (dryRun === 'client') {
    out.out(format === 'json' || format === 'yaml' ? printObjects([pod], format, true) : `pod/${name} created (dry run)`);
    return done();
  }
  const body = JSON.parse(JSON.stringify(pod)) as KubeObject;
  delete body.metadata!.creationTimestamp;
  client.create({ resource: 'pods', namespace }, body, (result) => {
    if (result.ok) {
      if (format === 'json' || format === 'yaml') out.out(printObjects([result.value], format, true));
      else out.out(`pod/${name} created`);
    } else out.err(statusErrorText(result.status));
    done();
  });
}
