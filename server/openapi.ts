/**
 * OpenAPI v3 documents, as much of them as clients use: the /openapi/v3 index naming one document
 * per group-version, and each document's paths with their operations, each tagged with
 * x-kubernetes-group-version-kind and listing the query parameters the server honours. kubectl's
 * default --validate=strict looks for a PATCH operation of the object's kind that takes
 * `fieldValidation` and, finding one, leaves validation to the server (K8S-FACTS §5). Schemas of
 * the object types are not served: `kubectl explain` is out of scope, which its error says.
 */
import { createHash } from 'node:crypto';
import { apiVersionOf, RESOURCES, type ResourceInfo } from '../playground/cluster/api/resources';

const param = (name: string, description: string, type = 'string') => ({ name, in: 'query', description, schema: { type }, uniqueItems: true });
const pathParam = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string' }, uniqueItems: true });

const FIELD_VALIDATION = param('fieldValidation', 'how the server treats unknown or duplicate fields: Ignore, Warn or Strict');
const FIELD_MANAGER = param('fieldManager', 'name of the actor making the change');
const DRY_RUN = param('dryRun', 'All: do not persist the change');
const LIST_PARAMS = [
  param('labelSelector', 'a selector on labels'),
  param('fieldSelector', 'a selector on fields'),
  param('limit', 'most items to return', 'integer'),
  param('continue', 'token from the previous page'),
  param('resourceVersion', 'where to start'),
  param('watch', 'stream changes instead of listing', 'boolean'),
  param('allowWatchBookmarks', 'send BOOKMARK events', 'boolean'),
  param('timeoutSeconds', 'end a watch after this long', 'integer'),
];

/** groupVersionPath is the key of a group-version in the index: `api/v1`, `apis/apps/v1`. */
function groupVersionPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

function operations(info: ResourceInfo) {
  const gvk = { group: info.group, version: info.version, kind: info.kind };
  const tag = `${info.group || 'core'}_${info.version}`;
  const op = (action: string, verb: string, parameters: unknown[]) => ({
    tags: [tag],
    operationId: `${verb}${info.kind}`,
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': gvk,
    parameters,
    responses: { '200': { description: 'OK' } },
  });
  const base = `/${groupVersionPath(info.group, info.version)}${info.namespaced ? '/namespaces/{namespace}' : ''}/${info.resource}`;
  const scope = info.namespaced ? [pathParam('namespace')] : [];
  const writes = [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION];
  const paths: Record<string, unknown> = {};
  if (!info.stored) {
    paths[base] = { post: op('post', 'create', [...scope, ...writes]) };
    return paths;
  }
  paths[base] = {
    get: op('list', 'list', [...scope, ...LIST_PARAMS]),
    post: op('post', 'create', [...scope, ...writes]),
    ...(info.verbs.includes('deletecollection') ? { delete: op('deletecollection', 'deleteCollection', [...scope, ...LIST_PARAMS]) } : {}),
  };
  paths[`${base}/{name}`] = {
    get: op('get', 'read', [...scope, pathParam('name')]),
    put: op('put', 'replace', [...scope, pathParam('name'), ...writes]),
    patch: op('patch', 'patch', [...scope, pathParam('name'), ...writes, param('force', 'take over conflicting fields in a server-side apply', 'boolean')]),
    delete: op('delete', 'delete', [...scope, pathParam('name'), DRY_RUN, param('gracePeriodSeconds', 'seconds before the object is deleted', 'integer'), param('propagationPolicy', 'Orphan, Background or Foreground')]),
  };
  for (const sub of info.subresources) {
    paths[`${base}/{name}/${sub}`] =
      sub === 'binding'
        ? { post: { ...op('post', 'createBinding', [...scope, pathParam('name'), ...writes]), 'x-kubernetes-group-version-kind': { group: '', version: 'v1', kind: 'Binding' } } }
        : {
            get: op('get', `read${sub[0].toUpperCase()}${sub.slice(1)}`, [...scope, pathParam('name')]),
            put: op('put', `replace${sub[0].toUpperCase()}${sub.slice(1)}`, [...scope, pathParam('name'), ...writes]),
            patch: op('patch', `patch${sub[0].toUpperCase()}${sub.slice(1)}`, [...scope, pathParam('name'), ...writes]),
          };
  }
  return paths;
}

/** openApiDocument is the OpenAPI v3 document of one group-version, or undefined if none is served. */
export function openApiDocument(group: string, version: string) {
  const resources = RESOURCES.filter((r) => r.group === group && r.version === version);
  if (resources.length === 0) return undefined;
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1.32.0' },
    paths: Object.assign({}, ...resources.map(operations)),
    components: { schemas: {} },
  };
}

const hashOf = (document: unknown) => createHash('sha512').update(JSON.stringify(document)).digest('hex').slice(0, 128).toUpperCase();

/** openApiIndex is GET /openapi/v3: each group-version with the URL (and content hash) of its document. */
export function openApiIndex() {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const key of [...new Set(RESOURCES.map((r) => apiVersionOf(r)))]) {
    const [group, version] = key.includes('/') ? key.split('/') : ['', key];
    const path = groupVersionPath(group, version);
    paths[path] = { serverRelativeURL: `/openapi/v3/${path}?hash=${hashOf(openApiDocument(group, version))}` };
  }
  return { paths };
}

/** openApiForPath answers a path under /openapi/v3 (the index or one document), or undefined for an unknown one. */
export function openApiForPath(path: string): unknown {
  const rest = path.replace(/^\/openapi\/v3\/?/, '').replace(/\/+$/, '');
  if (rest === '') return openApiIndex();
  const core = /^api\/([^/]+)$/.exec(rest);
  if (core) return openApiDocument('', core[1]);
  const named = /^apis\/([^/]+)\/([^/]+)$/.exec(rest);
  return named ? openApiDocument(named[1], named[2]) : undefined;
}
