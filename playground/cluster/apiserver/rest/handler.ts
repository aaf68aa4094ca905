/**
 * restHandler is the innermost handler: it routes a resource request by verb and subresource to the
 * registry, running decode + defaulting → mutating admission → validation → validating admission →
 * storage for writes (K8S-FACTS §3), and answers with the object, a List, a watch stream or a Status.
 */
import type { HttpResponse } from '../../api/client';
import { RESOURCES, type ResourceInfo } from '../../api/resources';
import { badRequest, methodNotRouted, resourceNotFound, StatusError, successStatus } from '../../api/status';
import { isWireBody } from '../../api/transport';
import type { Binding, KubeObject } from '../../api/types';
import { listObjects, parseSelectors, type Selectors } from '../registry/list';
import { bindPod } from '../registry/pod/binding';
import type { Store } from '../registry/store';
import type { Strategy } from '../registry/strategy';
import { jsonResponse, ownedResponse, type ApiRequest, type Handler, type RequestInfo } from '../request';
import { parseWatchStart } from '../watch/start';
import { selfSubjectReview } from '../self-subject-review';
import { deepFreeze } from '../../sim/freeze';
import type { AdmissionAttributes } from '../admission/types';
import { decodeBody } from './body';
import type { RestDeps } from './deps';
import { deleteOptionsOf } from './options';
import { RestUpdate } from './update';

/**
 * The served resources by API group, then plural name: every request looks its resource up. Plain
 * objects without a prototype rather than Maps: two property reads instead of two calls per
 * request in an interpreter, and a name from the URL (`__proto__`, `constructor`) finds nothing.
 */
const BY_GROUP: Record<string, Record<string, ResourceInfo> | undefined> = Object.create(null);
for (const info of RESOURCES) {
  let byPlural = BY_GROUP[info.group];
  if (!byPlural) BY_GROUP[info.group] = byPlural = Object.create(null) as Record<string, ResourceInfo>;
  // findResource's choice: the first resource listed under a plural and group.
  if (byPlural[info.resource] === undefined) byPlural[info.resource] = info;
}

/** lookupResource finds the resource a request names, checking the group and version too (two property reads, no iteration). */
export function lookupResource(info: RequestInfo): ResourceInfo | undefined {
  const byPlural = BY_GROUP[info.apiGroup];
  const resource = byPlural === undefined ? undefined : byPlural[info.resource];
  return resource !== undefined && resource.version === info.apiVersion ? resource : undefined;
}

/**
 * byName copies a map keyed by plural resource name into an object without a prototype: the
 * handler finds every request's store (and a status write's strategy) by a property read instead
 * of a Map lookup, a call in an interpreter. The maps are fixed for the handler's life.
 */
function byName<T>(map: ReadonlyMap<string, T>): Record<string, T | undefined> {
  const out = Object.create(null) as Record<string, T | undefined>;
  for (const [name, value] of map) out[name] = value;
  return out;
}

export function restHandler(deps: RestDeps): Handler {
  const stores = byName(deps.stores);
  const statusStrategies = byName(deps.statusStrategies);
  return (request) => {
    const info = request.info!;
    const resource = lookupResource(info);
    if (!resource) return jsonResponse(404, resourceNotFound());
    if (!resource.stored) return serveReview(deps, request, resource);
    const store = stores[resource.resource]!;
    if (resource.namespaced === false && info.namespace && resource.resource !== 'namespaces') return jsonResponse(404, resourceNotFound());
    // A subresource the resource lacks has no route; nor has a watch of one (the /watch/ prefix: a
    // subresource path names an object, so ?watch=true leaves it a get): the installer registers
    // watch routes only for storage that can watch (isWatcher), and status and binding storage
    // cannot. No route has the path: go-restful's 404, whatever the method.
    if (info.subresource && (info.verb === 'watch' || !resource.subresources.includes(info.subresource))) return jsonResponse(404, resourceNotFound());
    // go-restful matches a route's method exactly, and kube-apiserver registers no HEAD route for a
    // resource (only connect subresources such as pods/proxy take HEAD; none is served here). So a
    // HEAD that passed the filters (RequestInfo reads it as get, list or watch, and authorization
    // checks that verb) gets go-restful's 405, written as a Status by the server's
    // serviceErrorHandler (methodNotRouted, as every 405 here: each is a method no route takes);
    // Go's server then drops the body, as for every response to HEAD.
    if ((request.http.method as string) === 'HEAD') return jsonResponse(405, methodNotRouted());
    if (info.subresource === 'binding') return serveBinding(deps, request, store);
    if (info.subresource === 'status') return serveStatus(deps, request, store, statusStrategies[resource.resource]);
    return serveMain(deps, request, store);
  };
}

