import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/types';
import { podStatusStrategy } from './pod/strategy';
import { defaultStrategy, fullValidate, NO_ERRORS } from './strategy';

describe('strategies without checks of their own', () => {
  it('answer with one shared, frozen empty list, while fullValidate still returns a list of its own', () => {
    const events = defaultStrategy();
    const object = { metadata: { name: 'e', namespace: 'default' } } as KubeObject;
    expect(events.validate(object)).toBe(NO_ERRORS);
    expect(events.validateUpdate(object, object)).toBe(NO_ERRORS);
    expect(podStatusStrategy.validate(object)).toBe(NO_ERRORS);
    expect(Object.isFrozen(NO_ERRORS) && NO_ERRORS.length === 0).toBe(true);
    const errors = fullValidate(events, object, true);
    expect(errors).toEqual([]);
    expect(errors).not.toBe(NO_ERRORS);
    expect(fullValidate(events, { metadata: { name: 'Bad_Name', namespace: 'default' } } as KubeObject, true).map((e) => e.field)).toEqual(['metadata.name']);
  });
});
