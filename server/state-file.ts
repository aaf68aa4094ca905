/**
 * The --state file: the etcd keyspace as EtcdServer.dump() gives it, written atomically (a
 * temporary file renamed over the old one) so a crash mid-write never leaves half a cluster.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { EtcdDump } from '../playground/cluster/etcd';

/** loadState reads a saved keyspace, or undefined when the file does not exist yet. */
export function loadState(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

/** saveState writes the keyspace to `path`. */
export function saveState(path: string, dump: EtcdDump): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(dump)}\n`);
  renameSync(temporary, path);
}
