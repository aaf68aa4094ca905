/**
 * `kubectl auth whoami` prints who the server says you are (SelfSubjectReview).
 * `kubectl auth can-i VERB RESOURCE[/NAME] [-n NS] [-A]` and `can-i VERB /path`: POST a
 * SelfSubjectAccessReview and print `yes` (exit 0) or `no` (exit 1), with the authorizer's
 * reason when it gives one.
 */
import type { ApiClient } from '../../api/client';
import { resolveResource } from '../../api/resources';
import type { KubeObject } from '../../api/types';
import { table } from '../printers/tabwriter';
import { statusErrorText } from './errors';
import type { ParsedArgs } from './flags';
import { boolFlag, UsageError } from './flags';
import { printObjects } from './output-format';
import type { OutputBuffer } from './result';

/** CAN_I_FLAGS are the flags `kubectl auth can-i` accepts besides the global ones. */
export const CAN_I_FLAGS = [
  { name: 'quiet', short: 'q', type: 'bool' },
  { name: 'subresource', type: 'string' },
  // auth whoami's -o json|yaml
  { name: 'output', short: 'o', type: 'string' },
] as const;

/** kubectlCanI runs `kubectl auth can-i`; `positionals` start after `auth can-i`. */
export function kubectlCanI(client: ApiClient, args: ParsedArgs, positionals: string[], namespace: string, out: OutputBuffer, done: () => void): void {
  const [verb, what, nameArg] = positionals;
  if (!verb || !what || positionals.length > 3) throw new UsageError('you must specify two or three arguments: verb resource or verb resource/resourceName');
  const allNamespaces = boolFlag(args, 'all-namespaces');
  let spec: Record<string, unknown>;
  if (what.startsWith('/')) {
    spec = { nonResourceAttributes: { path: what, verb } };
  } else {
    const slash = what.indexOf('/');
    const typed = slash < 0 ? what : what.slice(0, slash);
    const name = slash < 0 ? (nameArg ?? '') : what.slice(slash + 1);
    const info = resolveResource(typed);
    const attributes: Record<string, string> = { namespace: allNamespaces ? '' : namespace, verb };
    if (info) {
      if (!info.namespaced) out.note(`Warning: resource '${info.resource}' is not namespace scoped`);
      if (info.group) attributes.group = info.group;
      attributes.resource = info.resource;
    } else {
      out.note(`Warning: the server doesn't have a resource type '${typed}'`);
      attributes.resource = typed;
    }
    const subresource = typeof args.flags.subresource === 'string' ? args.flags.subresource : '';
    if (subresource) attributes.subresource = subresource;
    if (name) attributes.name = name;
    spec = { resourceAttributes: attributes };
  }
  const review: KubeObject = { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', metadata: {}, spec };
  client.create<KubeObject>({ resource: 'selfsubjectaccessreviews' }, review, (result) => {
    if (!result.ok) {
      out.err(statusErrorText(result.status));
      return done();
    }
    const status = (result.value.status ?? {}) as { allowed?: boolean; reason?: string; evaluationError?: string };
    if (status.allowed) {
      if (!boolFlag(args, 'quiet')) out.out('yes');
    } else {
      if (!boolFlag(args, 'quiet')) out.out('no' + (status.reason ? ` - ${status.reason}` : '') + (status.evaluationError ? ` - ${status.evaluationError}` : ''));
      out.failed = true;
    }
    done();
  });
}

/** WHOAMI_NOT_ENABLED is kubectl's answer when the server refuses or lacks SelfSubjectReview. */
export const WHOAMI_NOT_ENABLED = 'error: the selfsubjectreviews API is not enabled in the cluster or you do not have permission to call';

/**
 * kubectlWhoAmI runs `kubectl auth whoami [-o json|yaml]`: POST a SelfSubjectReview and print the
 * user the server authenticated, as kubectl's ATTRIBUTE/VALUE table (groups in Go's `%v` form).
 */
export function kubectlWhoAmI(client: ApiClient, args: ParsedArgs, positionals: string[], out: OutputBuffer, done: () => void): void {
  if (positionals.length) throw new UsageError(`unknown command "${positionals[0]}" for "kubectl auth whoami"`);
  const format = typeof args.flags.output === 'string' ? args.flags.output : '';
  if (format !== '' && format !== 'json' && format !== 'yaml') {
    throw new UsageError(`unable to match a printer suitable for the output format "${format}", allowed formats are: json,yaml`);
  }
  const review: KubeObject = { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview', metadata: { creationTimestamp: null } as unknown as KubeObject['metadata'], status: { userInfo: {} } };
  client.create<KubeObject>({ resource: 'selfsubjectreviews' }, review, (result) => {
    if (!result.ok) {
      out.err(result.code === 403 || result.code === 404 ? WHOAMI_NOT_ENABLED : statusErrorText(result.status));
      return done();
    }
    if (format) {
      out.out(printObjects([result.value], format, true));
      return done();
    }
    const user = ((result.value.status ?? {}) as { userInfo?: { username?: string; uid?: string; groups?: string[]; extra?: Record<string, string[]> } }).userInfo ?? {};
    const rows = [['ATTRIBUTE', 'VALUE']];
    if (user.username) rows.push(['Username', user.username]);
    if (user.uid) rows.push(['UID', user.uid]);
    if (user.groups?.length) rows.push(['Groups', `[${user.groups.join(' ')}]`]);
    for (const key of Object.keys(user.extra ?? {}).sort()) rows.push([`Extra: ${key}`, `[${user.extra![key].join(' ')}]`]);
    out.out(table(rows));
    done();
  });
}
