import { describe, expect, it } from 'vitest';
import { findResource } from '../../api/resources';
import { admissionPluginsFor } from './plugins';
import { AdmissionChain, type AdmissionAttributes, type AdmissionLookups, type AdmissionPlugin } from './types';

const lookups: AdmissionLookups = { namespace: () => undefined, serviceAccount: () => undefined, suffix: () => 'abcde' };
const attributesFor = (resource: string): AdmissionAttributes => ({
  operation: 'CREATE', resource: findResource(resource)!, subresource: '', namespace: 'default', name: 'x', object: { metadata: { name: 'x' } }, user: { name: 'alice', groups: [] },
});

/** recorder makes plugins that note each call as `<plugin>.<phase>:<resource>`. */
function recorder() {
  const calls: string[] = [];
  const plugin = (name: string, resources?: string[]): AdmissionPlugin => ({
    name,
    resources,
    admit: (a) => void calls.push(`${name}.admit:${a.resource.resource}`),
    validate: (a) => void calls.push(`${name}.validate:${a.resource.resource}`),
  });
  return { calls, plugin };
}

describe('AdmissionChain', () => {
  it('calls a plugin only for the resources it names, every other plugin for every write, in order', () => {
    const { calls, plugin } = recorder();
    const chain = new AdmissionChain([plugin('Everything'), plugin('PodsOnly', ['pods']), plugin('NodesAndPods', ['nodes', 'pods'])], lookups);
    for (const resource of ['events', 'pods', 'nodes', 'events']) {
      chain.admit(attributesFor(resource));
      chain.validate(attributesFor(resource));
    }
    expect(calls).toEqual([
      'Everything.admit:events', 'Everything.validate:events',
      'Everything.admit:pods', 'PodsOnly.admit:pods', 'NodesAndPods.admit:pods', 'Everything.validate:pods', 'PodsOnly.validate:pods', 'NodesAndPods.validate:pods',
      'Everything.admit:nodes', 'NodesAndPods.admit:nodes', 'Everything.validate:nodes', 'NodesAndPods.validate:nodes',
      'Everything.admit:events', 'Everything.validate:events',
    ]);
  });

  it('still says it validates when only a plugin for other resources validates', () => {
    const podsOnly: AdmissionPlugin = { name: 'PodsOnly', resources: ['pods'], validate: () => {} };
    expect(new AdmissionChain([podsOnly], lookups).validates).toBe(true);
    expect(new AdmissionChain([{ name: 'AlwaysAdmit' }], lookups).validates).toBe(false);
  });

  it('runs AlwaysDeny and NamespaceLifecycle for Events, the pod plugins for pods alone', () => {
    const chain = new AdmissionChain(admissionPluginsFor(['AlwaysDeny'], []), lookups);
    expect(() => chain.admit(attributesFor('events'))).toThrow('namespaces "default" not found');
    const withNamespace = new AdmissionChain(admissionPluginsFor(['AlwaysDeny'], []), { ...lookups, namespace: () => ({ metadata: { name: 'default' } }) });
    const event = attributesFor('events');
    withNamespace.admit(event);
    expect(event.object).toEqual({ metadata: { name: 'x' } });
    expect(() => withNamespace.validate(event)).toThrow('admission control is denying all modifications');
  });
});
