/**
 * RestUpdate is a PUT or PATCH of an object or its status, as the store runs it (ObjectUpdate): the
 * body decoded or the patch applied to the stored object, and the admission chain around
 * validation. One object per request holds what each step needs.
 */
import type { KubeObject } from '../../api/types';
import type { AdmissionAttributes, AdmissionChain } from '../admission/types';
import type { StoredRead } from '../registry/cached-objects';
import type { ObjectUpdate } from '../registry/object-update';
import type { Store } from '../registry/store';
import type { Strategy } from '../registry/strategy';
import type { ApiRequest } from '../request';
import { decodeBody } from './body';
import { patchObject, patchStatus } from './options';

/**
 * RestUpdate is the ObjectUpdate of one PUT or PATCH request, of an object (`status` false) or its
 * status. Fields are declared and set in the constructor, not as parameter properties: the page's
 * bundle makes each class field a helper call, on every update.
 */
export class RestUpdate implements ObjectUpdate {
  private declare readonly request: ApiRequest;
  private declare readonly store: Store;
  private declare readonly admission: AdmissionChain;
  /** The status strategy for the status subresource (undefined: the resource's own). */
  declare readonly strategy: Strategy | undefined;
  /** Whether this is the status subresource (a PATCH there merges onto the stored object, see patchStatus). */
  private declare readonly status: boolean;

  constructor(request: ApiRequest, store: Store, admission: AdmissionChain, strategy: Strategy | undefined, status: boolean) {
    this.request = request;
    this.store = store;
    this.admission = admission;
    this.strategy = strategy;
    this.status = status;
  }

  updated(current: KubeObject, stored: StoredRead): KubeObject {
    const store = this.store;
    if (this.request.info!.verb === 'update') return decodeBody(this.request.http.body, store.info, store.strategy);
    return this.status ? patchStatus(this.request, store, this.strategy, current, stored) : patchObject(this.request, store, stored);
  }

  mutate(object: KubeObject, old: KubeObject): void {
    this.admission.admit(this.attributes(object, old));
  }

  admit(object: KubeObject, old: KubeObject): void {
    // Without a validating plugin there is nothing to run (nor attributes to build).
    if (this.admission.validates) this.admission.validate(this.attributes(object, old));
  }

  private attributes(object: KubeObject, old: KubeObject): AdmissionAttributes {
    const info = this.request.info!;
    return { resource: this.store.info, subresource: info.subresource, namespace: info.namespace, name: info.name, user: this.request.user!, operation: 'UPDATE', object, oldObject: old };
  }
}
