/**
 * listObjects is the LIST path of the etcd3 store: a prefix range at one snapshot revision, filtered
 * by label and field selectors, cut into pages by `limit` with a `continue` token. The list's
 * resourceVersion is the etcd header revision (not the newest item's), as in the real server.
 */
import type { ListOptions } from '../../api/client';
import { apiVersionOf } from '../../api/resources';
import { badRequest, expired, StatusError } from '../../api/status';
import { matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector, SelectorError, type FieldRequirement, type LabelRequirement } from '../../api/selectors';
import type { KubeObject, List } from '../../api/types';
import { EtcdError, prefixEnd } from '../../etcd/types';
import { decodeKeyValue } from './codec';
import { decodeContinue, encodeContinue } from './continue-token';
import type { Store } from './store';

/** Selectors is a parsed label and field selector pair. */
export interface Selectors {
  labels: LabelRequirement[];
  fields: FieldRequirement[];
}

/**
 * parseSelectors parses both selectors and converts each field label as ListResource does
 * (ConvertFieldLabel, for a list and a watch alike): an old label becomes the one it selects on now,
 * and one the resource does not support is a 400.
 */
export function parseSelectors(store: Store, options: { labelSelector?: string; fieldSelector?: string }): Selectors {
  try {
    const labels = parseLabelSelector(options.labelSelector);
    const fields = parseFieldSelector(options.fieldSelector);
    const conversions = store.strategy.fieldLabelConversions;
    for (let i = 0; i < fields.length; i++) {
      const term = fields[i];
      const converted = conversions?.get(term.field);
      if (converted !== undefined) fields[i] = { field: converted, operator: term.operator, value: term.value };
      else if (!store.strategy.fieldLabels.includes(term.field)) throw new SelectorError(`field label not supported: ${term.field}`);
    }
    return { labels, fields };
  } catch (error) {
    if (error instanceof SelectorError) throw new StatusError(badRequest(error.message));
    throw error;
  }
}

/** matches tells whether an object passes the selectors. */
export function matches(store: Store, selectors: Selectors, object: KubeObject): boolean {
  if (selectors.labels.length && !matchesLabels(selectors.labels, object.metadata?.labels)) return false;
  if (selectors.fields.length && !matchesFields(selectors.fields, store.strategy.selectableFields(object))) return false;
  return true;
}

const PAGE_READ = 500;

/** listObjects serves a LIST for `namespace` ("" = all namespaces or cluster scope). */
export function listObjects(store: Store, namespace: string, options: ListOptions): List {
  const selectors = parseSelectors(store, options);
  const prefix = store.prefix(namespace);
  const rangeEnd = prefixEnd(prefix);
  const limit = options.limit && options.limit > 0 ? options.limit : 0;
  let startKey = prefix;
  let revision = 0;
  // `metadata.name=X` (a kubelet's own Node) names one key: range just it instead of decoding the prefix.
  const named = selectors.fields.find((f) => f.field === 'metadata.name' && f.operator === '=');
  const oneKey = named && !options.continue && !limit && (namespace || !store.info.namespaced) ? store.key(namespace, named.value) : undefined;
  if (options.continue) {
    const token = decodeContinue(options.continue);
    startKey = prefix + token.start;
    revision = token.revision;
  }
  const items: KubeObject[] = [];
  let nextKey: string | undefined;
  let headerRevision = 0;
  let examined = 0;
  let total = 0;
  try {
    for (;;) {
      const res = oneKey !== undefined ? store.deps.etcd.range({ key: oneKey }) : store.deps.etcd.range({ key: startKey, rangeEnd, revision, limit: limit ? Math.max(PAGE_READ, limit) : 0 });
      headerRevision = revision || res.header.revision;
      revision = headerRevision;
      if (total === 0) total = res.count;
      for (const kv of res.kvs) {
        if (limit && items.length === limit) {
          nextKey = kv.key;
          break;
        }
        examined++;
        const object = decodeKeyValue(kv);
        if (matches(store, selectors, object)) items.push(object);
      }
      if (nextKey || !res.more || res.kvs.length === 0) break;
      startKey = res.kvs[res.kvs.length - 1].key + '\0';
    }
  } catch (error) {
    if (error instanceof EtcdError && /compacted/.test(error.message)) {
      throw new StatusError(
        expired(
          'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
        ),
      );
    }
    throw error;
  }
  const metadata: List['metadata'] = { resourceVersion: String(headerRevision) };
  if (nextKey !== undefined) {
    metadata.continue = encodeContinue(headerRevision, nextKey.slice(prefix.length));
    if (!selectors.labels.length && !selectors.fields.length) metadata.remainingItemCount = Math.max(0, total - examined);
  }
  for (const item of items) {
    item.apiVersion = item.apiVersion ?? apiVersionOf(store.info);
    item.kind = item.kind ?? store.info.kind;
  }
  return { kind: store.info.listKind, apiVersion: apiVersionOf(store.info), metadata, items };
}
