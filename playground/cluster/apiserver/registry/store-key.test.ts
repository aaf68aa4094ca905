import { describe, expect, it } from 'vitest';
import { RESOURCES } from '../../api/resources';
import { namespaceStrategy } from './namespace-strategy';
import { podStrategy } from './pod/strategy';
import { Store, type StoreDeps } from './store';

const info = (resource: string) => RESOURCES.find((r) => r.resource === resource)!;
// key() reads nothing but the resource info: no etcd or clock needed.
const noDeps = {} as StoreDeps;

describe('Store.key', () => {
  it('gives each namespace and name its own key, whatever was asked before', () => {
    const pods = new Store(info('pods'), podStrategy, noDeps);
    expect(pods.key('default', 'web')).toBe('/registry/pods/default/web');
    expect(pods.key('default', 'web')).toBe('/registry/pods/default/web');
    expect(pods.key('other', 'web')).toBe('/registry/pods/other/web');
    expect(pods.key('default', 'db')).toBe('/registry/pods/default/db');
    expect(pods.key('default', 'web')).toBe('/registry/pods/default/web');
    expect(pods.key('', 'web')).toBe('/registry/pods//web');
    expect(pods.key('default', '')).toBe('/registry/pods/default/');
  });

  it('keys the empty namespace, then others in turn, from a fresh store on (the namespace part is kept between keys)', () => {
    const events = new Store(info('events'), podStrategy, noDeps);
    expect(events.key('', 'a')).toBe('/registry/events//a');
    expect(events.key('kube-system', 'a')).toBe('/registry/events/kube-system/a');
    expect(events.key('kube-system', 'b')).toBe('/registry/events/kube-system/b');
    expect(events.key('default', 'b')).toBe('/registry/events/default/b');
    expect(events.key('', 'b')).toBe('/registry/events//b');
    expect(events.key('kube-system', 'b')).toBe('/registry/events/kube-system/b');
  });

  it('leaves the namespace out of a cluster-scoped key', () => {
    const namespaces = new Store(info('namespaces'), namespaceStrategy, noDeps);
    expect(namespaces.key('', 'default')).toBe('/registry/namespaces/default');
    expect(namespaces.key('default', 'default')).toBe('/registry/namespaces/default');
    expect(namespaces.key('', 'kube-system')).toBe('/registry/namespaces/kube-system');
  });
});
