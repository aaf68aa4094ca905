/**
 * directWatch serves a watch straight from etcd, as the etcd3 watcher does for resources without a
 * watch cache (events, or every resource with --watch-cache=false): one etcd watch per API watch,
 * from rv+1 with prevKv. A compacted revision ends it with 410 "…too old." like the real server.
 */
import { expired } from '../../api/status';
import { prefixEnd } from '../../etcd/types';
import type { Selectors } from '../registry/list';
import type { Store } from '../registry/store';
import type { WatchSink } from '../request';
import { ApiWatcher } from './api-watcher';
import type { WatchStart } from './start';
import { decodeStorageEvent, storageEventFromKv } from './storage-event';

/** directWatch opens an API watch served by its own etcd watch (no watch cache; see the file comment). */
export function directWatch(store: Store, namespace: string, selectors: Selectors, sink: WatchSink, start: WatchStart): ApiWatcher {
  const etcd = store.deps.etcd;
  const prefix = store.prefix(namespace);
  let cancelEtcdWatch = () => {};
  const watcher = new ApiWatcher(store, namespace, selectors, sink, 0, () => cancelEtcdWatch());
  let fromRevision: number;
  if (start.kind === 'state') {
    const current = etcd.range({ key: prefix, rangeEnd: prefixEnd(prefix) });
    watcher.minRevision = current.header.revision;
    for (const kv of current.kvs) watcher.deliver(storageEventFromKv(store, kv), true);
    fromRevision = current.header.revision + 1;
  } else {
    watcher.minRevision = start.revision;
    fromRevision = start.revision + 1;
  }
  const etcdWatch = etcd.watch({ key: prefix, rangeEnd: prefixEnd(prefix), startRevision: fromRevision, prevKv: true }, (res) => {
    if (res.canceled) {
      watcher.fail(expired('The resourceVersion for the provided watch is too old.'));
      return;
    }
    for (const event of res.events) watcher.deliver(decodeStorageEvent(store, event));
  });
  cancelEtcdWatch = () => etcdWatch.cancel();
  return watcher;
}