function attributesBase(request: ApiRequest, store: Store) {
  const info = request.info!;
  return { resource: store.info, subresource: info.subresource, namespace: info.namespace, name: info.name, user: request.user! };
}

function serveMain(deps: RestDeps, request: ApiRequest, store: Store): HttpResponse {
  const info = request.info!;
  const namespace = store.info.namespaced ? info.namespace : '';
  const admission = deps.admission;
  // Creates first: nearly every request to a main resource is one (pods, and the Events every component records).
  switch (info.verb) {
    case 'create': {
      if (store.info.namespaced && !info.namespace) return jsonResponse(405, methodNotRouted());
      if (info.name) return jsonResponse(405, methodNotRouted());
      // A create decodes its body once, so a body straight off the wire needs no defensive copy.
      const object = decodeBody(request.http.body, store.info, store.strategy, store.info.kind, isWireBody(request.http.body));
      const attributes: AdmissionAttributes = {
        resource: store.info,
        subresource: info.subresource,
        namespace: info.namespace,
        name: object.metadata?.name ?? '',
        user: request.user!,
        operation: 'CREATE',
        object,
      };
      admission.admit(attributes);
      const validate = admission.validates ? (o: KubeObject) => admission.validate({ ...attributes, object: o, name: o.metadata?.name ?? '' }) : undefined;
      const created = store.create(namespace, object, validate);
      if (store.info.resource === 'namespaces') deps.namespaceCreated(created.metadata?.name ?? '');
      return ownedResponse(request, 201, created);
    }
    case 'get':
      return ownedResponse(request, 200, withTypeMeta(store.get(namespace, info.name), store.info));
    case 'list':
      return ownedResponse(request, 200, listObjects(store, namespace, listOptionsOf(info.query)));
    case 'watch': {
      // The /watch/ prefix makes any method a watch in RequestInfo (requestinfo.go's special verbs),
      // but the server routes watches as GET alone: another method is go-restful's 405.
      if (request.http.method !== 'GET') return jsonResponse(405, methodNotRouted());
      if (!request.sink) return jsonResponse(400, badRequest('watch requires a streaming connection'));
      const selectors = watchSelectors(store, info);
      const start = parseWatchStart(info.query.resourceVersion);
      request.openedWatch = deps.watch(store, namespace, selectors, request.sink, start, request.sharedResults);
      return jsonResponse(200, undefined);
    }
    case 'update':
    case 'patch': {
      const updated = store.update(namespace, info.name, new RestUpdate(request, store, admission, undefined, false));
      // Not owned: the result may share frozen parts of the cached object (the kept status or spec).
      return jsonResponse(200, withTypeMeta(updated, store.info));
    }
    case 'delete': {
      const base = attributesBase(request, store);
      if (store.info.resource === 'namespaces') {
        const attributes = { ...base, operation: 'DELETE' as const, oldObject: store.get('', info.name) };
        admission.admit(attributes);
        admission.validate(attributes);
        return jsonResponse(200, deps.deleteNamespace(info.name));
      }
      const options = deleteOptionsOf(request.http.body, info.query);
      const result = store.delete(namespace, info.name, options, (old) => {
        // Deletes carry no new object, so both admission phases see only the old one.
        admission.admit({ ...base, operation: 'DELETE', oldObject: old });
        admission.validate({ ...base, operation: 'DELETE', oldObject: old });
      });
      if (store.strategy.returnDeletedObject || !result.removed) return ownedResponse(request, 200, withTypeMeta(result.object, store.info));
      const meta = result.object.metadata ?? {};
      return jsonResponse(200, successStatus(200, compactDetails({ name: meta.name, group: store.info.group, kind: store.info.resource, uid: meta.uid })));
    }
    default:
      return jsonResponse(405, methodNotRouted());
  }
}

