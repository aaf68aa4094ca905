/**
 * RestDeps is what the REST handlers work with: the stores, the watch sources and the admission
 * chain of the running configuration (a restart swaps the chain; the stores stay).
 */
import type { KubeObject } from '../../api/types';
import type { AdmissionChain } from '../admission/types';
import type { Selectors } from '../registry/list';
import type { Store } from '../registry/store';
import type { Strategy } from '../registry/strategy';
import type { UserInfo, WatchSink } from '../request';
import type { ApiWatcher } from '../watch/api-watcher';
import type { WatchStart } from '../watch/start';

export interface RestDeps {
  /** Stores by plural resource name. */
  readonly stores: ReadonlyMap<string, Store>;
  /** Strategies of the status subresource, by plural resource name. */
  readonly statusStrategies: ReadonlyMap<string, Strategy>;
  /**
   * admission is the running configuration's admission chain. A field, not a getter: the handler
   * is built anew with each configuration (a restart), and every write reads it.
   */
  readonly admission: AdmissionChain;
  /** watch opens a watch; `sharedResults`: the client may be handed the cache's frozen objects. */
  watch(store: Store, namespace: string, selectors: Selectors, sink: WatchSink, start: WatchStart, sharedResults: boolean): ApiWatcher;
  /** selfSubjectAccessReview answers `kubectl auth can-i` for the requesting user. */
  selfSubjectAccessReview(user: UserInfo, review: KubeObject): KubeObject;
  /** deleteNamespace starts namespace termination (Terminating, then contents, then the namespace). */
  deleteNamespace(name: string): KubeObject;
  /** namespaceCreated runs after a namespace was created (it gets its default ServiceAccount). */
  namespaceCreated(name: string): void;
}
