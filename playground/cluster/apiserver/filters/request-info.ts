/**
 * withRequestInfo is the RequestInfo filter: it turns method and path into the Kubernetes verb,
 * namespace, resource, subresource and name that authorization, admission and storage work on
 * (k8s.io/apiserver pkg/endpoints/request/requestinfo.go).
 */
import { parseFieldSelector, type FieldRequirement } from '../../api/selectors';
import { badRequest } from '../../api/status';
import { jsonResponse, parseQuery, type Handler, type RequestInfo } from '../request';
import { RequestInfoCache } from './request-info-cache';

/**
 * The Kubernetes verb of each method on a resource path (HEAD reads like GET); any other method has
 * the empty verb, as in requestinfo.go, and the handler answers it 405. Without a prototype: a method
 * is the client's to choose, and one named `constructor` or `__proto__` must find nothing here
 * rather than a function or Object.prototype as its verb.
 */
const VERB_BY_METHOD: Record<string, string> = Object.assign(Object.create(null) as Record<string, string>, { POST: 'create', PUT: 'update', PATCH: 'patch', GET: 'get', HEAD: 'get', DELETE: 'delete' });

/** The lower-case names of the usual methods, so most requests build no new string for them. */
const LOWER_METHOD = new Map([['POST', 'post'], ['PUT', 'put'], ['PATCH', 'patch'], ['GET', 'get'], ['DELETE', 'delete']]);

/** The query of every request without one: shared, as RequestInfo is read-only. */
const NO_QUERY: Record<string, string> = Object.freeze({}) as Record<string, string>;

/** parseRequestInfo implements RequestInfoFactory.NewRequestInfo for /api and /apis paths. */
export function parseRequestInfo(method: string, fullPath: string): RequestInfo {
  const q = fullPath.indexOf('?');
  const rawPath = q < 0 ? fullPath : fullPath.slice(0, q);
  // The server works on the decoded path, as Go's URL.Path is: an escaped slash (`%2F`) separates
  // segments like any other, so no name or namespace ever holds a `/`.
  const path = rawPath.includes('%') ? decodeURIComponent(rawPath) : rawPath;
  const query = q < 0 ? NO_QUERY : parseQuery(fullPath.slice(q + 1));
  const info: RequestInfo = {
    isResourceRequest: false,
    path,
    // Set below: the Kubernetes verb for resource requests, the lower-case method for the rest (nonResource).
    verb: '',
    apiPrefix: '',
    apiGroup: '',
    apiVersion: '',
    namespace: '',
    resource: '',
    subresource: '',
    name: '',
    query,
  };
  // Go's splitPath: every leading and trailing slash trimmed, then a split on each slash, so an
  // empty segment between two others (`/api/v1//pods`) stays a segment, as in requestinfo.go.
  // Every request passes here: the segments are read between `at` and `end` of the split array,
  // with no trimmed copy of the path and no second array.
  const parts = path.split('/');
  let end = parts.length;
  while (end > 0 && parts[end - 1] === '') end--;
  let at = 0;
  while (at < end && parts[at] === '') at++;
  const prefix = parts[at];
  if (prefix !== 'api' && prefix !== 'apis') return nonResource(info, method);
  info.apiPrefix = prefix;
  at++;
  // /api/v1/... is the core group; /apis/<group>/<version>/... the named groups.
  if (prefix === 'apis') {
    if (end - at < 3) return nonResource(info, method); // /apis, /apis/apps, /apis/apps/v1 are discovery paths.
    info.apiGroup = parts[at++];
  }
  if (end - at < 2) return nonResource(info, method);
  info.apiVersion = parts[at++];
  info.isResourceRequest = true;
  info.verb = VERB_BY_METHOD[method] ?? '';
  // The deprecated /watch/ prefix means the same as ?watch=true.
  let watchPrefix = false;
  if (parts[at] === 'watch') {
    watchPrefix = true;
    at++;
  }
  // /namespaces/<ns>/<resource>/… is namespaced; /namespaces/<name>[/status|/finalize] is a Namespace itself.
  if (parts[at] === 'namespaces' && end - at > 1) {
    info.namespace = parts[at + 1];
    if (end - at > 2 && parts[at + 2] !== 'status' && parts[at + 2] !== 'finalize') at += 2;
  }
  // Past `end` the split holds only the trailing empty segments: they read as absent.
  info.resource = parts[at] ?? '';
  info.name = parts[at + 1] ?? '';
  info.subresource = parts[at + 2] ?? '';
  if (watchPrefix) info.verb = 'watch';
  else if (info.verb === 'get' && !info.name) {
    // A GET of a collection is a list or a watch; one whose field selector picks a single name is
    // about that object, and authorization sees its name (a resourceNames rule may allow it).
    info.verb = asksForWatch(query.watch) ? 'watch' : 'list';
    info.name = nameSelectedBy(query.fieldSelector);
  } else if (info.verb === 'delete' && !info.name) info.verb = 'deletecollection';
  return info;
}

/**
 * asksForWatch reads the watch parameter as ListOptions decoding does (Convert_Slice_string_To_bool):
 * present with any value but `0` or `false` in any case (`?watch`, `?watch=yes` too) means a watch.
 */
function asksForWatch(value: string | undefined): boolean {
  return value !== undefined && value !== '0' && value.toLowerCase() !== 'false';
}

/**
 * nameSelectedBy is the name a field selector requires exactly (`metadata.name=web`), as
 * RequiresExactMatch finds it, if it is a valid path segment; otherwise, and for a selector that
 * does not parse (the handler refuses it later), the empty name.
 */
function nameSelectedBy(fieldSelector: string | undefined): string {
  if (!fieldSelector) return '';
  let terms: FieldRequirement[];
  try {
    terms = parseFieldSelector(fieldSelector);
  } catch {
    return '';
  }
  const term = terms.find((t) => t.field === 'metadata.name' && t.operator === '=');
  // path.IsValidPathSegmentName: not `.` nor `..`, and no `/` or `%`.
  if (!term || term.value === '.' || term.value === '..' || term.value.includes('/') || term.value.includes('%')) return '';
  return term.value;
}

/** nonResource finishes the info of a path that names no resource: its verb is the lower-case method. */
function nonResource(info: RequestInfo, method: string): RequestInfo {
  info.verb = LOWER_METHOD.get(method) ?? method.toLowerCase();
  return info;
}

/**
 * withRequestInfo attaches RequestInfo; a malformed path gives 400 instead of reaching the handler.
 * Collection paths are parsed once per chain (RequestInfoCache), so the info is read-only.
 */
export function withRequestInfo(next: Handler): Handler {
  const cache = new RequestInfoCache(parseRequestInfo);
  return (request) => {
    try {
      request.info = cache.infoOf(request.http.method, request.http.path);
    } catch (error) {
      return jsonResponse(400, badRequest(`malformed request path ${JSON.stringify(request.http.path)}: ${(error as Error).message}`));
    }
    return next(request);
  };
}
