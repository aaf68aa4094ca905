/**
 * `kubectl scale rs NAME --replicas=N`. Real kubectl patches the `scale` subresource; the mini API
 * server does not serve it, so this patches `spec.replicas` directly, with the same result.
 */
import type { ApiClient } from '../../api/client';
import { forEachSeries } from './env';
import { statusErrorText } from './errors';
import type { ParsedArgs } from './flags';
import { UsageError } from './flags';
import { kindName, parseResourceArgs } from './resource-args';
import type { OutputBuffer } from './result';

/** SCALE_FLAGS are the flags `kubectl scale` accepts besides the global ones. */
export const SCALE_FLAGS = [{ name: 'replicas', type: 'int', default: -1 }] as const;

/** kubectlScale runs `kubectl scale`. */
export function kubectlScale(client: ApiClient, args: ParsedArgs, namespace: string, out: OutputBuffer, done: () => void): void {
  const replicas = Number(args.flags.replicas ?? -1);
  if (replicas < 0) throw new UsageError('The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0');
  const targets = parseResourceArgs(args.positionals).flatMap((t) => t.names.map((name) => ({ info: t.info, name })));
  if (targets.length === 0) throw new UsageError('one or more resources must be specified as <resource> <name> or <resource>/<name>');
  forEachSeries(
    targets,
    ({ info, name }, next) => {
      if (info.resource !== 'replicasets') {
        out.err(`error: no objects passed to scale ${kindName(info)} "${name}" (the playground scales replicasets)`);
        return next();
      }
      client.patch({ resource: info.resource, namespace, name }, { spec: { replicas } }, 'merge', (patched) => {
        if (patched.ok) out.out(`${kindName(info)}/${name} scaled`);
        else out.err(statusErrorText(patched.status));
        next();
      });
    },
    done,
  );
}
