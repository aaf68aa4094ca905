import { describe, expect, it } from 'vitest';
import { parseRequestInfo } from './request-info';
import { REQUEST_INFO_CACHE_LIMIT, RequestInfoCache } from './request-info-cache';

describe('RequestInfoCache', () => {
  it('parses a collection path once and hands out the same read-only info again', () => {
    const cache = new RequestInfoCache(parseRequestInfo);
    const first = cache.infoOf('POST', '/api/v1/namespaces/default/events');
    expect(first).toEqual(parseRequestInfo('POST', '/api/v1/namespaces/default/events'));
    expect(cache.infoOf('POST', '/api/v1/namespaces/default/events')).toBe(first);
    expect(Object.isFrozen(first) && Object.isFrozen(first.query)).toBe(true);
  });

  it('keeps methods and query strings apart', () => {
    const cache = new RequestInfoCache(parseRequestInfo);
    const create = cache.infoOf('POST', '/api/v1/namespaces/default/pods');
    const list = cache.infoOf('GET', '/api/v1/namespaces/default/pods');
    const watch = cache.infoOf('GET', '/api/v1/namespaces/default/pods?watch=true');
    expect([create.verb, list.verb, watch.verb]).toEqual(['create', 'list', 'watch']);
    expect(watch.query).toEqual({ watch: 'true' });
    expect(cache.infoOf('DELETE', '/api/v1/namespaces/default/pods').verb).toBe('deletecollection');
  });

  it('does not remember paths that name an object, nor non-resource paths', () => {
    const cache = new RequestInfoCache(parseRequestInfo);
    for (const path of ['/api/v1/namespaces/default/pods/web/status', '/api/v1/namespaces/team', '/healthz', '/apis/apps/v1']) {
      const first = cache.infoOf('GET', path);
      const again = cache.infoOf('GET', path);
      expect(again).not.toBe(first);
      expect(again).toEqual(parseRequestInfo('GET', path));
      expect(Object.isFrozen(again)).toBe(false);
    }
  });

  it('forgets everything once full and still answers correctly', () => {
    const cache = new RequestInfoCache(parseRequestInfo);
    const first = cache.infoOf('GET', '/api/v1/namespaces/ns-0/pods');
    for (let i = 1; i < REQUEST_INFO_CACHE_LIMIT; i++) cache.infoOf('GET', `/api/v1/namespaces/ns-${i}/pods`);
    expect(cache.infoOf('GET', '/api/v1/namespaces/ns-0/pods')).toBe(first);
    cache.infoOf('GET', '/api/v1/namespaces/one-too-many/pods');
    const after = cache.infoOf('GET', '/api/v1/namespaces/ns-0/pods');
    expect(after).not.toBe(first);
    expect(after).toEqual(first);
  });

  it('remembers paths under methods named like prototype keys as under any other', () => {
    const cache = new RequestInfoCache(parseRequestInfo);
    for (const method of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      const first = cache.infoOf(method, '/api/v1/namespaces/default/pods');
      expect(first).toEqual(parseRequestInfo(method, '/api/v1/namespaces/default/pods'));
      expect(cache.infoOf(method, '/api/v1/namespaces/default/pods')).toBe(first);
    }
    expect(cache.infoOf('GET', '/api/v1/namespaces/default/pods').verb).toBe('list');
  });

  it('lets a malformed path fail every time', () => {
    const cache = new RequestInfoCache(parseRequestInfo);
    expect(() => cache.infoOf('GET', '/api/v1/namespaces/%zz/pods')).toThrow();
    expect(() => cache.infoOf('GET', '/api/v1/namespaces/%zz/pods')).toThrow();
  });
});
