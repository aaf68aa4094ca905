import { describe, expect, it } from 'vitest';
import { StatusError } from '../../api/status';
import type { KubeObject } from '../../api/types';
import type { EtcdClient } from '../../etcd/types';
import { newTestApiServer, pod, type TestApiServer } from '../test-support';
import type { ObjectUpdate } from './object-update';
import type { Store } from './store';

/**
 * An update starts from the watch cache's object for the key, as the real server's
 * Cacher.GuaranteedUpdate hands etcd3's GuaranteedUpdate a cachedExistingObject: no etcd read when
 * the cache holds the key, and a read from etcd only where store.go's loop makes one on a state
 * that may be stale. The cache is made stale by writing etcd directly (as etcdctl would) and not
 * letting the loop deliver the watch event.
 */
interface Fixture {
  t: TestApiServer;
  pods: Store;
  etcdctl: EtcdClient;
  /** The API server's etcd traffic since the last call, as `op key detail`. */
  etcdTraffic(): string[];
}

const KEY = '/registry/pods/default/web';

function fixture(): Fixture {
  const t = newTestApiServer();
  const pods = t.server.stores.get('pods')!;
  pods.create('default', pod('web', { metadata: { name: 'web', labels: { app: 'web' } } }));
  // The cache sees the create.
  t.loop.runUntilQuiet();
  let seen = t.trace.entries.length;
  return {
    t,
    pods,
    etcdctl: t.etcdServer.client('etcdctl'),
    etcdTraffic() {
      const traffic = t.trace.entries
        .slice(seen)
        .flatMap((e) => (e.kind === 'etcd' && e.from === 'kube-apiserver' ? [`${e.op} ${e.key} ${e.detail}`] : []));
      seen = t.trace.entries.length;
      return traffic;
    },
  };
}

/** withLabel is `current` plus one label (or minus it, for value undefined), copied where it changes. */
function withLabel(current: KubeObject, key: string, value: string | undefined): KubeObject {
  const { resourceVersion: _dropped, ...metadata } = current.metadata!;
  const labels: Record<string, string> = { ...current.metadata?.labels };
  if (value === undefined) delete labels[key];
  else labels[key] = value;
  return { ...current, metadata: { ...metadata, labels } };
}

/** writeBehindTheCache changes the stored pod in etcd without the watch cache hearing of it yet. */
function writeBehindTheCache(f: Fixture, change: (stored: KubeObject) => KubeObject): number {
  const kv = f.etcdctl.readKey(KEY)!;
  const changed = change(JSON.parse(kv.value) as KubeObject);
  return f.etcdctl.put({ key: KEY, value: JSON.stringify(changed) }).header.revision;
}

/** revisionOf reads an object's resourceVersion as a number. */
function revisionOf(object: KubeObject): number {
  return Number(object.metadata?.resourceVersion);
}

