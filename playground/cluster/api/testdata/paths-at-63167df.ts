// Test fixture, not product code: playground/cluster/api/paths.ts as it was at commit 63167df, kept
// unchanged as the oracle of paths-differential.property.test.ts (the code after this session's
// speed-ups must behave exactly as this did). Do not edit or import it outside that test.
/**
 * URL building for the typed client and kubectl: the real REST paths
 * (`/api/v1/namespaces/default/pods/nginx/status`, `/apis/apps/v1/replicasets`) and query strings.
 */
import type { ListOptions, ResourceRef, WatchOptions } from '../client';
import { findResource } from '../resources';

/** resourcePath builds the path for a ResourceRef; unknown resources throw, since that is a caller bug. */
export function resourcePath(ref: ResourceRef): string {
  return pathWithName(ref, ref.name);
}

/**
 * createPath is where a create of `ref` is POSTed: the collection, or for a subresource (a pod's
 * binding) the named object's subresource. Built without copying the ref to drop its name.
 */
export function createPath(ref: ResourceRef): string {
  return pathWithName(ref, ref.subresource ? ref.name : undefined);
}

function pathWithName(ref: ResourceRef, name: string | undefined): string {
  const info = findResource(ref.resource);
  if (!info) throw new Error(`unknown resource ${JSON.stringify(ref.resource)}: not in the resource table`);
  const root = info.group ? `/apis/${info.group}/${info.version}` : `/api/${info.version}`;
  let path = root;
  if (info.namespaced && ref.namespace) path += `/namespaces/${encodeURIComponent(ref.namespace)}`;
  path += `/${info.resource}`;
  if (name !== undefined) path += `/${encodeURIComponent(name)}`;
  if (ref.subresource) path += `/${ref.subresource}`;
  return path;
}

/** queryString renders options as `?a=b&c=d` (empty string when there are none), keys in a fixed order. */
export function queryString(params: Record<string, string | number | boolean | undefined>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === '') continue;
    parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

/** listQuery is the query of a list or watch call, in the order kubectl sends it. */
export function listQuery(options: ListOptions | WatchOptions, watch: boolean): string {
  const watchOptions = options as WatchOptions;
  return queryString({
    allowWatchBookmarks: watch && watchOptions.allowWatchBookmarks ? true : undefined,
    continue: options.continue,
    fieldSelector: options.fieldSelector,
    labelSelector: options.labelSelector,
    limit: options.limit,
    resourceVersion: options.resourceVersion,
    watch: watch ? true : undefined,
  });
}
