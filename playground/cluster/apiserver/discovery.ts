/**
 * nonResourceHandler serves the paths that are not resources: legacy discovery (/api, /apis,
 * /api/v1, /apis/<group>/<version>), the health checks (/healthz, /livez, /readyz) and /version.
 */
import { RESOURCES, type ResourceInfo } from '../api/resources';
import { methodNotAllowed, resourceNotFound } from '../api/status';
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

export const nonResourceHandler: Handler = (request) => {
  const path = request.info!.path.replace(/\/+$/, '') || '/';
  if (request.info!.verb !== 'get') return jsonResponse(405, methodNotAllowed({ group: '', resource: '' }));
  if (path === '/healthz' || path === '/livez' || path === '/readyz') return { code: 200, headers: { 'content-type': 'text/plain' }, body: 'ok' };
  if (path === '/version') return jsonResponse(200, KUBERNETES_VERSION);
  if (path === '/api') return jsonResponse(200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '10.0.0.10:6443' }] });
  if (path === '/api/v1') return jsonResponse(200, resourceList('v1', RESOURCES.filter((r) => r.group === '')));
  if (path === '/apis') {
    const groups = groupVersions().map(({ group, version }) => ({
      name: group,
      versions: [{ groupVersion: `${group}/${version}`, version }],
      preferredVersion: { groupVersion: `${group}/${version}`, version },
    }));
    return jsonResponse(200, { kind: 'APIGroupList', apiVersion: 'v1', groups });
  }
  const match = /^\/apis\/([^/]+)\/([^/]+)$/.exec(path);
  if (match) {
    const resources = RESOURCES.filter((r) => r.group === match[1] && r.version === match[2]);
    if (resources.length) return jsonResponse(200, resourceList(`${match[1]}/${match[2]}`, resources));
  }
  return jsonResponse(404, resourceNotFound());
};
