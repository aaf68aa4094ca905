/**
 * The saved form of an etcd keyspace: the current keys with their revisions and the leases with
 * their remaining time, as plain JSON data. It keeps no history, so a restored server starts with
 * its compaction point at the saved revision. parseDump checks a dump strictly, because it may
 * come from a reader's browser storage and a half-valid keyspace would fail much later, obscurely.
 */
import type { KeyValue } from './types';
import type { LeaseSnapshot } from './lease';
import { MAX_LEASE_TTL } from './lease';

/** EtcdDump is what EtcdServer.dump() returns and restore() accepts. */
export interface EtcdDump {
  format: 'etcd-keyspace/v1';
  /** Cluster revision at the time of the dump. */
  revision: number;
  /** Every current key, sorted by key. */
  kvs: KeyValue[];
  leases: LeaseSnapshot[];
}

/** parseDump validates a dump (object or JSON text) and returns it, or throws saying what is wrong. */
export function parseDump(input: EtcdDump | string): EtcdDump {
  let data: unknown = input;
  if (typeof input === 'string') {
    try {
      data = JSON.parse(input);
    } catch (err) {
      throw new Error(`etcd restore: the dump is not valid JSON (${(err as Error).message})`);
    }
  }
  if (!isObject(data)) throw new Error('etcd restore: the dump must be an object');
  if (data.format !== 'etcd-keyspace/v1') {
    throw new Error(`etcd restore: unknown dump format ${JSON.stringify(data.format)}; expected "etcd-keyspace/v1"`);
  }
  const revision = data.revision;
  if (!isPositiveInt(revision)) throw new Error(`etcd restore: revision must be a positive integer, got ${JSON.stringify(revision)}`);
  if (!Array.isArray(data.leases)) throw new Error('etcd restore: leases must be an array');
  if (!Array.isArray(data.kvs)) throw new Error('etcd restore: kvs must be an array');

  const leases: LeaseSnapshot[] = data.leases.map((lease, i) => checkLease(lease, i));
  const leaseIds = new Set<number>();
  for (const lease of leases) {
    if (leaseIds.has(lease.id)) throw new Error(`etcd restore: lease ${lease.id} appears twice`);
    leaseIds.add(lease.id);
  }
  const kvs: KeyValue[] = data.kvs.map((kv, i) => checkKv(kv, i, revision, leaseIds));
  for (let i = 1; i < kvs.length; i++) {
    if (!(kvs[i - 1].key < kvs[i].key)) {
      throw new Error(`etcd restore: kvs must be sorted by key without duplicates; kvs[${i}] ${JSON.stringify(kvs[i].key)} is out of order`);
    }
  }
  return { format: 'etcd-keyspace/v1', revision, kvs, leases };
}

function checkLease(value: unknown, index: number): LeaseSnapshot {
  const where = `etcd restore: leases[${index}]`;
  if (!isObject(value)) throw new Error(`${where} must be an object`);
  const { id, ttl, remainingMs } = value;
  if (!isPositiveInt(id)) throw new Error(`${where}.id must be a positive integer below 2^53, got ${JSON.stringify(id)}`);
  if (!isPositiveInt(ttl) || ttl > MAX_LEASE_TTL) throw new Error(`${where}.ttl must be a positive number of seconds, got ${JSON.stringify(ttl)}`);
  if (typeof remainingMs !== 'number' || !(remainingMs >= 0) || remainingMs > ttl * 1000) {
    throw new Error(`${where}.remainingMs must be between 0 and ttl*1000, got ${JSON.stringify(remainingMs)}`);
  }
  return { id, ttl, remainingMs };
}

function checkKv(value: unknown, index: number, revision: number, leaseIds: Set<number>): KeyValue {
  const where = `etcd restore: kvs[${index}]`;
  if (!isObject(value)) throw new Error(`${where} must be an object`);
  const { key, value: text, createRevision, modRevision, version, lease } = value;
  if (typeof key !== 'string' || key === '') throw new Error(`${where}.key must be a non-empty string`);
  if (typeof text !== 'string') throw new Error(`${where}.value must be a string`);
  if (!isPositiveInt(createRevision) || !isPositiveInt(modRevision) || createRevision > modRevision || modRevision > revision) {
    throw new Error(
      `${where} (${key}): need 1 <= createRevision <= modRevision <= revision ${revision}, got ${JSON.stringify(createRevision)} and ${JSON.stringify(modRevision)}`,
    );
  }
  if (!isPositiveInt(version)) throw new Error(`${where} (${key}): version must be a positive integer`);
  if (lease !== 0 && !(isPositiveInt(lease) && leaseIds.has(lease))) {
    throw new Error(`${where} (${key}): lease ${JSON.stringify(lease)} is neither 0 nor one of the dump's leases`);
  }
  return { key, value: text, createRevision, modRevision, version, lease: lease as number };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPositiveInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}
