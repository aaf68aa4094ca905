/**
 * `kubectl get -w` / `--watch` / `--watch-only`: print the current objects, then one more row for
 * every change the server sends, the way kubectl's watch loop does (k8s.io/kubectl get.go `watch`):
 * a collection is LISTed and watched from the list's resourceVersion; a named object is fetched
 * and watched from resourceVersion 0 by `metadata.name`, whose first (synthetic ADDED) event is
 * not printed. Real kubectl runs until Ctrl+C; here `--request-timeout` (default 30s of virtual
 * time) ends the watch, and the command exits 0 as kubectl does when its watch closes.
 */
import type { ApiClient, ListOptions } from '../../api/client';
import type { KubeObject, List } from '../../api/types';
import { printerFor } from '../printers/columns';
import { RememberedWidths } from '../printers/tabwriter';
import type { KubectlEnv } from './env';
import { statusErrorText } from './errors';
import type { ParsedArgs } from './flags';
import { boolFlag, stringFlag, UsageError } from './flags';
import { objectName, parseOutputFormat, printObjects, withTypeMeta } from './output-format';
import type { ResourceTarget } from './resource-args';
import type { OutputBuffer } from './result';

/** DEFAULT_WATCH_MS bounds a watch without --request-timeout: 30 s of virtual time. */
export const DEFAULT_WATCH_MS = 30_000;

/** parseRequestTimeout reads `--request-timeout`: a Go duration (`30s`, `1m30s`) or plain seconds (`30`). */
export function parseRequestTimeout(text: string | undefined): number {
  if (text === undefined) return DEFAULT_WATCH_MS;
  const units: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };
  let total = 0;
  if (/^\d+$/.test(text)) total = Number(text) * 1_000;
  else {
    const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
    if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) {
      throw new UsageError(`Invalid timeout value. Timeout must be a single integer in seconds, or an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)`);
    }
    for (const part of parts) total += Number(part[1]) * units[part[2]];
  }
  if (total <= 0) throw new UsageError('--request-timeout=0 would watch forever; in the playground give the watch a length, such as --request-timeout=2m');
  return total;
}

/** kubectlGetWatch runs `kubectl get` with --watch or --watch-only on a single resource type. */
export function kubectlGetWatch(env: KubectlEnv, client: ApiClient, args: ParsedArgs, targets: ResourceTarget[], namespace: string, out: OutputBuffer, done: () => void): void {
  if (targets.length !== 1) throw new UsageError('you may only specify a single resource type');
  const [target] = targets;
  if (target.names.length > 1) throw new UsageError('watch is only supported on individual resources and resource collections, but 2 resources were found');
  const format = parseOutputFormat(stringFlag(args, 'output'));
  const watchMs = parseRequestTimeout(stringFlag(args, 'request-timeout'));
  const allNamespaces = boolFlag(args, 'all-namespaces');
  const watchOnly = boolFlag(args, 'watch-only');
  const ns = target.info.namespaced ? (allNamespaces && target.names.length === 0 ? undefined : namespace) : undefined;
  const ref = { resource: target.info.resource, namespace: ns };
  const printer = printerFor(target.info.resource);
  const wide = format === 'wide';
  const withNamespace = allNamespaces && target.info.namespaced;
  const widths = new RememberedWidths();
  let headerPrinted = boolFlag(args, 'no-headers');

  const print = (objects: KubeObject[]) => {
    if (objects.length === 0) return;
    if (format === 'json' || format === 'yaml') {
      for (const object of objects) out.out(printObjects([withTypeMeta(object, target.info)], format, true));
      return;
    }
    if (format === 'name') {
      for (const object of objects) out.out(objectName(target.info, object.metadata?.name));
      return;
    }
    const rows: string[][] = [];
    if (!headerPrinted) rows.push([...(withNamespace ? ['NAMESPACE'] : []), ...printer.columns(wide)]);
    headerPrinted = true;
    const now = env.loop.now();
    for (const object of objects) rows.push([...(withNamespace ? [object.metadata?.namespace ?? ''] : []), ...printer.row(object, now, wide)]);
    out.out(widths.render(rows));
  };

  const follow = (resourceVersion: string, fieldSelector: string | undefined, skipFirst: boolean) => {
    let skip = skipFirst;
    let finished = false;
    const listOptions: ListOptions = { labelSelector: stringFlag(args, 'selector'), fieldSelector };
    const handle = client.watch(ref, { ...listOptions, resourceVersion }, (event) => {
      if (finished || event.type === 'BOOKMARK') return;
      if (event.type === 'ERROR') {
        out.err(statusErrorText(event.object as never));
        return finish();
      }
      if (skip) {
        skip = false;
        return;
      }
      print([event.object as KubeObject]);
    }, () => finish());
    const timer = env.loop.schedule(watchMs, `kubectl get -w: request timeout`, () => finish());
    function finish() {
      if (finished) return;
      finished = true;
      env.loop.cancel(timer);
      handle.stop();
      done();
    }
  };

  if (target.names.length === 1) {
    const name = target.names[0];
    client.get({ ...ref, name }, (result) => {
      if (!result.ok) {
        out.err(statusErrorText(result.status));
        return done();
      }
      if (!watchOnly) print([result.value]);
      follow('0', `metadata.name=${name}`, true);
    });
    return;
  }
  client.list(ref, { labelSelector: stringFlag(args, 'selector'), fieldSelector: stringFlag(args, 'field-selector') }, (result) => {
    if (!result.ok) {
      out.err(statusErrorText(result.status));
      return done();
    }
    const list = result.value as List;
    if (!watchOnly) print(list.items);
    follow(list.metadata.resourceVersion ?? '0', stringFlag(args, 'field-selector'), false);
  });
}
