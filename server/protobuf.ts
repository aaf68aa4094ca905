/**
 * decodeKubernetesProtobuf reads a request body that kubectl's typed clients send as
 * application/vnd.kubernetes.protobuf (`kubectl create namespace|role|rolebinding|serviceaccount`,
 * `kubectl auth can-i`): the `k8s\0` envelope holding a runtime.Unknown (typeMeta, raw), whose raw
 * bytes are the object's protobuf message. Only the kinds kubectl creates that way, with the
 * fields listed below, are decoded (field numbers from k8s.io/api's generated.proto, checked
 * against kubectl 1.32's bytes); other kinds get a 415 asking for JSON. Written here because a
 * general protobuf library would need the .proto files of the whole Kubernetes API.
 */
import { resourceForKind } from '../playground/cluster/api/resources';

/** ProtobufError is a body this decoder cannot read; `unsupported` means a kind it does not know. */
export class ProtobufError extends Error {
  constructor(
    message: string,
    readonly unsupported = false,
  ) {
    super(message);
    this.name = 'ProtobufError';
  }
}

type Scalar = 'string' | 'int' | 'bool' | 'map';
interface Field {
  name: string;
  type: Scalar | Schema;
  repeated?: boolean;
}
type Schema = Record<number, Field>;

const str = (name: string): Field => ({ name, type: 'string' });
const strings = (name: string): Field => ({ name, type: 'string', repeated: true });
const msg = (name: string, type: Schema, repeated = false): Field => ({ name, type, repeated });

const OBJECT_META: Schema = {
  1: str('name'),
  2: str('generateName'),
  3: str('namespace'),
  5: str('uid'),
  6: str('resourceVersion'),
  11: { name: 'labels', type: 'map' },
  12: { name: 'annotations', type: 'map' },
  14: strings('finalizers'),
};
const POLICY_RULE: Schema = { 1: strings('verbs'), 2: strings('apiGroups'), 3: strings('resources'), 4: strings('resourceNames'), 5: strings('nonResourceURLs') };
const SUBJECT: Schema = { 1: str('kind'), 2: str('apiGroup'), 3: str('name'), 4: str('namespace') };
const ROLE_REF: Schema = { 1: str('apiGroup'), 2: str('kind'), 3: str('name') };
const ROLE: Schema = { 1: msg('metadata', OBJECT_META), 2: msg('rules', POLICY_RULE, true) };
const BINDING: Schema = { 1: msg('metadata', OBJECT_META), 2: msg('subjects', SUBJECT, true), 3: msg('roleRef', ROLE_REF) };
const RESOURCE_ATTRIBUTES: Schema = { 1: str('namespace'), 2: str('verb'), 3: str('group'), 4: str('version'), 5: str('resource'), 6: str('subresource'), 7: str('name') };
const NON_RESOURCE_ATTRIBUTES: Schema = { 1: str('path'), 2: str('verb') };

/** SCHEMAS by `apiVersion/kind`. */
const SCHEMAS: Record<string, Schema> = {
  'v1/Namespace': { 1: msg('metadata', OBJECT_META), 2: msg('spec', { 1: strings('finalizers') }) },
  'v1/ServiceAccount': { 1: msg('metadata', OBJECT_META) },
  'rbac.authorization.k8s.io/v1/Role': ROLE,
  'rbac.authorization.k8s.io/v1/ClusterRole': ROLE,
  'rbac.authorization.k8s.io/v1/RoleBinding': BINDING,
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': BINDING,
  'authorization.k8s.io/v1/SelfSubjectAccessReview': {
    1: msg('metadata', OBJECT_META),
    2: msg('spec', { 1: msg('resourceAttributes', RESOURCE_ATTRIBUTES), 2: msg('nonResourceAttributes', NON_RESOURCE_ATTRIBUTES) }),
  },
};

const MAGIC = Buffer.from('k8s\0', 'latin1');

/** A field as it sits on the wire: varint value or length-delimited bytes. */
type WireField = { field: number; varint?: bigint; bytes?: Buffer };