describe('an update on the watch cache’s object', () => {
  it('writes without reading etcd when the cache holds the current object', () => {
    const f = fixture();
    f.etcdTraffic();
    const updated = f.pods.guaranteedUpdateFrom('default', 'web', (stored) => withLabel(stored.existing(), 'tier', 'front'));
    expect(updated.metadata?.labels).toEqual({ app: 'web', tier: 'front' });
    expect(f.etcdTraffic()).toEqual([`txn ${KEY} succeeded`]);
  });

  it('reads etcd first when the cache does not hold the key yet', () => {
    const f = fixture();
    f.pods.create('default', pod('fresh'));
    f.etcdTraffic();
    f.pods.guaranteedUpdateFrom('default', 'fresh', (stored) => withLabel(stored.existing(), 'tier', 'front'));
    expect(f.etcdTraffic()).toEqual(['range /registry/pods/default/fresh 1 key', 'txn /registry/pods/default/fresh succeeded']);
  });

  it('retries on the txn’s answer when the cached object is stale, without a read of its own', () => {
    const f = fixture();
    const cachedRevision = revisionOf(f.pods.get('default', 'web'));
    const etcdRevision = writeBehindTheCache(f, (stored) => withLabel(stored, 'by', 'etcdctl'));
    f.etcdTraffic();
    const builtFrom: number[] = [];
    const updated = f.pods.guaranteedUpdateFrom('default', 'web', (stored) => {
      builtFrom.push(revisionOf(stored.existing()));
      return withLabel(stored.existing(), 'tier', 'front');
    });
    expect(builtFrom).toEqual([cachedRevision, etcdRevision]);
    expect(updated.metadata?.labels).toEqual({ app: 'web', by: 'etcdctl', tier: 'front' });
    expect(f.etcdTraffic()).toEqual([`txn ${KEY} failed`, `txn ${KEY} succeeded`]);
    expect(JSON.parse(f.etcdctl.readKey(KEY)!.value).metadata.labels).toEqual({ app: 'web', by: 'etcdctl', tier: 'front' });
  });

  it('returns the error of an attempt on a cached object that etcd shows was current, after one read', () => {
    const f = fixture();
    f.etcdTraffic();
    const trafficBeforeAttempts: string[][] = [];
    const refused = () =>
      f.pods.guaranteedUpdateFrom('default', 'web', () => {
        trafficBeforeAttempts.push(f.etcdTraffic());
        throw new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'refused', reason: 'Conflict', code: 409 });
      });
    expect(refused).toThrow('refused');
    // One attempt, on the cached object, then the read that shows it was current.
    expect(trafficBeforeAttempts).toEqual([[]]);
    expect(f.etcdTraffic()).toEqual([`range ${KEY} 1 key`]);
  });

  it('retries an attempt that failed on a stale cached object on what etcd holds', () => {
    const f = fixture();
    // A client read the pod from etcd after etcdctl changed it, and sends that resourceVersion back.
    const etcdRevision = writeBehindTheCache(f, (stored) => withLabel(stored, 'by', 'etcdctl'));
    const readByClient = JSON.parse(f.etcdctl.readKey(KEY)!.value) as KubeObject;
    readByClient.metadata!.resourceVersion = String(etcdRevision);
    f.etcdTraffic();
    const builtFrom: string[] = [];
    const put: ObjectUpdate = {
      updated(current) {
        builtFrom.push(current.metadata!.resourceVersion!);
        return withLabel(readByClient, 'tier', 'front');
      },
      mutate() {},
      admit() {},
    };
    // withLabel drops the resourceVersion: put it back, as the client's body carries it.
    const body = (object: KubeObject): KubeObject => ({ ...object, metadata: { ...object.metadata, resourceVersion: String(etcdRevision) } });
    const updated = f.pods.update('default', 'web', { ...put, updated: (current, stored) => body(put.updated(current, stored)) });
    expect(builtFrom).toHaveLength(2);
    expect(Number(builtFrom[0])).toBeLessThan(etcdRevision);
    expect(builtFrom[1]).toBe(String(etcdRevision));
    expect(updated.metadata?.labels).toEqual({ app: 'web', by: 'etcdctl', tier: 'front' });
    expect(f.etcdTraffic()).toEqual([`range ${KEY} 1 key`, `txn ${KEY} succeeded`]);
  });

  it('keeps the 409 of a stale resourceVersion when the cached object is current', () => {
    const f = fixture();
    const current = f.pods.get('default', 'web');
    const stale = { ...withLabel(current, 'tier', 'front'), metadata: { ...withLabel(current, 'tier', 'front').metadata, resourceVersion: String(revisionOf(current) - 1) } };
    f.etcdTraffic();
    const trafficBeforeAttempts: string[][] = [];
    const update: ObjectUpdate = {
      updated: () => {
        trafficBeforeAttempts.push(f.etcdTraffic());
        return stale;
      },
      mutate() {},
      admit() {},
    };
    expect(() => f.pods.update('default', 'web', update)).toThrow('Operation cannot be fulfilled on pods "web": the object has been modified; please apply your changes to the latest version and try again');
    expect(trafficBeforeAttempts).toEqual([[]]);
    expect(f.etcdTraffic()).toEqual([`range ${KEY} 1 key`]);
  });

  it('writes nothing for an unchanged update, after reading etcd to see it holds the same bytes', () => {
    const f = fixture();
    const before = f.pods.get('default', 'web');
    f.etcdTraffic();
    const trafficBeforeAttempts: string[][] = [];
    const result = f.pods.guaranteedUpdateFrom('default', 'web', (stored) => {
      trafficBeforeAttempts.push(f.etcdTraffic());
      return withLabel(stored.existing(), 'absent', undefined);
    });
    expect(result).toEqual(before);
    expect(trafficBeforeAttempts).toEqual([[]]);
    expect(f.etcdTraffic()).toEqual([`range ${KEY} 1 key`]);
  });

  it('answers an unchanged update on a stale cached object with what etcd holds when the bytes are the same', () => {
    const f = fixture();
    const cachedRevision = revisionOf(f.pods.get('default', 'web'));
    // etcdctl writes the same bytes again: a new revision the cache has not seen.
    const etcdRevision = f.etcdctl.put({ key: KEY, value: f.etcdctl.readKey(KEY)!.value }).header.revision;
    f.etcdTraffic();
    const builtFrom: number[] = [];
    const result = f.pods.guaranteedUpdateFrom('default', 'web', (stored) => {
      builtFrom.push(revisionOf(stored.existing()));
      return withLabel(stored.existing(), 'absent', undefined);
    });
    expect(builtFrom).toEqual([cachedRevision]);
    expect(revisionOf(result)).toBe(etcdRevision);
    expect(f.etcdTraffic()).toEqual([`range ${KEY} 1 key`]);
    expect(f.etcdctl.readKey(KEY)!.modRevision).toBe(etcdRevision);
  });

  it('retries an update that would change nothing on a stale cached object when etcd holds other bytes', () => {
    const f = fixture();
    const cachedRevision = revisionOf(f.pods.get('default', 'web'));
    const etcdRevision = writeBehindTheCache(f, (stored) => withLabel(stored, 'by', 'etcdctl'));
    f.etcdTraffic();
    const builtFrom: number[] = [];
    // Removing the label changes nothing on the cached object, which does not have it yet.
    const updated = f.pods.guaranteedUpdateFrom('default', 'web', (stored) => {
      builtFrom.push(revisionOf(stored.existing()));
      return withLabel(stored.existing(), 'by', undefined);
    });
    expect(builtFrom).toEqual([cachedRevision, etcdRevision]);
    expect(updated.metadata?.labels).toEqual({ app: 'web' });
    expect(f.etcdTraffic()).toEqual([`range ${KEY} 1 key`, `txn ${KEY} succeeded`]);
    expect(JSON.parse(f.etcdctl.readKey(KEY)!.value).metadata.labels).toEqual({ app: 'web' });
  });

  it('answers 404 when the key was deleted behind a cache that still holds it', () => {
    const f = fixture();
    f.etcdctl.deleteRange({ key: KEY });
    f.etcdTraffic();
    expect(() => f.pods.guaranteedUpdateFrom('default', 'web', (stored) => withLabel(stored.existing(), 'tier', 'front'))).toThrow('pods "web" not found');
    expect(f.etcdTraffic()).toEqual([`txn ${KEY} failed`]);
  });

  it('reads etcd first for an Event, which has no watch cache, and keeps its TTL lease', () => {
    const f = fixture();
    const events = f.t.server.stores.get('events')!;
    const event = { apiVersion: 'v1', kind: 'Event', metadata: { name: 'web.1' }, involvedObject: { kind: 'Pod', name: 'web', namespace: 'default' }, reason: 'Started', message: 'Started', type: 'Normal' } as KubeObject;
    events.create('default', event);
    f.t.loop.runUntilQuiet();
    const lease = f.etcdctl.readKey('/registry/events/default/web.1')!.lease;
    f.etcdTraffic();
    events.guaranteedUpdate('default', 'web.1', (current) => ({ ...current, message: 'Started again' }));
    expect(f.etcdTraffic()).toEqual(['range /registry/events/default/web.1 1 key', 'txn /registry/events/default/web.1 succeeded']);
    expect(lease).not.toBe(0);
    expect(f.etcdctl.readKey('/registry/events/default/web.1')!.lease).toBe(lease);
  });

  it('puts without a lease, as the real server does for a resource with no TTL', () => {
    const f = fixture();
    const lease = f.etcdctl.leaseGrant(60).id;
    const kv = f.etcdctl.readKey(KEY)!;
    f.etcdctl.put({ key: KEY, value: kv.value, lease });
    f.t.loop.runUntilQuiet();
    f.pods.guaranteedUpdateFrom('default', 'web', (stored) => withLabel(stored.existing(), 'tier', 'front'));
    expect(f.etcdctl.readKey(KEY)!.lease).toBe(0);
    expect(f.etcdctl.leaseTimeToLive(lease, true).keys).toEqual([]);
  });
});
