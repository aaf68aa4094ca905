/**
 * `kubectl get`: list or fetch objects and print them as a table (kubectl's columns, widths and
 * "No resources found" note), or as json, yaml or names. `--raw PATH` prints a raw GET.
 * Where real kubectl asks the server for a `Table`, this one computes the same columns itself.
 * `-w` hands over to get-watch.ts.
 */
import type { ApiClient, ListOptions } from '../../api/client';
import type { KubeObject, List, Status } from '../../api/types';
import { printerFor } from '../printers/columns';
import { table } from '../printers/tabwriter';
import type { KubectlEnv } from './env';
import { forEachSeries } from './env';
import { statusErrorText } from './errors';
import { kubectlGetWatch } from './get-watch';
import type { ParsedArgs } from './flags';
import { boolFlag, stringFlag, UsageError } from './flags';
import { objectName, parseOutputFormat, printObjects, withTypeMeta } from './output-format';
import { kindName, parseResourceArgs } from './resource-args';
import type { ResourceTarget } from './resource-args';
import type { OutputBuffer } from './result';

/** GET_FLAGS are the flags `kubectl get` accepts besides the global ones. */
export const GET_FLAGS = [
  { name: 'output', short: 'o', type: 'string' },
  { name: 'selector', short: 'l', type: 'string' },
  { name: 'field-selector', type: 'string' },
  { name: 'show-labels', type: 'bool' },
  { name: 'no-headers', type: 'bool' },
  { name: 'raw', type: 'string' },
  { name: 'watch', short: 'w', type: 'bool' },
  { name: 'watch-only', type: 'bool' },
] as const;

interface Fetched {
  target: ResourceTarget;
  objects: KubeObject[];
}

function formatLabels(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  return keys.length ? keys.map((k) => `${k}=${labels![k]}`).join(',') : '<none>';
}

/** rawGet runs `get --raw PATH`: the response body as the server sent it. */
function rawGet(client: ApiClient, path: string, out: OutputBuffer, done: () => void): void {
  client.request({ method: 'GET', path }, (response) => {
    if (response.code >= 200 && response.code < 300) out.out(typeof response.body === 'string' ? response.body : JSON.stringify(response.body));
    else {
      const body = response.body as Status | undefined;
      out.err(body && body.kind === 'Status' ? statusErrorText(body) : `Error from server: ${JSON.stringify(response.body)}`);
    }
    done();
  });
}

/** kubectlGet runs `kubectl get`; `namespace` is the effective -n. */
export function kubectlGet(env: KubectlEnv, client: ApiClient, args: ParsedArgs, namespace: string, out: OutputBuffer, done: () => void): void {
  const raw = stringFlag(args, 'raw');
  if (raw !== undefined) {
    if (args.positionals.length) throw new UsageError('arguments may not be passed when --raw is specified');
    return rawGet(client, raw, out, done);
  }
  const format = parseOutputFormat(stringFlag(args, 'output'));
  const targets = parseResourceArgs(args.positionals);
  if (targets.length === 0) {
    throw new UsageError(
      'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\nSee \'kubectl get -h\' for help and examples',
    );
  }
  if (boolFlag(args, 'watch') || boolFlag(args, 'watch-only')) return kubectlGetWatch(env, client, args, targets, namespace, out, done);
  const allNamespaces = boolFlag(args, 'all-namespaces');
  const listOptions: ListOptions = { labelSelector: stringFlag(args, 'selector'), fieldSelector: stringFlag(args, 'field-selector') };
  const fetched: Fetched[] = [];
  let requestedByName = false;

  forEachSeries(
    targets,
    (target, next) => {
      const bucket: Fetched = { target, objects: [] };
      fetched.push(bucket);
      const ns = target.info.namespaced ? (allNamespaces && target.names.length === 0 ? undefined : namespace) : undefined;
      if (target.names.length === 0) {
        client.list({ resource: target.info.resource, namespace: ns }, listOptions, (result) => {
          if (result.ok) bucket.objects.push(...(result.value as List).items.map((item) => withTypeMeta(item, target.info)));
          else out.err(statusErrorText(result.status));
          next();
        });
        return;
      }
      requestedByName = true;
      forEachSeries(
        target.names,
        (name, nextName) =>
          client.get({ resource: target.info.resource, namespace: ns, name }, (result) => {
            if (result.ok) bucket.objects.push(withTypeMeta(result.value, target.info));
            else out.err(statusErrorText(result.status));
            nextName();
          }),
        next,
      );
    },
    () => {
      const objects = fetched.flatMap((f) => f.objects);
      if (format === 'json' || format === 'yaml') {
        const single = requestedByName && targets.length === 1 && targets[0].names.length === 1;
        if (objects.length || !out.failed) out.out(printObjects(objects, format, single));
      } else if (format === 'name') {
        for (const f of fetched) for (const o of f.objects) out.out(objectName(f.target.info, o.metadata?.name));
      } else if (objects.length) {
        out.out(renderTables(env, fetched, format === 'wide', allNamespaces, boolFlag(args, 'show-labels'), boolFlag(args, 'no-headers')));
      }
      if (objects.length === 0 && !out.failed && format !== 'json' && format !== 'yaml') {
        const namespaced = targets.some((t) => t.info.namespaced);
        out.note(namespaced && !allNamespaces ? `No resources found in ${namespace} namespace.` : 'No resources found');
      }
      done();
    },
  );
}

function renderTables(env: KubectlEnv, fetched: Fetched[], wide: boolean, allNamespaces: boolean, showLabels: boolean, noHeaders: boolean): string {
  const withKind = new Set(fetched.map((f) => f.target.info.resource)).size > 1;
  // The kind prefix goes on the NAME column; tables without one (events) are printed as they are.
  const now = env.loop.now();
  const blocks: string[] = [];
  for (const { target, objects } of fetched) {
    if (objects.length === 0) continue;
    const printer = printerFor(target.info.resource);
    const withNamespace = allNamespaces && target.info.namespaced;
    const rows: string[][] = [];
    if (!noHeaders) rows.push([...(withNamespace ? ['NAMESPACE'] : []), ...printer.columns(wide), ...(showLabels ? ['LABELS'] : [])]);
    for (const object of objects) {
      const cells = printer.row(object, now, wide);
      if (withKind && printer.columns(wide)[0] === 'NAME') cells[0] = `${kindName(target.info)}/${cells[0]}`;
      rows.push([...(withNamespace ? [object.metadata?.namespace ?? ''] : []), ...cells, ...(showLabels ? [formatLabels(object.metadata?.labels)] : [])]);
    }
    blocks.push(table(rows));
  }
  return blocks.join('\n\n');
}
