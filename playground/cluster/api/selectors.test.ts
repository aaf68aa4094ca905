import { describe, expect, it } from 'vitest';
import { parseFieldSelector, parseLabelSelector } from './selectors';

describe('selector parsing', () => {
  it('parses an empty or missing selector to one shared, frozen empty list', () => {
    const empties = [parseLabelSelector(undefined), parseLabelSelector(''), parseFieldSelector(undefined), parseFieldSelector('')];
    for (const list of empties) {
      expect(list).toBe(empties[0]);
      expect(list).toEqual([]);
      expect(Object.isFrozen(list)).toBe(true);
    }
  });

  it('gives each non-empty selector lists of its own', () => {
    const a = parseLabelSelector('app=web,tier!=db');
    const b = parseLabelSelector('app=web,tier!=db');
    expect(a).not.toBe(b);
    expect(a).toEqual([
      { key: 'app', operator: '=', values: ['web'] },
      { key: 'tier', operator: '!=', values: ['db'] },
    ]);
    expect(parseFieldSelector('spec.nodeName=node-1')).toEqual([{ field: 'spec.nodeName', operator: '=', value: 'node-1' }]);
  });
});
