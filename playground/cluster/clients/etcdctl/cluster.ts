/**
 * etcdctl's lease, endpoint and member commands. The mini etcd is a single member, so
 * `member list` shows one row and `endpoint status` one endpoint, which is what a kubeadm
 * control plane with a stacked etcd shows too.
 */
import type { EtcdClient } from '../../etcd/types';
import { Latency } from '../../sim/latency';
import type { ParsedArgs } from '../kubectl/flags';
import { boolFlag } from '../kubectl/flags';
import { parseLeaseId } from './kv';
import { asciiTable, goStructJson, headerJson, humanBytes, leaseHex, MEMBER_ID, MEMBER_ID_HEX, raw } from './output';
import { EtcdctlUsageError } from './usage';

/** EtcdMember describes the single member for `member list` and `endpoint status`. */
export interface EtcdMember {
  name: string;
  peerUrl: string;
  clientUrl: string;
  /** Server version string (kubeadm 1.32 ships etcd 3.5.16). */
  version: string;
}

/** DEFAULT_MEMBER is a plain `etcd` started with no flags. */
export const DEFAULT_MEMBER: EtcdMember = { name: 'default', peerUrl: 'http://localhost:2380', clientUrl: 'http://localhost:2379', version: '3.5.16' };

/** etcdctlLease runs `lease grant|revoke|timetolive|list|keep-alive --once`. */
export function etcdctlLease(etcd: EtcdClient, args: ParsedArgs, format: string): string {
  const [sub, arg] = args.positionals;
  switch (sub) {
    case 'grant': {
      if (arg === undefined || args.positionals.length !== 2) throw new EtcdctlUsageError('lease grant command needs TTL argument');
      if (!/^\d+$/.test(arg)) throw new EtcdctlUsageError(`bad TTL (strconv.ParseInt: parsing "${arg}": invalid syntax)`);
      const response = etcd.leaseGrant(Number(arg));
      if (format === 'json') return goStructJson({ header: headerJson(response.header.revision), ID: response.id, TTL: response.ttl }) + '\n';
      return `lease ${leaseHex(response.id)} granted with TTL(${response.ttl}s)\n`;
    }
    case 'revoke': {
      if (arg === undefined || args.positionals.length !== 2) throw new EtcdctlUsageError('lease revoke command needs 1 argument');
      const id = parseLeaseId(arg);
      etcd.leaseRevoke(id);
      return `lease ${leaseHex(id)} revoked\n`;
    }
    case 'timetolive': {
      if (arg === undefined || args.positionals.length !== 2) throw new EtcdctlUsageError('lease timetolive command needs lease ID as argument');
      const withKeys = boolFlag(args, 'keys');
      const response = etcd.leaseTimeToLive(parseLeaseId(arg), withKeys);
      if (response.grantedTtl === 0 && response.ttl === -1) return `lease ${leaseHex(response.id)} already expired\n`;
      let text = `lease ${leaseHex(response.id)} granted with TTL(${response.grantedTtl}s), remaining(${response.ttl}s)`;
      if (withKeys) text += `, attached keys([${response.keys.join(' ')}])`;
      return text + '\n';
    }
    case 'list': {
      const ids = etcd.leases();
      return `found ${ids.length} leases\n` + ids.map((id) => leaseHex(id) + '\n').join('');
    }
    case 'keep-alive': {
      if (arg === undefined || args.positionals.length !== 2) throw new EtcdctlUsageError('lease keep-alive command needs lease ID as argument');
      if (!boolFlag(args, 'once')) throw new EtcdctlUsageError('lease keep-alive runs forever; use --once in the playground', 4);
      const response = etcd.leaseKeepAlive(parseLeaseId(arg));
      return `lease ${leaseHex(response.id)} keepalived with TTL(${response.ttl})\n`;
    }
    default:
      throw new EtcdctlUsageError(sub === undefined ? 'lease command needs a subcommand: grant, revoke, timetolive, list, keep-alive' : `unknown command "${sub}" for "etcdctl lease"`);
  }
}

/**
 * etcdctlEndpoint runs `endpoint status` and `endpoint health`. DB SIZE is modelled as bbolt's
 * empty-file size (20 kB) plus the bytes of every live key and value; the raft index counts one
 * entry per revision (a real member also logs failed txns, lease and membership entries).
 */
export function etcdctlEndpoint(etcd: EtcdClient, args: ParsedArgs, format: string, endpoint: string, member: EtcdMember): string {
  const [sub] = args.positionals;
  if (sub === 'health') {
    if (format === 'json') return goStructJson([{ endpoint, health: true, took: `${Latency.etcdWrite}ms` }]) + '\n';
    return `${endpoint} is healthy: successfully committed proposal: took = ${Latency.etcdWrite}ms\n`;
  }
  if (sub !== 'status') throw new EtcdctlUsageError(sub === undefined ? 'endpoint command needs a subcommand: status, health' : `unknown command "${sub}" for "etcdctl endpoint"`);
  const status = etcd.status();
  const live = etcd.range({ key: '\0', rangeEnd: '\0' });
  const dbSize = 20_480 + live.kvs.reduce((sum, kv) => sum + kv.key.length + kv.value.length, 0);
  const raftIndex = status.revision;
  if (format === 'json') {
    const body = {
      Endpoint: endpoint,
      Status: { header: headerJson(status.revision), version: member.version, dbSize, leader: raw(MEMBER_ID), raftIndex, raftTerm: 2, raftAppliedIndex: raftIndex, dbSizeInUse: dbSize },
    };
    return goStructJson([body]) + '\n';
  }
  const row = [endpoint, MEMBER_ID_HEX, member.version, humanBytes(dbSize), 'true', 'false', '2', String(raftIndex), String(raftIndex), ''];
  if (format === 'table') return asciiTable(['endpoint', 'ID', 'version', 'db size', 'is leader', 'is learner', 'raft term', 'raft index', 'raft applied index', 'errors'], [row]);
  return row.join(', ') + '\n';
}

/** etcdctlMemberList runs `member list`. */
export function etcdctlMemberList(member: EtcdMember, format: string): string {
  if (format === 'json') {
    return goStructJson({ header: headerJson(0), members: [{ ID: raw(MEMBER_ID), name: member.name, peerURLs: [member.peerUrl], clientURLs: [member.clientUrl] }] }) + '\n';
  }
  const row = [MEMBER_ID_HEX, 'started', member.name, member.peerUrl, member.clientUrl, 'false'];
  if (format === 'table') return asciiTable(['ID', 'status', 'name', 'peer addrs', 'client addrs', 'is learner'], [row]);
  return row.join(', ') + '\n';
}
