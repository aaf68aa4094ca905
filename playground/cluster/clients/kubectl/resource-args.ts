/**
 * How kubectl reads resource arguments: `pods`, `pods,nodes`, `pod nginx web`, `pod/nginx
 * node/node-1`, short names and `all`, resolved against the resource table (our stand-in for
 * the discovery documents kubectl caches).
 */
import type { ResourceInfo } from '../../api/resources';
import { findResource, resolveResource } from '../../api/resources';
import { unknownResourceText } from './errors';

/** ResourceTarget is one resource type and the names asked for (none: list them all). */
export interface ResourceTarget {
  info: ResourceInfo;
  names: string[];
}

/** ResourceArgsError is an argument kubectl rejects; `message` is the full stderr line. */
export class ResourceArgsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ResourceArgsError';
  }
}

/** ALL_RESOURCES is what `get all` expands to among the resources we serve. */
const ALL_RESOURCES = ['pods', 'replicasets'];

/** lookupResource resolves a typed resource name or throws kubectl's "doesn't have a resource type". */
export function lookupResource(typed: string): ResourceInfo {
  const info = resolveResource(typed);
  if (!info) throw new ResourceArgsError(unknownResourceText(typed));
  return info;
}

/** parseResourceArgs turns positionals into targets, in the order given. */
export function parseResourceArgs(positionals: readonly string[]): ResourceTarget[] {
  if (positionals.length === 0) return [];
  if (positionals.some((arg) => arg.includes('/'))) {
    return positionals.map((arg) => {
      const slash = arg.indexOf('/');
      if (slash <= 0 || slash === arg.length - 1) {
        throw new ResourceArgsError(`error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'`);
      }
      return { info: lookupResource(arg.slice(0, slash)), names: [arg.slice(slash + 1)] };
    });
  }
  const [types, ...names] = positionals;
  const typeList = types.split(',').filter((t) => t !== '');
  if (typeList.length > 1 && names.length > 0) {
    throw new ResourceArgsError('error: arguments in resource/name form must have a single resource and name');
  }
  const infos = typeList.flatMap((typed) => (typed.toLowerCase() === 'all' ? ALL_RESOURCES.map((r) => findResource(r)!) : [lookupResource(typed)]));
  return infos.map((info) => ({ info, names }));
}

/** kindName is how kubectl names a type in `pod/nginx` and `replicaset.apps/web`. */
export function kindName(info: ResourceInfo): string {
  return info.group ? `${info.kind.toLowerCase()}.${info.group}` : info.kind.toLowerCase();
}
