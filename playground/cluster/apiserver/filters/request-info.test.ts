import { describe, expect, it } from 'vitest';
import { parseRequestInfo } from './request-info';

const pick = (method: string, path: string) => {
  const i = parseRequestInfo(method, path);
  return [i.verb, i.apiGroup, i.namespace, i.resource, i.name, i.subresource, i.isResourceRequest];
};

describe('parseRequestInfo', () => {
  it('tells get from list and watch, and finds namespace, name and subresource', () => {
    expect(pick('GET', '/api/v1/namespaces/default/pods/nginx')).toEqual(['get', '', 'default', 'pods', 'nginx', '', true]);
    expect(pick('GET', '/api/v1/namespaces/default/pods?limit=500')).toEqual(['list', '', 'default', 'pods', '', '', true]);
    expect(pick('GET', '/api/v1/pods?watch=true&fieldSelector=spec.nodeName%3Dnode-1')).toEqual(['watch', '', '', 'pods', '', '', true]);
    expect(pick('GET', '/api/v1/watch/namespaces/default/pods')).toEqual(['watch', '', 'default', 'pods', '', '', true]);
    expect(pick('POST', '/api/v1/namespaces/default/pods/nginx/binding')).toEqual(['create', '', 'default', 'pods', 'nginx', 'binding', true]);
    expect(pick('PATCH', '/apis/apps/v1/namespaces/web/replicasets/rs/status')).toEqual(['patch', 'apps', 'web', 'replicasets', 'rs', 'status', true]);
    expect(pick('DELETE', '/api/v1/namespaces/default/pods')).toEqual(['deletecollection', '', 'default', 'pods', '', '', true]);
  });

  it('treats namespaces as objects of their own', () => {
    expect(pick('GET', '/api/v1/namespaces')).toEqual(['list', '', '', 'namespaces', '', '', true]);
    expect(pick('DELETE', '/api/v1/namespaces/team')).toEqual(['delete', '', 'team', 'namespaces', 'team', '', true]);
    expect(pick('PUT', '/api/v1/namespaces/team/status')).toEqual(['update', '', 'team', 'namespaces', 'team', 'status', true]);
  });

  it('leaves discovery and health paths as non-resource requests', () => {
    expect(pick('GET', '/apis/apps/v1')).toEqual(['get', '', '', '', '', '', false]);
    expect(pick('GET', '/healthz')).toEqual(['get', '', '', '', '', '', false]);
    expect(parseRequestInfo('GET', '/api/v1/pods?labelSelector=app%3Dweb&limit=2').query).toEqual({ labelSelector: 'app=web', limit: '2' });
  });

  it('lower-cases any method for a non-resource path, and shares one empty query between requests without one', () => {
    expect(parseRequestInfo('OPTIONS', '/healthz').verb).toBe('options');
    expect(parseRequestInfo('constructor', '/healthz').verb).toBe('constructor');
    expect(parseRequestInfo('GET', '/healthz').verb).toBe('get');
    const a = parseRequestInfo('GET', '/api/v1/namespaces/default/pods/a');
    const b = parseRequestInfo('GET', '/api/v1/namespaces/default/pods/b');
    expect(a.query).toEqual({});
    expect(a.query).toBe(b.query);
    expect(Object.isFrozen(a.query)).toBe(true);
    expect(parseRequestInfo('GET', '/api/v1/pods?').query).toEqual({});
  });

  it('gives HEAD the verb get and any other method on a resource path the empty verb, as requestinfo.go does', () => {
    expect(pick('HEAD', '/api/v1/namespaces/default/pods/a')).toEqual(['get', '', 'default', 'pods', 'a', '', true]);
    expect(pick('HEAD', '/api/v1/namespaces/default/pods')).toEqual(['list', '', 'default', 'pods', '', '', true]);
    for (const method of ['OPTIONS', 'get', 'TRACE', 'constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf']) {
      for (const path of ['/api/v1/pods', '/api/v1/namespaces/default/pods/a', '/apis/apps/v1/namespaces/default/replicasets']) {
        const info = parseRequestInfo(method, path);
        expect(info.isResourceRequest).toBe(true);
        expect(info.verb).toBe('');
      }
      // A path that names no resource keeps the lower-case method, prototype-like names too.
      expect(parseRequestInfo(method, '/healthz').verb).toBe(method.toLowerCase());
    }
  });

  it('reads odd paths as the usual ones: leading and trailing slashes dropped, escaped segments decoded', () => {
    const usual = parseRequestInfo('PATCH', '/api/v1/namespaces/default/pods/web/status');
    for (const odd of ['/api/v1/namespaces/default/pods/web/status/', '//api/v1/namespaces/default/pods/web/status//', 'api/v1/namespaces/default/pods/web/status', '/api/v1/namespaces/def%61ult/pods/w%65b/status']) {
      expect({ ...parseRequestInfo('PATCH', odd), path: usual.path }).toEqual(usual);
    }
    // The path is decoded before it is split (Go's URL.Path): an escaped slash separates segments too.
    expect(pick('GET', '/api/v1/namespaces/default/pods/c%20d')).toEqual(['get', '', 'default', 'pods', 'c d', '', true]);
    expect(pick('GET', '/api/v1/namespaces/default/pods/web%2Fstatus')).toEqual(['get', '', 'default', 'pods', 'web', 'status', true]);
    expect(pick('GET', '/api/v1/namespaces/a%2Fb/pods')).toEqual(['get', '', 'a', 'b', 'pods', '', true]);
    expect(parseRequestInfo('GET', '/api/v1/namespaces/default/pods/c%20d').path).toBe('/api/v1/namespaces/default/pods/c d');
    // An escaped percent sign is decoded once: `%2541` is the name `%41`, not `A`.
    expect(pick('GET', '/api/v1/namespaces/default/pods/%2541')).toEqual(['get', '', 'default', 'pods', '%41', '', true]);
    expect(pick('GET', '/')).toEqual(['get', '', '', '', '', '', false]);
    expect(pick('GET', '')).toEqual(['get', '', '', '', '', '', false]);
  });

  it('keeps an empty segment between two others, as splitPath in requestinfo.go does (only the ends are trimmed)', () => {
    // The empty segment takes the place of what the usual path has there: a resource, a name or a namespace.
    expect(pick('GET', '/api/v1//namespaces/default/pods')).toEqual(['get', '', '', '', 'namespaces', 'default', true]);
    expect(pick('GET', '/api/v1/namespaces/default/pods//status')).toEqual(['list', '', 'default', 'pods', '', 'status', true]);
    expect(pick('PATCH', '/api/v1/namespaces//pods/web')).toEqual(['patch', '', '', 'pods', 'web', '', true]);
    expect(pick('GET', '/apis//v1/namespaces/default/pods')).toEqual(['list', '', 'default', 'pods', '', '', true]);
    expect(pick('DELETE', '/api/v1/namespaces/default/pods//')).toEqual(['deletecollection', '', 'default', 'pods', '', '', true]);
    // Two empty segments make /api/ a resource path with an empty version, as in requestinfo.go.
    expect(pick('GET', '/api///pods').slice(3)).toEqual(['', 'pods', '', true]);
    expect(parseRequestInfo('GET', '/api///pods').apiVersion).toBe('');
    // An escaped slash decodes to one more separator, so `%2F%2F` is an empty segment too.
    expect(pick('GET', '/api/v1/namespaces/default/pods/web%2F%2Fstatus')).toEqual(['get', '', 'default', 'pods', 'web', '', true]);
  });

  it('reads any watch value but 0 or false (in any case) as a watch, as ListOptions decoding does', () => {
    for (const query of ['watch=true', 'watch=1', 'watch=TRUE', 'watch=yes', 'watch=', 'watch', 'limit=5&watch=True']) {
      expect(parseRequestInfo('GET', `/api/v1/namespaces/default/pods?${query}`).verb).toBe('watch');
    }
    for (const query of ['watch=false', 'watch=0', 'watch=FALSE', 'watch=False', 'limit=5', 'watching=true']) {
      expect(parseRequestInfo('GET', `/api/v1/namespaces/default/pods?${query}`).verb).toBe('list');
    }
    // Only a list turns into a watch: a named GET stays a get, a DELETE of the collection a deletecollection.
    expect(parseRequestInfo('GET', '/api/v1/namespaces/default/pods/web?watch=true').verb).toBe('get');
    expect(parseRequestInfo('DELETE', '/api/v1/namespaces/default/pods?watch=true').verb).toBe('deletecollection');
  });

  it('gives a list or watch whose field selector picks one name that name, as requestinfo.go does', () => {
    const nodes = '/api/v1/nodes?fieldSelector=metadata.name%3Dnode-1';
    expect(pick('GET', nodes)).toEqual(['list', '', '', 'nodes', 'node-1', '', true]);
    expect(pick('GET', `${nodes}&watch=true`)).toEqual(['watch', '', '', 'nodes', 'node-1', '', true]);
    expect(pick('GET', '/api/v1/namespaces/default/pods?fieldSelector=spec.nodeName%3Dn1,metadata.name%3D%3Dweb')).toEqual(['list', '', 'default', 'pods', 'web', '', true]);
    // No single name: another operator, another field, a name that is no path segment, a selector that does not parse.
    for (const selector of ['metadata.name!%3Dweb', 'spec.nodeName%3Dn1', 'metadata.name%3Da%2Fb', 'metadata.name%3D..', 'metadata.name%3Da%25b', '%3D%3D']) {
      expect(pick('GET', `/api/v1/namespaces/default/pods?fieldSelector=${selector}`).slice(0, 5)).toEqual(['list', '', 'default', 'pods', '']);
    }
    // Only a GET of a collection reads it: not the /watch/ prefix (its verb comes from the path), nor a delete.
    expect(pick('GET', '/api/v1/watch/nodes?fieldSelector=metadata.name%3Dnode-1')).toEqual(['watch', '', '', 'nodes', '', '', true]);
    expect(pick('DELETE', '/api/v1/nodes?fieldSelector=metadata.name%3Dnode-1')).toEqual(['deletecollection', '', '', 'nodes', '', '', true]);
  });

  it('keeps the first value of a repeated query parameter, the one the server decodes', () => {
    expect(parseRequestInfo('GET', '/api/v1/pods?watch=false&watch=true').verb).toBe('list');
    expect(parseRequestInfo('GET', '/api/v1/pods?watch=1&watch=0').verb).toBe('watch');
    expect(parseRequestInfo('GET', '/api/v1/pods?limit=2&labelSelector=a%3Db&limit=5').query).toEqual({ limit: '2', labelSelector: 'a=b' });
    // Names of Object.prototype's properties are parameters like any other.
    expect(parseRequestInfo('GET', '/api/v1/pods?constructor=x&toString=y&constructor=z').query).toEqual({ constructor: 'x', toString: 'y' });
  });
});
