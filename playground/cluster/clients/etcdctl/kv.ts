/**
 * etcdctl's key-value commands over an EtcdClient: get, put, del and compaction, with their
 * argument checks and output in each format. Errors from etcd propagate as EtcdError and are
 * printed by the caller as `Error: <etcd message>`.
 */
import type { EtcdClient, KeyValue } from '../../etcd/types';
import { prefixEnd } from '../../etcd/types';
import type { ParsedArgs } from '../kubectl/flags';
import { boolFlag, stringFlag } from '../kubectl/flags';
import { fieldsHeader, fieldsKv, goStructJson, headerJson, kvJson, simpleKv } from './output';
import { EtcdctlUsageError } from './usage';

/** rangeOf works out [key, rangeEnd) from `KEY [RANGE_END]`, --prefix and --from-key. */
function rangeOf(args: ParsedArgs, command: string): { key: string; rangeEnd?: string } {
  const [key, explicitEnd] = args.positionals;
  if (key === undefined || args.positionals.length > 2) {
    throw new EtcdctlUsageError(`${command} command needs one argument as key and an optional argument as range_end`);
  }
  if (boolFlag(args, 'prefix') && boolFlag(args, 'from-key')) throw new EtcdctlUsageError('`--prefix` and `--from-key` cannot be set at the same time, choose one');
  if (explicitEnd !== undefined && (boolFlag(args, 'prefix') || boolFlag(args, 'from-key'))) {
    throw new EtcdctlUsageError(`too many arguments, only accept one argument when \`--prefix\` or \`--from-key\` is set`);
  }
  if (boolFlag(args, 'prefix')) return { key, rangeEnd: prefixEnd(key) };
  if (boolFlag(args, 'from-key')) return { key: key === '' ? '\0' : key, rangeEnd: '\0' };
  return { key, rangeEnd: explicitEnd };
}

/** etcdctlGet runs `get`. */
export function etcdctlGet(etcd: EtcdClient, args: ParsedArgs, format: string): string {
  const range = rangeOf(args, 'get');
  const keysOnly = boolFlag(args, 'keys-only');
  const countOnly = boolFlag(args, 'count-only');
  if (countOnly && format !== 'fields') throw new EtcdctlUsageError('--count-only is only for `--write-out=fields`');
  const response = etcd.range({
    ...range,
    limit: Number(args.flags.limit ?? 0),
    revision: Number(args.flags.rev ?? 0),
    keysOnly,
    countOnly,
  });
  switch (format) {
    case 'json': {
      const body: Record<string, unknown> = { header: headerJson(response.header.revision) };
      if (response.kvs.length) body.kvs = response.kvs.map(kvJson);
      if (response.more) body.more = true;
      if (response.count) body.count = response.count;
      return goStructJson(body) + '\n';
    }
    case 'fields':
      return fieldsHeader(response.header.revision) + response.kvs.map((kv) => fieldsKv(kv)).join('') + `"More" : ${response.more}\n"Count" : ${response.count}\n`;
    default:
      return response.kvs.map((kv) => simpleKv(kv, boolFlag(args, 'print-value-only'))).join('');
  }
}

/** parseLeaseId reads a lease id as etcdctl takes it: hexadecimal. */
export function parseLeaseId(text: string): number {
  if (!/^[0-9a-fA-F]{1,16}$/.test(text)) throw new EtcdctlUsageError(`bad lease ID (strconv.ParseInt: parsing "${text}": invalid syntax), expecting ID in Hex`);
  return parseInt(text, 16);
}

/** etcdctlPut runs `put KEY VALUE [--lease=ID] [--prev-kv]`. */
export function etcdctlPut(etcd: EtcdClient, args: ParsedArgs, format: string): string {
  const [key, value] = args.positionals;
  if (key === undefined || value === undefined || args.positionals.length > 2) {
    throw new EtcdctlUsageError('put command needs 1 argument and input from stdin or 2 arguments');
  }
  const leaseText = stringFlag(args, 'lease');
  const lease = leaseText && leaseText !== '0' ? parseLeaseId(leaseText) : 0;
  const response = etcd.put({ key, value, lease, prevKv: boolFlag(args, 'prev-kv') });
  if (format === 'json') {
    const body: Record<string, unknown> = { header: headerJson(response.header.revision) };
    if (response.prevKv) body.prev_kv = kvJson(response.prevKv);
    return goStructJson(body) + '\n';
  }
  if (format === 'fields') return fieldsHeader(response.header.revision) + (response.prevKv ? fieldsKv(response.prevKv, 'PrevKV.') : '');
  return 'OK\n' + (response.prevKv ? simpleKv(response.prevKv, false) : '');
}

/** etcdctlDel runs `del KEY [RANGE_END] [--prefix] [--prev-kv]`; simple output is the number deleted. */
export function etcdctlDel(etcd: EtcdClient, args: ParsedArgs, format: string): string {
  const response = etcd.deleteRange({ ...rangeOf(args, 'del'), prevKv: boolFlag(args, 'prev-kv') });
  const prev: KeyValue[] = response.prevKvs ?? [];
  if (format === 'json') {
    const body: Record<string, unknown> = { header: headerJson(response.header.revision) };
    if (response.deleted) body.deleted = response.deleted;
    if (prev.length) body.prev_kvs = prev.map(kvJson);
    return goStructJson(body) + '\n';
  }
  if (format === 'fields') return fieldsHeader(response.header.revision) + `"Deleted" : ${response.deleted}\n` + prev.map((kv) => fieldsKv(kv, 'PrevKV.')).join('');
  return `${response.deleted}\n` + prev.map((kv) => simpleKv(kv, false)).join('');
}

/** etcdctlCompaction runs `compaction REV`. */
export function etcdctlCompaction(etcd: EtcdClient, args: ParsedArgs): string {
  const [text] = args.positionals;
  if (text === undefined || args.positionals.length !== 1) throw new EtcdctlUsageError('compaction command needs 1 argument');
  if (!/^\d+$/.test(text)) throw new EtcdctlUsageError(`strconv.ParseInt: parsing "${text}": invalid syntax`);
  etcd.compact(Number(text));
  return `compacted revision ${text}\n`;
}
