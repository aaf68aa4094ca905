/**
 * `kubectl api-resources` and `kubectl version`. api-resources prints the resource table (what
 * discovery would return), core group first, then groups alphabetically; version asks the server's
 * /version.
 */
import type { ApiClient } from '../../api/client';
import { apiVersionOf, RESOURCES } from '../../api/resources';
import { table } from '../printers/tabwriter';
import { CLIENT_VERSION } from './env';
import { statusErrorText } from './errors';
import type { ParsedArgs } from './flags';
import { stringFlag, UsageError } from './flags';
import type { OutputBuffer } from './result';
import type { Status } from '../../api/types';

/** API_RESOURCES_FLAGS are the flags `kubectl api-resources` accepts besides the global ones. */
export const API_RESOURCES_FLAGS = [
  { name: 'namespaced', type: 'string' },
  { name: 'api-group', type: 'string' },
  { name: 'output', short: 'o', type: 'string' },
  { name: 'no-headers', type: 'bool' },
] as const;

/** kubectlApiResources prints the served resources. */
export function kubectlApiResources(args: ParsedArgs, out: OutputBuffer): void {
  const namespaced = stringFlag(args, 'namespaced');
  const group = stringFlag(args, 'api-group');
  const format = stringFlag(args, 'output') ?? '';
  if (!['', 'wide', 'name'].includes(format)) throw new UsageError(`--output ${format} is not available`);
  const resources = RESOURCES.filter((r) => (namespaced === undefined || String(r.namespaced) === namespaced) && (group === undefined || r.group === group)).sort((a, b) =>
    a.group === b.group ? (a.resource < b.resource ? -1 : 1) : a.group === '' ? -1 : b.group === '' ? 1 : a.group < b.group ? -1 : 1,
  );
  if (format === 'name') {
    for (const r of resources) out.out(r.group ? `${r.resource}.${r.group}` : r.resource);
    return;
  }
  const wide = format === 'wide';
  const rows = resources.map((r) => [r.resource, r.shortNames.join(','), apiVersionOf(r), String(r.namespaced), r.kind, ...(wide ? [`[${r.verbs.join(' ')}]`] : [])]);
  const header = ['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND', ...(wide ? ['VERBS'] : [])];
  out.out(table(args.flags['no-headers'] === true ? rows : [header, ...rows]));
}

/** kubectlVersion prints the client version and the server's /version. */
export function kubectlVersion(client: ApiClient, args: ParsedArgs, out: OutputBuffer, done: () => void): void {
  const clientLines = `Client Version: ${CLIENT_VERSION.gitVersion}\nKustomize Version: ${CLIENT_VERSION.kustomize}`;
  if (args.flags.client === true) {
    out.out(clientLines);
    return done();
  }
  client.request({ method: 'GET', path: '/version' }, (response) => {
    out.out(clientLines);
    if (response.code === 200) out.out(`Server Version: ${(response.body as { gitVersion?: string }).gitVersion ?? ''}`);
    else out.err(statusErrorText(response.body as Status));
    done();
  });
}
