/**
 * RequestInfoCache remembers the RequestInfo of collection paths. Most of a cluster's requests go to
 * a handful of them — every Event a component records is a POST to
 * /api/v1/namespaces/<ns>/events, every new pod a POST to …/pods — and parsing the same path again
 * (split, decode, a fresh info and query object) was a visible share of each request in an
 * interpreter. Paths that name an object (…/pods/<name>/status) are nearly all different, so they
 * are parsed every time and never crowd the cache. A remembered info is shared by every request to
 * its path: the handler chain only reads it (it is frozen while the freeze guard is on).
 */
import { deepFreeze } from '../../sim/freeze';
import type { RequestInfo } from '../request';

/** REQUEST_INFO_CACHE_LIMIT bounds the remembered paths; past it they are forgotten all at once. */
export const REQUEST_INFO_CACHE_LIMIT = 256;

/** RequestInfoCache is one handler chain's memory of collection paths (see the file comment). */
export class RequestInfoCache {
  /**
   * Remembered infos by method, then by the full path (query string included). The methods in an
   * object without a prototype: every request looks its method up, and a property read is no call
   * in an interpreter, where a Map lookup is (a method like `__proto__` is a plain key here).
   */
  private byMethod = Object.create(null) as Record<string, Map<string, RequestInfo> | undefined>;
  private size = 0;

  /** `parse` is parseRequestInfo (passed in, so the filter and its cache need not import each other). */
  constructor(private readonly parse: (method: string, fullPath: string) => RequestInfo) {}

  /** infoOf is parse(method, fullPath), from memory for a collection path seen before. */
  infoOf(method: string, fullPath: string): RequestInfo {
    let byPath = this.byMethod[method];
    const known = byPath?.get(fullPath);
    if (known) return known;
    const info = this.parse(method, fullPath);
    if (!info.isResourceRequest || info.name !== '') return info;
    if (this.size >= REQUEST_INFO_CACHE_LIMIT) {
      this.byMethod = Object.create(null) as Record<string, Map<string, RequestInfo> | undefined>;
      this.size = 0;
      byPath = undefined;
    }
    if (!byPath) this.byMethod[method] = byPath = new Map();
    byPath.set(fullPath, deepFreeze(info));
    this.size++;
    return info;
  }
}
