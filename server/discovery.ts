/**
 * Aggregated discovery (apidiscovery.k8s.io/v2, and v2beta1 for older clients): every group,
 * version and resource in one document per root, so kubectl needs two requests (/api, /apis)
 * instead of one per group-version. Built from the same resource table the mini apiserver serves
 * its legacy discovery from, so both describe the same API.
 */
import { RESOURCES, type ResourceInfo } from '../playground/cluster/api/resources';

/** aggregatedDiscoveryMediaType is the exact Content-Type kubectl needs to accept the document (K8S-FACTS §5). */
export function aggregatedDiscoveryMediaType(version: 'v2' | 'v2beta1'): string {
  return `application/json;g=apidiscovery.k8s.io;v=${version};as=APIGroupDiscoveryList`;
}

/** Categories kubectl expands `kubectl get all` with; only workloads are in `all`. */
const CATEGORIES: Record<string, string[]> = { pods: ['all'], replicasets: ['all'] };

function subresourceVerbs(subresource: string): string[] {
  return subresource === 'binding' ? ['create'] : ['get', 'patch', 'update'];
}

function resourceEntry(info: ResourceInfo) {
  const responseKind = { group: info.group, version: info.version, kind: info.kind };
  return {
    resource: info.resource,
    responseKind,
    scope: info.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: info.singular,
    verbs: info.verbs,
    ...(info.shortNames.length ? { shortNames: info.shortNames } : {}),
    ...(CATEGORIES[info.resource] ? { categories: CATEGORIES[info.resource] } : {}),
    ...(info.subresources.length
      ? {
          subresources: info.subresources.map((subresource) => ({
            subresource,
            responseKind: subresource === 'binding' ? { group: '', version: 'v1', kind: 'Binding' } : responseKind,
            verbs: subresourceVerbs(subresource),
          })),
        }
      : {}),
  };
}

function groupEntry(group: string, resources: ResourceInfo[]) {
  const versions = [...new Set(resources.map((r) => r.version))];
  return {
    metadata: group ? { name: group, creationTimestamp: null } : { creationTimestamp: null },
    versions: versions.map((version) => ({
      version,
      resources: resources.filter((r) => r.version === version).map(resourceEntry),
      freshness: 'Current',
    })),
  };
}

/**
 * aggregatedDiscovery is the body of GET /api (`root` "api": the core group) or GET /apis (every
 * named group, in the order the resource table first names them).
 */
export function aggregatedDiscovery(root: 'api' | 'apis', version: 'v2' | 'v2beta1') {
  const groups = root === 'api' ? [''] : [...new Set(RESOURCES.filter((r) => r.group !== '').map((r) => r.group))];
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: `apidiscovery.k8s.io/${version}`,
    metadata: {},
    items: groups.map((group) => groupEntry(group, RESOURCES.filter((r) => r.group === group))),
  };
}
