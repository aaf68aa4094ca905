import { describe, expect, it } from 'vitest';
import { runsOnlyBuiltIns } from './equivalence-builtins';
import { EquivalenceCache } from './equivalence-cache';
import { Framework } from './framework';
import { computePodInfo } from './pod-info';
import { NodePorts } from './plugins/node-ports';
import { makePod } from './testing';

/** entry asks the cache for the pod's entry as the scheduler does: runsOnlyBuiltIns first. */
function entry(cache: EquivalenceCache, framework: Framework) {
  const pod = makePod('p', { cpu: '100m' });
  return cache.entryFor(framework, pod, computePodInfo(pod), 3, runsOnlyBuiltIns(framework));
}

describe('EquivalenceCache plugin lists', () => {
  it('keeps a shape entry while the lists stay, and drops it when a list changes in place', () => {
    const framework = Framework.withDefaults();
    const cache = new EquivalenceCache();
    const first = entry(cache, framework);
    expect(first).toBeDefined();
    expect(entry(cache, framework)).toBe(first);
    // Built-ins only still, but other lists: the raw scores are kept by plugin position.
    framework.removePlugin('NodePorts');
    const second = entry(cache, framework);
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
    expect(entry(cache, framework)).toBe(second);
    framework.filterPlugins.push(NodePorts);
    expect(entry(cache, framework)).not.toBe(second);
  });

  it('keeps its entries while another framework with other lists takes turns with it', () => {
    const framework = Framework.withDefaults();
    const other = Framework.withDefaults();
    other.removePlugin('NodeResourcesBalancedAllocation');
    const [cache, otherCache] = [new EquivalenceCache(), new EquivalenceCache()];
    const first = entry(cache, framework);
    const otherFirst = entry(otherCache, other);
    for (let round = 0; round < 3; round++) {
      expect(entry(cache, framework)).toBe(first);
      expect(entry(otherCache, other)).toBe(otherFirst);
    }
    // The same lists in a new framework: entries are made for the framework they serve.
    expect(entry(cache, Framework.withDefaults())).not.toBe(first);
  });

  it('runs nothing cached once a plugin that is not a built-in joins a list', () => {
    const framework = Framework.withDefaults();
    const cache = new EquivalenceCache();
    expect(entry(cache, framework)).toBeDefined();
    framework.filterPlugins.push({ name: 'Mine', filter: NodePorts.filter });
    expect(entry(cache, framework)).toBeUndefined();
    framework.filterPlugins.pop();
    expect(entry(cache, framework)).toBeDefined();
    // A copy in a built-in's place, with the same functions: not a built-in either.
    const at = framework.filterPlugins.indexOf(NodePorts);
    framework.filterPlugins[at] = { ...NodePorts };
    expect(runsOnlyBuiltIns(framework)).toBe(false);
    expect(entry(cache, framework)).toBeUndefined();
    framework.filterPlugins[at] = NodePorts;
    expect(runsOnlyBuiltIns(framework)).toBe(true);
  });
});
