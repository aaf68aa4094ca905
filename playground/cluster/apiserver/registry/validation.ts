/**
 * Generic validation helpers with apimachinery's wording: object names (RFC 1123 subdomain and
 * label, RBAC path segments) and ObjectMeta checks shared by every resource.
 */
import type { FieldError } from '../../api/status';
import type { ObjectMeta } from '../../api/types';

/** NameRule picks the name format: most objects are subdomains, namespaces labels, RBAC objects path segments. */
export type NameRule = 'subdomain' | 'label' | 'path-segment';

// apimachinery's patterns with non-capturing groups: the same strings match, and QuickJS's
// matcher does not save and restore capture positions at every group it enters (every name of
// every create is tested: a 26-character Event name 0.61 -> 0.50 us).
const DNS1123_LABEL = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*$/;

/** DNS1123_SUBDOMAIN_MESSAGE is validation.IsDNS1123Subdomain's error text. */
export const DNS1123_SUBDOMAIN_MESSAGE =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

/** DNS1123_LABEL_MESSAGE is validation.IsDNS1123Label's error text. */
export const DNS1123_LABEL_MESSAGE =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

/**
 * NO_MESSAGES is the answer for a valid value: every object's name and labels pass here on every
 * write, and almost all are valid, so the usual answer is one shared, frozen empty list (callers only read it).
 */
const NO_MESSAGES: readonly string[] = Object.freeze([]);

/** NO_FIELD_ERRORS is validateLabels' and validateObjectMeta's shared answer when everything is valid (see NO_MESSAGES). */
const NO_FIELD_ERRORS: readonly FieldError[] = Object.freeze([]);

/** dns1123LabelErrors returns the messages for a value that is not a DNS-1123 label. */
export function dns1123LabelErrors(value: string): readonly string[] {
  if (value.length <= 63 && DNS1123_LABEL.test(value)) return NO_MESSAGES;
  const errors: string[] = [];
  if (value.length > 63) errors.push('must be no more than 63 characters');
  if (!DNS1123_LABEL.test(value)) errors.push(DNS1123_LABEL_MESSAGE);
  return errors;
}

/** dns1123SubdomainErrors returns the messages for a value that is not a DNS-1123 subdomain. */
export function dns1123SubdomainErrors(value: string): readonly string[] {
  if (value.length <= 253 && DNS1123_SUBDOMAIN.test(value)) return NO_MESSAGES;
  const errors: string[] = [];
  if (value.length > 253) errors.push('must be no more than 253 characters');
  if (!DNS1123_SUBDOMAIN.test(value)) errors.push(DNS1123_SUBDOMAIN_MESSAGE);
  return errors;
}

function pathSegmentErrors(value: string): readonly string[] {
  if (value === '.' || value === '..') return [`may not be '${value}'`];
  if (value.includes('/')) return ["may not contain '/'"];
  if (value.includes('%')) return ["may not contain '%'"];
  return NO_MESSAGES;
}

/** nameErrors checks a name against a rule. */
export function nameErrors(name: string, rule: NameRule): readonly string[] {
  if (rule === 'label') return dns1123LabelErrors(name);
  if (rule === 'path-segment') return pathSegmentErrors(name);
  return dns1123SubdomainErrors(name);
}

/**
 * validateObjectMeta is ValidateObjectMeta: name present and well-formed, namespace present when
 * required. Valid metadata (nearly every create) gets the shared, frozen empty answer: no list is
 * made until there is something to put in it. Callers only read the answer.
 */
export function validateObjectMeta(meta: ObjectMeta, namespaced: boolean, rule: NameRule): readonly FieldError[] {
  let errors: FieldError[] | undefined;
  if (!meta.name) {
    if (!meta.generateName) (errors ??= []).push({ field: 'metadata.name', type: 'Required', detail: 'name or generateName is required' });
  } else {
    const messages = nameErrors(meta.name, rule);
    for (let i = 0; i < messages.length; i++) (errors ??= []).push({ field: 'metadata.name', type: 'Invalid', value: meta.name, detail: messages[i] });
  }
  if (namespaced && !meta.namespace) (errors ??= []).push({ field: 'metadata.namespace', type: 'Required' });
  // Events (most writes) carry no labels: no call to learn there is nothing to check.
  if (meta.labels) {
    const labelErrors = validateLabels(meta.labels, 'metadata.labels');
    if (labelErrors.length) (errors ??= []).push(...labelErrors);
  }
  return errors ?? NO_FIELD_ERRORS;
}

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** validateLabels checks label values (63 characters, alphanumeric ends), as ValidateLabels does. */
export function validateLabels(labels: Record<string, string> | undefined, field: string): readonly FieldError[] {
  if (!labels) return NO_FIELD_ERRORS;
  let errors: FieldError[] | undefined;
  // Keys, not entries: the same pairs in the same order without an array per label.
  const all = labels as Record<string, string>;
  const keys = Object.keys(all);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const value = all[key];
    if (typeof value !== 'string' || value.length > 63 || !LABEL_VALUE.test(value)) {
      (errors ??= []).push({
        field,
        type: 'Invalid',
        value,
        detail: `a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
      });
    }
    if (!key) (errors ??= []).push({ field, type: 'Invalid', value: key, detail: 'name part must be non-empty' });
  }
  return errors ?? NO_FIELD_ERRORS;
}

/** immutableField reports a changed immutable field with apimachinery's wording. */
export function immutableField(field: string, value: unknown): FieldError {
  return { field, type: 'Invalid', value, detail: 'field is immutable' };
}
