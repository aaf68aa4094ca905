/**
 * nonResourceHandler serves the paths that are not resources: legacy discovery (/api, /apis,
 * /apis/<group>, /api/v1, /apis/<group>/<version>), the health checks (/healthz, /livez, /readyz)
 * and /version. Which methods each path takes follows who serves it in kube-apiserver: the health
 * checks (health.ts), /apis and /apis/<group> (kube-aggregator's apisHandler and apiGroupHandler,
 * on the NonGoRestfulMux) are plain net/http handlers that never look at the method; /version and
 * the other discovery documents are go-restful routes registered for GET alone, so another method
 * is go-restful's 405.
 * Authorization has already checked the lower-case method as the verb (RequestInfo's nonResource verb).
 */
import { RESOURCES, type ResourceInfo } from '../api/resources';
import { methodNotRouted, resourceNotFound } from '../api/status';
import { healthResponse } from './health';
import { jsonResponse, type Handler } from './request';

/** KUBERNETES_VERSION is what /version reports. */
export const KUBERNETES_VERSION = { major: '1', minor: '32', gitVersion: 'v1.32.0', platform: 'linux/amd64' };

function groupVersions(): { group: string; version: string }[] {
  const seen = new Map<string, { group: string; version: string }>();
  for (const r of RESOURCES) if (r.group) seen.set(`${r.group}/${r.version}`, { group: r.group, version: r.version });
  return [...seen.values()];
}

function resourceList(groupVersion: string, resources: ResourceInfo[]) {
  const entries = resources.flatMap((r) => [
    { name: r.resource, singularName: r.singular, namespaced: r.namespaced, kind: r.kind, verbs: r.verbs, ...(r.shortNames.length ? { shortNames: r.shortNames } : {}) },
    ...r.subresources.map((sub) => ({ name: `${r.resource}/${sub}`, singularName: '', namespaced: r.namespaced, kind: sub === 'binding' ? 'Binding' : r.kind, verbs: sub === 'binding' ? ['create'] : ['get', 'patch', 'update'] })),
  ]);
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources: entries };
}

/** apiGroup is a named group's discovery entry (metav1.APIGroup): its one version, preferred. */
function apiGroup({ group, version }: { group: string; version: string }) {
  return { name: group, versions: [{ groupVersion: `${group}/${version}`, version }], preferredVersion: { groupVersion: `${group}/${version}`, version } };
}

/** groupList is the APIGroupList /apis serves: every named group at its one version. */
function groupList() {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: groupVersions().map(apiGroup) };
}

/** getRouteDocument is what a GET-only go-restful route at `path` answers, or undefined where no route is. */
function getRouteDocument(path: string): unknown {
  if (path === '/version') return KUBERNETES_VERSION;
  if (path === '/api') return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '10.0.0.10:6443' }] };
  if (path === '/api/v1') return resourceList('v1', RESOURCES.filter((r) => r.group === ''));
  const match = /^\/apis\/([^/]+)\/([^/]+)$/.exec(path);
  if (match) {
    const resources = RESOURCES.filter((r) => r.group === match[1] && r.version === match[2]);
    if (resources.length) return resourceList(`${match[1]}/${match[2]}`, resources);
  }
  return undefined;
}

export const nonResourceHandler: Handler = (request) => {
  // The health handlers match the path as it is (no trailing slash), and read the raw query (every `exclude`).
  const fullPath = request.http.path;
  const q = fullPath.indexOf('?');
  const health = healthResponse(request.info!.path, q < 0 ? '' : fullPath.slice(q + 1));
  if (health) return health;
  const path = request.info!.path.replace(/\/+$/, '') || '/';
  if (path === '/apis') return jsonResponse(200, groupList());
  // /apis/<group> is kube-aggregator's apiGroupHandler, also a plain handler: the group to every method.
  const named = path.startsWith('/apis/') && !path.includes('/', 6) ? groupVersions().find((gv) => gv.group === path.slice(6)) : undefined;
  if (named) return jsonResponse(200, { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(named) });
  const document = getRouteDocument(path);
  if (document === undefined) return jsonResponse(404, resourceNotFound());
  // go-restful matches a route's method exactly (jsr311.go detectRoute): HEAD is not GET.
  if (request.http.method !== 'GET') return jsonResponse(405, methodNotRouted());
  return jsonResponse(200, document);
};
