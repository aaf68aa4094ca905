import { describe, expect, it } from 'vitest';
import { findResource } from '../../api/resources';
import type { UserInfo } from '../request';
import { admissionPluginsFor, MODELLED_PLUGINS } from './plugins';
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

const pods = findResource('pods')!;
const events = findResource('events')!;
const user: UserInfo = { name: 'alice', groups: [] };
const filterLookups = { namespace: () => ({ metadata: { name: 'default' } }), serviceAccount: () => ({}), suffix: () => 'abcde' };

/** recorder is a plugin that notes every write it is asked about, in both phases. */
function filterRecorder(name: string, seen: string[], filters: Partial<AdmissionPlugin> = {}): AdmissionPlugin {
  const note = (phase: string) => (a: AdmissionAttributes) => seen.push(`${name} ${phase} ${a.operation} ${a.resource.resource}${a.subresource ? `/${a.subresource}` : ''}`);
  return { name, ...filters, admit: note('admit'), validate: note('validate') };
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

  it('asks a plugin only about the resources, operations and main-resource writes it declares, in plugin order', () => {
    const seen: string[] = [];
    const chain = new AdmissionChain(
      [filterRecorder('any', seen), filterRecorder('pod-create', seen, { resources: ['pods'], operations: ['CREATE'], mainResourceOnly: true }), filterRecorder('no-update', seen, { operations: ['CREATE', 'DELETE'] })],
      filterLookups,
    );
    const write = (operation: AdmissionAttributes['operation'], resource = pods, subresource = '') => {
      const attributes: AdmissionAttributes = { operation, resource, subresource, namespace: 'default', name: 'web', user };
      chain.admit(attributes);
      chain.validate(attributes);
    };
    write('CREATE');
    write('UPDATE', pods, 'status');
    write('CREATE', pods, 'binding');
    write('DELETE');
    write('CREATE', events);
    expect(seen).toEqual([
      'any admit CREATE pods', 'pod-create admit CREATE pods', 'no-update admit CREATE pods',
      'any validate CREATE pods', 'pod-create validate CREATE pods', 'no-update validate CREATE pods',
      'any admit UPDATE pods/status', 'any validate UPDATE pods/status',
      'any admit CREATE pods/binding', 'no-update admit CREATE pods/binding', 'any validate CREATE pods/binding', 'no-update validate CREATE pods/binding',
      'any admit DELETE pods', 'no-update admit DELETE pods', 'any validate DELETE pods', 'no-update validate DELETE pods',
      'any admit CREATE events', 'no-update admit CREATE events', 'any validate CREATE events', 'no-update validate CREATE events',
    ]);
  });

  it('leaves out only calls the modelled plugins would return from at once', () => {
    // Each plugin's declared filters against its own checks: a write it is no longer asked about changes nothing.
    for (const plugin of Object.values(MODELLED_PLUGINS)) {
      for (const operation of ['CREATE', 'UPDATE', 'DELETE'] as const) {
        for (const subresource of ['', 'status', 'binding']) {
          const declared = (!plugin.operations || plugin.operations.includes(operation)) && !(subresource && plugin.mainResourceOnly);
          if (declared) continue;
          const object = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' }, spec: { containers: [{ name: 'app', image: 'nginx' }] } };
          const before = JSON.stringify(object);
          for (const resource of plugin.resources ?? ['pods', 'namespaces']) {
            const attributes: AdmissionAttributes = { operation, resource: findResource(resource)!, subresource, namespace: 'default', name: resource === 'namespaces' ? 'kube-system' : 'web', user: { name: 'system:node:n1', groups: ['system:nodes'] }, object, oldObject: object };
            expect(() => plugin.admit?.(attributes, filterLookups)).not.toThrow();
            expect(JSON.stringify(object)).toBe(before);
          }
        }
      }
    }
  });
});
