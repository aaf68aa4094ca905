/**
 * URL building for the typed client and kubectl: the real REST paths
 * (`/api/v1/namespaces/default/pods/nginx/status`, `/apis/apps/v1/replicasets`) and query strings.
 */
import type { ListOptions, ResourceRef, WatchOptions } from './client';
import { findResource } from './resources';

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
  const paths = pathsOf(ref.resource);
  let path: string;
  const namespace = ref.namespace;
  if (paths.namespaced && namespace) {
    // A client asks for one namespace most of the time: its collection path is kept, not rebuilt.
    if (namespace !== paths.lastNamespace) {
      paths.lastCollection = `${paths.namespacesRoot}${encodeURIComponent(namespace)}${paths.suffix}`;
      paths.lastNamespace = namespace;
    }
    path = paths.lastCollection;
  } else path = paths.collection;
  // `+` rather than a template: QuickJS runs a template literal as a String.prototype.concat call,
  // and most requests that name an object (bindings, status patches) pass here.
  if (name !== undefined) path += '/' + encodeURIComponent(name);
  if (ref.subresource) path += '/' + ref.subresource;
  return path;
}

/** ResourcePaths holds the parts of one resource's paths, built once instead of on every request. */
interface ResourcePaths {
  readonly namespaced: boolean;
  /** `/api/v1/pods`: the collection across namespaces, or a cluster-scoped resource's. */
  readonly collection: string;
  /** `/api/v1/namespaces/`: what a namespace's name follows. */
  readonly namespacesRoot: string;
  /** `/pods`: what follows the namespace's name. */
  readonly suffix: string;
  /** The namespace last asked for (undefined before the first), and its collection path. */
  lastNamespace: string | undefined;
  lastCollection: string;
}

/** PATHS holds the ResourcePaths of each resource of the table asked for so far, by plural name. */
const PATHS = new Map<string, ResourcePaths>();

/** pathsOf is the ResourcePaths of a resource of the table; unknown resources throw, since that is a caller bug. */
function pathsOf(resource: string): ResourcePaths {
  const known = PATHS.get(resource);
  if (known !== undefined) return known;
  const info = findResource(resource);
  if (!info) throw new Error(`unknown resource ${JSON.stringify(resource)}: not in the resource table`);
  const root = info.group ? `/apis/${info.group}/${info.version}` : `/api/${info.version}`;
  const paths: ResourcePaths = {
    namespaced: info.namespaced,
    collection: `${root}/${info.resource}`,
    namespacesRoot: `${root}/namespaces/`,
    suffix: `/${info.resource}`,
    lastNamespace: undefined,
    lastCollection: '',
  };
  PATHS.set(resource, paths);
  return paths;
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