/** serveStatus serves the status subresource; `strategy` is the resource's status strategy (undefined: none, the resource's own rules apply). */
function serveStatus(deps: RestDeps, request: ApiRequest, store: Store, strategy: Strategy | undefined): HttpResponse {
  const info = request.info!;
  const namespace = store.info.namespaced ? info.namespace : '';
  if (info.verb === 'get') return ownedResponse(request, 200, withTypeMeta(store.get(namespace, info.name), store.info));
  if (info.verb !== 'update' && info.verb !== 'patch') return jsonResponse(405, methodNotRouted());
  const updated = store.update(namespace, info.name, new RestUpdate(request, store, deps.admission, strategy, true));
  // Not owned: the result may share frozen parts of the cached object (the kept spec).
  return jsonResponse(200, withTypeMeta(updated, store.info));
}

/** BOUND is the 201 Status every binding answers: one object, read-only (a client that does not share results gets a copy). */
const BOUND = deepFreeze(successStatus(201));

function serveBinding(deps: RestDeps, request: ApiRequest, store: Store): HttpResponse {
  const info = request.info!;
  if (info.verb !== 'create') return jsonResponse(405, methodNotRouted());
  // Read once and kept by nothing: a body straight off the wire (or handed over) needs no copy.
  const binding = decodeBody(request.http.body, store.info, undefined, 'Binding', isWireBody(request.http.body)) as Binding;
  const admission = deps.admission;
  const attributes: AdmissionAttributes = { resource: store.info, subresource: info.subresource, namespace: info.namespace, name: info.name, user: request.user!, operation: 'CREATE', object: binding };
  admission.admit(attributes);
  admission.validate(attributes);
  bindPod(store, info.namespace, info.name, binding);
  return jsonResponse(201, BOUND);
}

function serveReview(deps: RestDeps, request: ApiRequest, resource: ResourceInfo): HttpResponse {
  if (request.info!.verb !== 'create') return jsonResponse(405, methodNotRouted());
  const review = decodeBody(request.http.body, resource);
  if (resource.resource === 'selfsubjectreviews') return jsonResponse(201, selfSubjectReview(request.user!));
  return jsonResponse(201, deps.selfSubjectAccessReview(request.user!, review));
}

/**
 * watchSelectors are a watch's selectors. A watch of one object (the deprecated
 * /watch/…/<resource>/<name> path) watches its name as a field selector, and a field selector of
 * the request's own must then name the same object, as ListResource (handlers/get.go) has it.
 */
function watchSelectors(store: Store, info: RequestInfo): Selectors {
  if (!info.name) return parseSelectors(store, info.query);
  const own = parseSelectors(store, info.query);
  if (own.fields.length === 0) return { labels: own.labels, fields: [{ field: 'metadata.name', operator: '=', value: info.name }] };
  if (!own.fields.some((term) => term.field === 'metadata.name' && term.operator === '=' && term.value === info.name)) {
    throw new StatusError(badRequest("fieldSelector metadata.name doesn't match requested name"));
  }
  return own;
}

/** withTypeMeta makes sure a returned object says what it is. */
function withTypeMeta(object: KubeObject, info: ResourceInfo): KubeObject {
  return object.kind ? object : { apiVersion: info.group ? `${info.group}/${info.version}` : info.version, kind: info.kind, ...object };
}

function listOptionsOf(query: Record<string, string>) {
  const limit = query.limit ? Number(query.limit) : undefined;
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0)) throw new StatusError(badRequest(`invalid limit: ${JSON.stringify(query.limit)}`));
  return { labelSelector: query.labelSelector, fieldSelector: query.fieldSelector, limit, continue: query.continue, resourceVersion: query.resourceVersion };
}

function compactDetails(details: { name?: string; group: string; kind: string; uid?: string }) {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(details)) if (value) out[key] = value;
  return out;
}
