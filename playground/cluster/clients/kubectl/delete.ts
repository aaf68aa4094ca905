/**
 * `kubectl delete TYPE NAME…`, `TYPE/NAME`, `-l SELECTOR`, `--all` and `-f`: DELETE with
 * propagationPolicy Background, print `pod "nginx" deleted`, then wait until the objects are
 * really gone (a running pod lingers for its grace period while the kubelet stops it).
 */
import type { ApiClient, DeleteOptions, ListOptions } from '../../api/client';
import type { ResourceInfo } from '../../api/resources';
import type { KubeObject, List } from '../../api/types';
import type { KubectlEnv } from './env';
import { forEachSeries } from './env';
import { statusErrorText } from './errors';
import type { ParsedArgs } from './flags';
import { boolFlag, stringFlag, UsageError } from './flags';
import type { ManifestObject } from './manifests';
import { kindName, parseResourceArgs } from './resource-args';
import type { OutputBuffer } from './result';
import { parseTimeout, waitForDeletion } from './wait-deleted';

/** DELETE_FLAGS are the flags `kubectl delete` accepts besides the global ones. */
export const DELETE_FLAGS = [
  { name: 'filename', short: 'f', type: 'string' },
  { name: 'selector', short: 'l', type: 'string' },
  { name: 'all', type: 'bool' },
  { name: 'grace-period', type: 'int', default: -1 },
  { name: 'now', type: 'bool' },
  { name: 'force', type: 'bool' },
  { name: 'wait', type: 'bool', default: true },
  { name: 'timeout', type: 'string' },
] as const;

interface DeleteTarget {
  info: ResourceInfo;
  namespace?: string;
  name: string;
}

/** deleteOptionsFrom turns --grace-period, --now and --force into DeleteOptions. */
function deleteOptionsFrom(args: ParsedArgs): DeleteOptions {
  const options: DeleteOptions = { propagationPolicy: 'Background' };
  let grace = Number(args.flags['grace-period'] ?? -1);
  if (boolFlag(args, 'now')) {
    if (grace >= 0) throw new UsageError('--now and --grace-period cannot be specified together');
    grace = 1;
  }
  if (boolFlag(args, 'force') && grace < 0) grace = 0;
  if (grace >= 0) options.gracePeriodSeconds = grace;
  return options;
}

/** kubectlDelete deletes the targets named by args (or the manifest objects) and waits for them. */
export function kubectlDelete(env: KubectlEnv, client: ApiClient, args: ParsedArgs, namespace: string, manifests: ManifestObject[] | undefined, source: string | undefined, out: OutputBuffer, done: () => void): void {
  const options = deleteOptionsFrom(args);
  const timeoutMs = parseTimeout(stringFlag(args, 'timeout'));
  const force = boolFlag(args, 'force');
  const selector = stringFlag(args, 'selector');
  const targets: DeleteTarget[] = [];
  const toWait: { target: DeleteTarget; uid?: string }[] = [];

  const collect = (finish: () => void) => {
    if (manifests) {
      targets.push(...manifests.map((m) => ({ info: m.info, namespace: m.namespace, name: m.name })));
      return finish();
    }
    const resourceArgs = parseResourceArgs(args.positionals);
    if (resourceArgs.length === 0) throw new UsageError(`You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'`);
    const byName = resourceArgs.filter((t) => t.names.length > 0);
    if (byName.length === resourceArgs.length) {
      for (const t of byName) for (const name of t.names) targets.push({ info: t.info, namespace: t.info.namespaced ? namespace : undefined, name });
      return finish();
    }
    if (!selector && !boolFlag(args, 'all')) throw new UsageError('resource(s) were provided, but no name was specified');
    const listOptions: ListOptions = { labelSelector: selector };
    forEachSeries(
      resourceArgs,
      (t, next) =>
        client.list({ resource: t.info.resource, namespace: t.info.namespaced ? namespace : undefined }, listOptions, (result) => {
          if (result.ok) for (const item of (result.value as List).items) targets.push({ info: t.info, namespace: item.metadata?.namespace, name: item.metadata?.name ?? '' });
          else out.err(statusErrorText(result.status));
          next();
        }),
      () => {
        if (targets.length === 0 && !out.failed) out.note(resourceArgs.some((t) => t.info.namespaced) ? `No resources found in ${namespace} namespace.` : 'No resources found');
        finish();
      },
    );
  };

  collect(() => {
    if (force && targets.length) out.note('Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.');
    forEachSeries(
      targets,
      (target, next) =>
        client.delete({ resource: target.info.resource, namespace: target.namespace, name: target.name }, options, (result) => {
          if (result.ok) {
            out.out(`${kindName(target.info)} "${target.name}" ${force ? 'force deleted' : 'deleted'}`);
            const body = result.value as KubeObject & { details?: { uid?: string } };
            toWait.push({ target, uid: body.metadata?.uid ?? body.details?.uid });
          } else out.err(statusErrorText(result.status, source ? { action: 'deleting', source } : undefined));
          next();
        }),
      () => {
        if (!boolFlag(args, 'wait')) return done();
        forEachSeries(
          toWait,
          ({ target, uid }, next) =>
            waitForDeletion(client, env.loop, { resource: target.info.resource, namespace: target.namespace, name: target.name }, uid, timeoutMs, (gone) => {
              if (!gone) out.err(`error: timed out waiting for the condition on ${target.info.resource}/${target.name}`);
              next();
            }),
          done,
        );
      },
    );
  });
}
