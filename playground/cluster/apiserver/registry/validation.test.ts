import { describe, expect, it } from 'vitest';
import { defaultStrategy, fullValidate, fullValidateUpdate } from './strategy';
import { DNS1123_LABEL_MESSAGE, DNS1123_SUBDOMAIN_MESSAGE, dns1123LabelErrors, dns1123SubdomainErrors, nameErrors, validateLabels, validateObjectMeta } from './validation';

describe('name rules', () => {
  it('accepts valid names with no message', () => {
    expect(dns1123SubdomainErrors('web-0.example.com')).toEqual([]);
    expect(dns1123LabelErrors('web-0')).toEqual([]);
    expect(nameErrors('system:kube-scheduler', 'path-segment')).toEqual([]);
  });

  it('gives apimachinery messages, length first, for invalid names', () => {
    expect(dns1123SubdomainErrors('Web')).toEqual([DNS1123_SUBDOMAIN_MESSAGE]);
    expect(dns1123SubdomainErrors('a'.repeat(254))).toEqual(['must be no more than 253 characters']);
    expect(dns1123SubdomainErrors('-'.repeat(254))).toEqual(['must be no more than 253 characters', DNS1123_SUBDOMAIN_MESSAGE]);
    expect(dns1123LabelErrors('a.b')).toEqual([DNS1123_LABEL_MESSAGE]);
    expect(dns1123LabelErrors('a'.repeat(64))).toEqual(['must be no more than 63 characters']);
    // Where the groups of the patterns matter: a dot or dash at either end of a part, two dots, upper case.
    for (const name of ['a.', '.a', 'a..b', 'a-.b', 'a.-b', '-a', 'a-', 'a.b-', 'A.b', 'a_b']) expect(dns1123SubdomainErrors(name)).toEqual([DNS1123_SUBDOMAIN_MESSAGE]);
    for (const name of ['a', 'a--b', 'a.b.c', '0-0.9', 'pod-1.1879aa3f0c2b7d00']) expect(dns1123SubdomainErrors(name)).toEqual([]);
    for (const name of ['-a', 'a-', 'a.b', 'A']) expect(dns1123LabelErrors(name)).toEqual([DNS1123_LABEL_MESSAGE]);
    expect(dns1123LabelErrors('a--0')).toEqual([]);
    expect(nameErrors('..', 'path-segment')).toEqual(["may not be '..'"]);
    expect(nameErrors('a/b%c', 'path-segment')).toEqual(["may not contain '/'"]);
    expect(nameErrors('a%c', 'path-segment')).toEqual(["may not contain '%'"]);
  });
});

describe('validateLabels', () => {
  it('has nothing to say about absent or valid labels', () => {
    expect(validateLabels(undefined, 'metadata.labels')).toEqual([]);
    expect(validateLabels({ app: 'web', tier: '' }, 'metadata.labels')).toEqual([]);
  });

  it('reports every bad value and empty key, in order', () => {
    const errors = validateLabels({ a: '-bad', '': 'ok', b: 'x'.repeat(64) }, 'spec.nodeSelector');
    expect(errors.map((e) => [e.field, e.value])).toEqual([
      ['spec.nodeSelector', '-bad'],
      ['spec.nodeSelector', ''],
      ['spec.nodeSelector', 'x'.repeat(64)],
    ]);
    expect(errors[1].detail).toBe('name part must be non-empty');
  });
});

describe('validateObjectMeta', () => {
  it('leaves fullValidate the strategy errors alone for valid metadata, each call its own list', () => {
    const strategy = defaultStrategy({ validate: () => [{ field: 'spec.x', type: 'Required' }] });
    const first = fullValidate(strategy, { metadata: { name: 'a', namespace: 'default', labels: { app: 'web' } } }, true);
    const second = fullValidate(strategy, { metadata: { name: 'b', namespace: 'default' } }, true);
    expect(first).toEqual([{ field: 'spec.x', type: 'Required' }]);
    expect(second).toEqual([{ field: 'spec.x', type: 'Required' }]);
    expect(first).not.toBe(second);
  });

  it('answers valid metadata with one shared, frozen empty list, and adds the strategy errors after the metadata ones', () => {
    const valid = validateObjectMeta({ name: 'web-0.18a2', namespace: 'default', labels: { app: 'web' } }, true, 'subdomain');
    expect(valid).toEqual([]);
    expect(Object.isFrozen(valid)).toBe(true);
    expect(validateObjectMeta({ name: 'b' }, false, 'label')).toBe(valid);
    expect(fullValidate(defaultStrategy(), { metadata: { name: 'c', namespace: 'default' } }, true)).toBe(valid);
    const strategy = defaultStrategy({ validate: () => [{ field: 'spec.x', type: 'Required' }] });
    expect(fullValidate(strategy, { metadata: { name: 'Bad_Name' } }, true)).toEqual([
      { field: 'metadata.name', type: 'Invalid', value: 'Bad_Name', detail: DNS1123_SUBDOMAIN_MESSAGE },
      { field: 'metadata.namespace', type: 'Required' },
      { field: 'spec.x', type: 'Required' },
    ]);
    expect(validateObjectMeta({}, false, 'subdomain')).toEqual([{ field: 'metadata.name', type: 'Required', detail: 'name or generateName is required' }]);
  });

  it('names each problem of invalid metadata', () => {
    expect(validateObjectMeta({ name: 'Bad_Name', labels: { k: '-' } }, true, 'subdomain')).toEqual([
      { field: 'metadata.name', type: 'Invalid', value: 'Bad_Name', detail: DNS1123_SUBDOMAIN_MESSAGE },
      { field: 'metadata.namespace', type: 'Required' },
      expect.objectContaining({ field: 'metadata.labels', type: 'Invalid', value: '-' }),
    ]);
  });
});

describe('fullValidateUpdate', () => {
  it('checks labels and the strategy, not the name or namespace the store wrote back (ValidateObjectMetaUpdate)', () => {
    const strategy = defaultStrategy({ validate: () => [{ field: 'spec.x', type: 'Required' }] });
    expect(fullValidateUpdate(defaultStrategy(), { metadata: { name: 'Bad_Name' } })).toEqual([]);
    const errors = fullValidateUpdate(strategy, { metadata: { name: 'a', labels: { k: '-' } } });
    expect(errors).toEqual([expect.objectContaining({ field: 'metadata.labels', type: 'Invalid', value: '-' }), { field: 'spec.x', type: 'Required' }]);
    const again = fullValidateUpdate(strategy, { metadata: { name: 'a' } });
    expect(again).toEqual([{ field: 'spec.x', type: 'Required' }]);
    expect(fullValidateUpdate(strategy, { metadata: { name: 'a' } })).not.toBe(again);
  });
});
