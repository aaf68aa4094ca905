/** Protobuf bodies exactly as kubectl 1.32 sent them (captured from `kubectl create …` and `kubectl auth can-i`). */
import { describe, expect, it } from 'vitest';
import { decodeKubernetesProtobuf, ProtobufError } from './protobuf';

const hex = (text: string) => Buffer.from(text, 'hex');

// kubectl auth can-i create pods --subresource=status -n kube-system
const SSAR =
  '6b3873000a320a17617574686f72697a6174696f6e2e6b38732e696f2f7631121753656c665375626a65637441636365737352657669657712490a100a0012001a0022002a00320038004200122b0a290a0b6b7562652d73797374656d12066372656174651a0022002a04706f647332067374617475733a001a08080012001a0020001a002200';
// kubectl create role r --verb=get,list --resource=pods,nodes --resource-name=x
const ROLE =
  '6b3873000a240a1c726261632e617574686f72697a6174696f6e2e6b38732e696f2f76311204526f6c6512320a110a017212001a0022002a00320038004200121d0a036765740a046c69737412001a04706f64731a056e6f6465732201781a002200';
// kubectl create rolebinding rb --role=r --user=jane --group=devs --serviceaccount=default:sa
const ROLE_BINDING =
  '6b3873000a2b0a1c726261632e617574686f72697a6174696f6e2e6b38732e696f2f7631120b526f6c6542696e64696e6712b2010a120a02726212001a0022002a0032003800420012290a04557365721219726261632e617574686f72697a6174696f6e2e6b38732e696f1a046a616e652200122a0a0547726f75701219726261632e617574686f72697a6174696f6e2e6b38732e696f1a04646576732200121f0a0e536572766963654163636f756e7412001a027361220764656661756c741a240a19726261632e617574686f72697a6174696f6e2e6b38732e696f1204526f6c651a01721a002200';
// kubectl create namespace foo
const NAMESPACE = '6b3873000a0f0a02763112094e616d657370616365121b0a130a03666f6f12001a0022002a0032003800420012001a020a001a002200';

describe('decodeKubernetesProtobuf', () => {
  it('decodes a SelfSubjectAccessReview, dropping the empty fields Go writes', () => {
    expect(decodeKubernetesProtobuf(hex(SSAR))).toEqual({
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      spec: { resourceAttributes: { namespace: 'kube-system', verb: 'create', resource: 'pods', subresource: 'status' } },
    });
  });

  it('keeps empty strings inside lists: apiGroups [""] is the core group', () => {
    expect(decodeKubernetesProtobuf(hex(ROLE))).toEqual({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'r' },
      rules: [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods', 'nodes'], resourceNames: ['x'] }],
    });
  });

  it('decodes a RoleBinding with user, group and service-account subjects', () => {
    expect(decodeKubernetesProtobuf(hex(ROLE_BINDING))).toEqual({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'rb' },
      subjects: [
        { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'jane' },
        { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'devs' },
        { kind: 'ServiceAccount', name: 'sa', namespace: 'default' },
      ],
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'r' },
    });
  });

  it('decodes a Namespace and refuses a body without the envelope', () => {
    expect(decodeKubernetesProtobuf(hex(NAMESPACE))).toEqual({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'foo' } });
    expect(() => decodeKubernetesProtobuf(Buffer.from('{"kind":"Pod"}'))).toThrow(ProtobufError);
    expect(() => decodeKubernetesProtobuf(hex(NAMESPACE).subarray(0, 20))).toThrow(/truncated/);
  });
});
