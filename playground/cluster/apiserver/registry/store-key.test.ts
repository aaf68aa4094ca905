import { describe, expect, it } from 'vitest';
import { RESOURCES } from '../../api/resources';
import { namespaceStrategy } from './namespace-strategy';
import { podStrategy } from './pod/strategy';
import { Store, type StoreDeps } from './store';

const info = (resource: string) => RESOURCES.find((r) => r.resource === resource)!;
// key() reads nothing but the resource info: no etcd or clock needed.
const noDeps = {} as StoreDeps;

/** expectKeys asks `store` for the key of each [namespace, name] in turn, in that order. */
function expectKeys(store: Store, asked: readonly (readonly [string, string, string])[]): void {
  for (const [namespace, name, key] of asked) expect(store.key(namespace, name)).toBe(key);
}

describe('Store.key', () => {
  it('gives each namespace and name its own key, whatever was asked before', () => {
    expectKeys(new Store(info('pods'), podStrategy, noDeps), [
      ['default', 'web', '/registry/pods/default/web'],
      ['default', 'web', '/registry/pods/default/web'],
      ['other', 'web', '/registry/pods/other/web'],
      ['default', 'db', '/registry/pods/default/db'],
      ['default', 'web', '/registry/pods/default/web'],
      ['', 'web', '/registry/pods//web'],
      ['default', '', '/registry/pods/default/'],
    ]);
  });

  it('keys the empty namespace, then others in turn, from a fresh store on (the namespace part is kept between keys)', () => {
    expectKeys(new Store(info('events'), podStrategy, noDeps), [
      ['', 'a', '/registry/events//a'],
      ['kube-system', 'a', '/registry/events/kube-system/a'],
      ['kube-system', 'b', '/registry/events/kube-system/b'],
      ['default', 'b', '/registry/events/default/b'],
      ['', 'b', '/registry/events//b'],
      ['kube-system', 'b', '/registry/events/kube-system/b'],
    ]);
  });

  it('leaves the namespace out of a cluster-scoped key', () => {
    const namespaces = new Store(info('namespaces'), namespaceStrategy, noDeps);
    expect(namespaces.key('', 'default')).toBe('/registry/namespaces/default');
    expect(namespaces.key('default', 'default')).toBe('/registry/namespaces/default');
    expect(namespaces.key('', 'kube-system')).toBe('/registry/namespaces/kube-system');
  });
});
