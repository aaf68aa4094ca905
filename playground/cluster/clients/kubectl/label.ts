/**
 * `kubectl label TYPE NAME key=value… key-`: read the object, refuse to change an existing value
 * without --overwrite, and send a merge patch of `metadata.labels` (`pod/nginx labeled`).
 */
import type { ApiClient } from '../../api/client';
import type { KubeObject } from '../../api/types';
import { forEachSeries } from './env';
import { statusErrorText } from './errors';
import type { ParsedArgs } from './flags';
import { boolFlag, UsageError } from './flags';
import { kindName, parseResourceArgs } from './resource-args';
import type { OutputBuffer } from './result';

/** LABEL_FLAGS are the flags `kubectl label` accepts besides the global ones. */
export const LABEL_FLAGS = [{ name: 'overwrite', type: 'bool' }] as const;

/** kubectlLabel runs `kubectl label`. */
export function kubectlLabel(client: ApiClient, args: ParsedArgs, namespace: string, out: OutputBuffer, done: () => void): void {
  const changes = args.positionals.filter((p) => p.includes('=') || (p.endsWith('-') && !p.includes('/')));
  const resourceWords = args.positionals.filter((p) => !changes.includes(p));
  if (changes.length === 0) throw new UsageError('at least one label update is required');
  const set: Record<string, string> = {};
  const remove: string[] = [];
  for (const change of changes) {
    if (change.endsWith('-') && !change.includes('=')) remove.push(change.slice(0, -1));
    else set[change.slice(0, change.indexOf('='))] = change.slice(change.indexOf('=') + 1);
  }
  const targets = parseResourceArgs(resourceWords).flatMap((t) => t.names.map((name) => ({ info: t.info, name })));
  if (targets.length === 0) throw new UsageError('one or more resources must be specified as <resource> <name> or <resource>/<name>');
  forEachSeries(
    targets,
    ({ info, name }, next) => {
      const ref = { resource: info.resource, namespace: info.namespaced ? namespace : undefined, name };
      client.get(ref, (current) => {
        if (!current.ok) {
          out.err(statusErrorText(current.status));
          return next();
        }
        const labels = (current.value as KubeObject).metadata?.labels ?? {};
        for (const [key, value] of Object.entries(set)) {
          if (labels[key] !== undefined && labels[key] !== value && !boolFlag(args, 'overwrite')) {
            out.err(`error: '${key}' already has a value (${labels[key]}), and --overwrite is false`);
            return next();
          }
        }
        const patch: Record<string, string | null> = {};
        for (const [key, value] of Object.entries(set)) if (labels[key] !== value) patch[key] = value;
        for (const key of remove) if (labels[key] !== undefined) patch[key] = null;
        const label = `${kindName(info)}/${name}`;
        if (Object.keys(patch).length === 0) {
          out.out(`${label} not labeled`);
          return next();
        }
        client.patch(ref, { metadata: { labels: patch } }, 'merge', (patched) => {
          if (patched.ok) out.out(`${label} ${Object.keys(set).length === 0 ? 'unlabeled' : 'labeled'}`);
          else out.err(statusErrorText(patched.status));
          next();
        });
      });
    },
    done,
  );
}
