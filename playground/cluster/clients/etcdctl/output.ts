/**
 * etcdctl 3.5's output formats. `simple` prints key and value lines; `json` prints the Go
 * response struct through encoding/json (so int64s are bare numbers, bytes are base64, empty
 * fields are left out, and fields keep the protobuf order); `fields` prints one `"Name" : value`
 * line per field; `table` draws olekukonko/tablewriter boxes, right-aligned as etcdctl asks.
 */
import type { KeyValue } from '../../etcd/types';

/** The IDs a fresh single-member etcd named "default" reports (etcd's well-known defaults). */
export const CLUSTER_ID = '14841639068965178418';
export const MEMBER_ID = '10276657743932975437';
export const MEMBER_ID_HEX = '8e9e05c52164694d';
/** RAFT_TERM is the term of a single member that elected itself once after start. */
export const RAFT_TERM = 2;

/** utf8Bytes encodes text as UTF-8 by hand: QuickJS has no TextEncoder. */
export function utf8Bytes(text: string): number[] {
  const bytes: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) bytes.push(cp);
    else if (cp < 0x800) bytes.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
    else if (cp < 0x10000) bytes.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    else bytes.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  }
  return bytes;
}

/** base64 encodes the UTF-8 bytes of `text` (no Buffer or btoa: this also runs inside QuickJS). */
export function base64(text: string): string {
  const bytes = utf8Bytes(text);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += alphabet[(n >> 18) & 63] + alphabet[(n >> 12) & 63];
    out += i + 1 < bytes.length ? alphabet[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.length ? alphabet[n & 63] : '=';
  }
  return out;
}

const RAW = '\u0000raw:';

/** raw marks a number that JSON must print verbatim (cluster and member ids exceed 2^53). */
export function raw(digits: string): string {
  return RAW + digits;
}

/** goStructJson serializes in insertion order, printing raw() strings as bare numbers. */
export function goStructJson(value: unknown): string {
  return JSON.stringify(value).replace(/"\\u0000raw:(\d+)"/g, '$1');
}

/** headerJson is a ResponseHeader as etcdctl -w json prints it; revision is left out when 0. */
export function headerJson(revision: number): Record<string, unknown> {
  const header: Record<string, unknown> = { cluster_id: raw(CLUSTER_ID), member_id: raw(MEMBER_ID) };
  if (revision) header.revision = revision;
  header.raft_term = RAFT_TERM;
  return header;
}

/** kvJson is a KeyValue with omitempty semantics. */
export function kvJson(kv: KeyValue): Record<string, unknown> {
  const out: Record<string, unknown> = { key: base64(kv.key) };
  if (kv.createRevision) out.create_revision = kv.createRevision;
  if (kv.modRevision) out.mod_revision = kv.modRevision;
  if (kv.version) out.version = kv.version;
  if (kv.value) out.value = base64(kv.value);
  if (kv.lease) out.lease = kv.lease;
  return out;
}

/** simpleKv prints a key line and a value line (`--print-value-only` drops the key). */
export function simpleKv(kv: KeyValue, valueOnly: boolean): string {
  return valueOnly ? `${kv.value}\n` : `${kv.key}\n${kv.value}\n`;
}

/** fieldsHeader is the header part of `-w fields`. */
export function fieldsHeader(revision: number): string {
  let out = `"ClusterID" : ${CLUSTER_ID}\n"MemberID" : ${MEMBER_ID}\n`;
  if (revision > 0) out += `"Revision" : ${revision}\n`;
  return out + `"RaftTerm" : ${RAFT_TERM}\n`;
}

/** fieldsKv is one KeyValue in `-w fields`, with Go's %q quoting approximated by JSON quoting. */
export function fieldsKv(kv: KeyValue, prefix = ''): string {
  return [
    `"${prefix}Key" : ${JSON.stringify(kv.key)}`,
    `"${prefix}CreateRevision" : ${kv.createRevision}`,
    `"${prefix}ModRevision" : ${kv.modRevision}`,
    `"${prefix}Version" : ${kv.version}`,
    `"${prefix}Value" : ${JSON.stringify(kv.value)}`,
    `"${prefix}Lease" : ${kv.lease}`,
  ].join('\n') + '\n';
}

/** asciiTable draws etcdctl's `-w table` box: centered upper-case headers, right-aligned cells. */
export function asciiTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const border = '+' + widths.map((w) => '-'.repeat(w + 2)).join('+') + '+';
  const center = (text: string, width: number) => {
    const gap = width - text.length;
    const left = Math.floor(gap / 2);
    return ' '.repeat(left) + text + ' '.repeat(gap - left);
  };
  const line = (cells: string[]) => '| ' + cells.join(' | ') + ' |';
  return [
    border,
    line(header.map((h, i) => center(h.toUpperCase(), widths[i]))),
    border,
    ...rows.map((r) => line(r.map((cell, i) => cell.padStart(widths[i])))),
    border,
  ].join('\n') + '\n';
}

/** humanBytes is go-humanize's Bytes: SI units, one decimal below 10 (`20 kB`, `1.2 MB`). */
export function humanBytes(size: number): string {
  if (size < 10) return `${size} B`;
  const sizes = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'];
  const exponent = Math.floor(Math.log(size) / Math.log(1000));
  const value = Math.floor((size / 1000 ** exponent) * 10 + 0.5) / 10;
  if (value < 10) return `${value.toFixed(1)} ${sizes[exponent]}`;
  // Go's %.0f rounds an exact half to even (20.5 → 20), where toFixed rounds it up.
  const whole = Math.floor(value);
  const rounded = value - whole === 0.5 ? (whole % 2 === 0 ? whole : whole + 1) : Math.round(value);
  return `${rounded} ${sizes[exponent]}`;
}

/** leaseHex prints a lease id as etcdctl's %016x. */
export function leaseHex(id: number): string {
  return id.toString(16).padStart(16, '0');
}
