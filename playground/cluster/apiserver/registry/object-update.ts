/**
 * ObjectUpdate is one PUT or PATCH as the store runs it (Store.update): how the new object is built
 * from the stored one, and the admission steps around validation. The REST handler makes one
 * object per request with these as methods, instead of a closure for each step.
 */
import type { KubeObject } from '../../api/types';
import type { StoredRead } from './cached-objects';
import type { Strategy } from './strategy';

/** ObjectUpdate is what Store.update needs of one PUT or PATCH (see the file comment). */
export interface ObjectUpdate {
  /** The endpoint's strategy when it is not the resource's own (the status strategy for status). */
  readonly strategy?: Strategy;
  /**
   * updated builds the new object from `current`, the stored one (read-only, possibly shared with
   * the watch cache), and must leave it alone: a PUT decodes its body, a PATCH applies the patch to
   * `stored.copy()`, a fresh copy. The result may share parts of `current`, so it is read-only too.
   */
  updated(current: KubeObject, stored: StoredRead): KubeObject;
  /** mutate runs mutating admission on the new object, after the system fields are kept. */
  mutate(object: KubeObject, old: KubeObject): void;
  /** admit runs validating admission, after validation and right before the write. */
  admit(object: KubeObject, old: KubeObject): void;
}
