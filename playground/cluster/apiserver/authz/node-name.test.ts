import { describe, expect, it } from 'vitest';
import { nodeNameOf } from './node';

describe('nodeNameOf', () => {
  it('names the node of a kubelet user, and nothing for other users', () => {
    expect(nodeNameOf({ name: 'system:node:node-1', groups: ['system:nodes', 'system:authenticated'] })).toBe('node-1');
    expect(nodeNameOf({ name: 'system:node:node-1', groups: ['system:authenticated'] })).toBeUndefined();
    expect(nodeNameOf({ name: 'alice', groups: ['system:nodes'] })).toBeUndefined();
    expect(nodeNameOf({ name: 'system:node:', groups: ['system:nodes'] })).toBeUndefined();
  });

  it('answers again for the same user without changing what the user shows', () => {
    const user = { name: 'system:node:node-2', groups: ['system:nodes'] };
    const other = { name: 'bob', groups: [] };
    for (let i = 0; i < 2; i++) {
      expect(nodeNameOf(user)).toBe('node-2');
      expect(nodeNameOf(other)).toBeUndefined();
    }
    expect(Object.keys(user)).toEqual(['name', 'groups']);
    expect(JSON.stringify(user)).toBe('{"name":"system:node:node-2","groups":["system:nodes"]}');
    expect({ ...other }).toEqual({ name: 'bob', groups: [] });
  });

  it('answers for frozen users too', () => {
    const kubelet = Object.freeze({ name: 'system:node:node-3', groups: ['system:nodes'] });
    const carol = Object.freeze({ name: 'carol', groups: [] });
    for (let i = 0; i < 2; i++) {
      expect(nodeNameOf(kubelet)).toBe('node-3');
      expect(nodeNameOf(carol)).toBeUndefined();
    }
  });
});