function readFields(buf: Buffer): WireField[] {
  const fields: WireField[] = [];
  let pos = 0;
  const varint = (): bigint => {
    let result = 0n;
    for (let shift = 0n; ; shift += 7n) {
      if (pos >= buf.length || shift > 63n) throw new ProtobufError('truncated varint');
      const byte = buf[pos++];
      result |= BigInt(byte & 0x7f) << shift;
      if (!(byte & 0x80)) return result;
    }
  };
  while (pos < buf.length) {
    const key = varint();
    const field = Number(key >> 3n);
    const wireType = Number(key & 7n);
    if (wireType === 0) fields.push({ field, varint: varint() });
    else if (wireType === 2) {
      const length = Number(varint());
      if (pos + length > buf.length) throw new ProtobufError('truncated length-delimited field');
      fields.push({ field, bytes: buf.subarray(pos, pos + length) });
      pos += length;
    } else if (wireType === 1) pos += 8;
    else if (wireType === 5) pos += 4;
    else throw new ProtobufError(`unsupported wire type ${wireType}`);
  }
  return fields;
}

function decodeMessage(buf: Buffer, schema: Schema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const wire of readFields(buf)) {
    const spec = schema[wire.field];
    if (!spec) continue; // fields we do not model (timestamps, managedFields…)
    let value: unknown;
    if (spec.type === 'map') {
      const entry = readFields(wire.bytes ?? Buffer.alloc(0));
      const key = entry.find((f) => f.field === 1)?.bytes?.toString('utf8') ?? '';
      const map = (out[spec.name] ??= {}) as Record<string, string>;
      map[key] = entry.find((f) => f.field === 2)?.bytes?.toString('utf8') ?? '';
      continue;
    }
    if (spec.type === 'string') value = wire.bytes?.toString('utf8') ?? '';
    else if (spec.type === 'int') value = Number(wire.varint ?? 0n);
    else if (spec.type === 'bool') value = (wire.varint ?? 0n) !== 0n;
    else value = decodeMessage(wire.bytes ?? Buffer.alloc(0), spec.type);
    if (spec.repeated) ((out[spec.name] ??= []) as unknown[]).push(value);
    // Go writes empty singular fields too; JSON omits them (omitempty), so drop them here.
    else if (value !== '' && !(typeof value === 'object' && value !== null && Object.keys(value).length === 0)) out[spec.name] = value;
  }
  return out;
}

/** isKubernetesProtobuf tells a protobuf body by its Content-Type. */
export function isKubernetesProtobuf(contentType: string): boolean {
  return contentType === 'application/vnd.kubernetes.protobuf';
}

/** decodeKubernetesProtobuf turns an enveloped protobuf body into the object's JSON form. */
export function decodeKubernetesProtobuf(body: Buffer): Record<string, unknown> {
  if (body.length < 4 || !body.subarray(0, 4).equals(MAGIC)) throw new ProtobufError('the protobuf body does not start with the k8s\\0 envelope');
  const unknown = decodeMessage(body.subarray(4), { 1: msg('typeMeta', { 1: str('apiVersion'), 2: str('kind') }), 2: { name: 'raw', type: 'string' } });
  const fields = readFields(body.subarray(4));
  const raw = fields.find((f) => f.field === 2)?.bytes ?? Buffer.alloc(0);
  const typeMeta = (unknown.typeMeta ?? {}) as { apiVersion?: string; kind?: string };
  const schema = SCHEMAS[`${typeMeta.apiVersion}/${typeMeta.kind}`];
  // A kind the server does not serve at all: its path answers 404 before the body matters.
  if (!schema && !resourceForKind(typeMeta.apiVersion ?? '', typeMeta.kind ?? '')) return { apiVersion: typeMeta.apiVersion, kind: typeMeta.kind };
  if (!schema) throw new ProtobufError(`protobuf bodies of ${typeMeta.apiVersion ?? '?'} ${typeMeta.kind ?? '?'} are not decoded by this mini API server; send JSON`, true);
  return { apiVersion: typeMeta.apiVersion, kind: typeMeta.kind, ...decodeMessage(raw, schema) };
}
