/**
 * Strategy is the pure, per-resource policy of the registry (k8s.io/apiserver rest.RESTCreateStrategy
 * and friends): defaulting, what a create or update may touch, validation, selectable fields and
 * graceful deletion. The generic store (store.ts) does the etcd work and calls into it.
 */
import type { DeleteOptions } from '../../api/client';
import type { FieldError } from '../../api/status';
import type { KubeObject } from '../../api/types';
import { validateLabels, validateObjectMeta, type NameRule } from './validation';

/** StrategyContext gives policy code the virtual time and ids without handing it storage. */
export interface StrategyContext {
  /** Current virtual time as an RFC 3339 timestamp. */
  now(): string;
}

export interface Strategy {
  /** nameRule picks how metadata.name is validated (DNS subdomain unless said otherwise). */
  readonly nameRule: NameRule;
  /** fieldLabels are the field selector labels this resource supports. */
  readonly fieldLabels: readonly string[];
  /** fieldLabelConversions maps an old field label to the one it selects on now (the v1 field label conversion: spec.host → spec.nodeName for pods). */
  readonly fieldLabelConversions?: ReadonlyMap<string, string>;
  /** returnDeletedObject: DELETE answers with the object (pods, namespaces) instead of a Status. */
  readonly returnDeletedObject: boolean;
  /**
   * keepsStoredMetadata, on a status strategy, says that decoding and preparing a status write
   * leave metadata as the client sent it (defaulting writes nothing there): patchStatus may then
   * mark metadata a patch only restates as a copy of the stored one. Not namespaces, whose
   * defaulting writes the name label into metadata on every write.
   */
  readonly keepsStoredMetadata?: boolean;
  /** defaults applies scheme defaulting to a decoded request body (and to an object after a patch). */
  defaults(object: KubeObject): void;
  /** prepareForCreate clears or sets fields the client may not choose (status on create, generation). */
  prepareForCreate(object: KubeObject, ctx: StrategyContext): void;
  /** prepareForUpdate keeps fields an update may not change (status, for the main resource). */
  prepareForUpdate(object: KubeObject, old: KubeObject): void;
  /** validate returns the object's errors; callers only read the list (it may be NO_ERRORS, shared). */
  validate(object: KubeObject): readonly FieldError[];
  validateUpdate(object: KubeObject, old: KubeObject): readonly FieldError[];
  /** selectableFields returns the values field selectors match against. */
  selectableFields(object: KubeObject): Record<string, string>;
  /**
   * gracePeriod decides how a delete proceeds: a number of seconds to wait (deletionTimestamp is set
   * and the object stays), or 0 to remove it at once.
   */
  gracePeriod(object: KubeObject, options: DeleteOptions): number;
}

/** NO_ERRORS is the answer of a validation that finds nothing to report: one frozen list for every write. */
export const NO_ERRORS: readonly FieldError[] = Object.freeze([]);

/** noErrors is a validation with nothing to check. */
export function noErrors(): readonly FieldError[] {
  return NO_ERRORS;
}

/** baseFields are the field selectors every resource supports. */
export function baseFields(object: KubeObject): Record<string, string> {
  return { 'metadata.name': object.metadata?.name ?? '', 'metadata.namespace': object.metadata?.namespace ?? '' };
}

/**
 * defaultStrategy is the policy of resources without special rules (events, leases, RBAC objects,
 * service accounts): metadata validation only, status is ordinary data, deletes are immediate.
 */
export function defaultStrategy(overrides: Partial<Strategy> = {}): Strategy {
  const base: Strategy = {
    nameRule: 'subdomain',
    fieldLabels: ['metadata.name', 'metadata.namespace'],
    returnDeletedObject: false,
    defaults() {},
    prepareForCreate() {},
    prepareForUpdate() {},
    validate: noErrors,
    validateUpdate: noErrors,
    selectableFields: baseFields,
    gracePeriod: () => 0,
  };
  return { ...base, ...overrides };
}

/**
 * fullValidate runs the generic metadata checks and then the strategy's own validation. Callers
 * only read the answer: when either part finds nothing (nearly every create: both do) it is the
 * other part's list as it came, often a shared empty one, and only errors from both make a new list.
 */
export function fullValidate(strategy: Strategy, object: KubeObject, namespaced: boolean): readonly FieldError[] {
  const metaErrors = validateObjectMeta(object.metadata ?? {}, namespaced, strategy.nameRule);
  const own = strategy.validate(object);
  if (own.length === 0) return metaErrors;
  return metaErrors.length === 0 ? own : [...metaErrors, ...own];
}

/**
 * fullValidateUpdate is fullValidate for an update, whose generic metadata checks are
 * ValidateObjectMetaUpdate's: the name and namespace are the stored object's (the store writes
 * them back first, and ValidateObjectMetaUpdate only requires them unchanged, never checks their
 * format again), so of fullValidate's metadata checks only the labels remain. Then the strategy's
 * own validation. The list is the caller's.
 */
export function fullValidateUpdate(strategy: Strategy, object: KubeObject): FieldError[] {
  const labels = object.metadata?.labels;
  // Status writes (most updates) carry the stored labels or none: the usual answer is no error.
  const errors: FieldError[] = labels ? [...validateLabels(labels, 'metadata.labels')] : [];
  const own = strategy.validate(object);
  if (own.length) errors.push(...own);
  return errors;
}
