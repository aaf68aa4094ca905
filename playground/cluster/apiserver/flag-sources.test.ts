import { describe, expect, it } from 'vitest';
import { flagsFromStaticPodManifest, flagsFromSystemdUnit } from './flag-sources';
import { FlagError, parseApiServerFlags } from './options';
import { enabledAdmissionPlugins } from './admission/plugins';

const KUBEADM_MANIFEST = `apiVersion: v1
kind: Pod
metadata:
  annotations:
    kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint: 10.0.0.10:6443
  labels:
    component: kube-apiserver
    tier: control-plane
  name: kube-apiserver
  namespace: kube-system
spec:
  containers:
  - command:
    - kube-apiserver
    - --advertise-address=10.0.0.10
    - --allow-privileged=true
    - --authorization-mode=Node,RBAC
    - --client-ca-file=/etc/kubernetes/pki/ca.crt
    - --enable-admission-plugins=NodeRestriction
    - --enable-bootstrap-token-auth=true
    - --etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt
    - --etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt
    - --etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key
    - --etcd-servers=https://127.0.0.1:2379
    - --kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt
    - --kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key
    - --kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname
    - --proxy-client-cert-file=/etc/kubernetes/pki/front-proxy-client.crt
    - --proxy-client-key-file=/etc/kubernetes/pki/front-proxy-client.key
    - --requestheader-allowed-names=front-proxy-client
    - --requestheader-client-ca-file=/etc/kubernetes/pki/front-proxy-ca.crt
    - --requestheader-extra-headers-prefix=X-Remote-Extra-
    - --requestheader-group-headers=X-Remote-Group
    - --requestheader-username-headers=X-Remote-User
    - --secure-port=6443
    - --service-account-issuer=https://kubernetes.default.svc.cluster.local
    - --service-account-key-file=/etc/kubernetes/pki/sa.pub
    - --service-account-signing-key-file=/etc/kubernetes/pki/sa.key
    - --service-cluster-ip-range=10.96.0.0/12
    - --tls-cert-file=/etc/kubernetes/pki/apiserver.crt
    - --tls-private-key-file=/etc/kubernetes/pki/apiserver.key
    image: registry.k8s.io/kube-apiserver:v1.32.0
    name: kube-apiserver
  hostNetwork: true
`;

const HARD_WAY_UNIT = `[Unit]
Description=Kubernetes API Server
[Service]
ExecStart=/usr/local/bin/kube-apiserver \\
  --allow-privileged=true --apiserver-count=1 --bind-address=0.0.0.0 \\
  --audit-log-path=/var/log/audit.log --audit-log-maxage=30 --audit-log-maxbackup=3 --audit-log-maxsize=100 \\
  --authorization-mode=Node,RBAC --client-ca-file=/var/lib/kubernetes/ca.crt \\
  --enable-admission-plugins=NamespaceLifecycle,NodeRestriction,LimitRanger,ServiceAccount,DefaultStorageClass,ResourceQuota \\
  --etcd-servers=http://127.0.0.1:2379 --event-ttl=1h \\
  --encryption-provider-config=/var/lib/kubernetes/encryption-config.yaml \\
  --kubelet-certificate-authority=/var/lib/kubernetes/ca.crt \\
  --kubelet-client-certificate=/var/lib/kubernetes/kube-api-server.crt \\
  --kubelet-client-key=/var/lib/kubernetes/kube-api-server.key \\
  --runtime-config='api/all=true' \\
  --service-account-key-file=/var/lib/kubernetes/service-accounts.crt \\
  --service-account-signing-key-file=/var/lib/kubernetes/service-accounts.key \\
  --service-account-issuer=https://server.kubernetes.local:6443 \\
  --service-cluster-ip-range=10.32.0.0/24 --service-node-port-range=30000-32767 \\
  --tls-cert-file=/var/lib/kubernetes/kube-api-server.crt \\
  --tls-private-key-file=/var/lib/kubernetes/kube-api-server.key --v=2
Restart=on-failure
RestartSec=5
[Install]
WantedBy=multi-user.target
`;

describe('kube-apiserver flags', () => {
  it('reads the kubeadm static pod manifest', () => {
    const args = flagsFromStaticPodManifest(KUBEADM_MANIFEST);
    expect(args[0]).toBe('kube-apiserver');
    expect(args).toHaveLength(28);
    const options = parseApiServerFlags(args);
    expect(options.authorizationModes).toEqual(['Node', 'RBAC']);
    expect(options.clientCaFile).toBe('/etc/kubernetes/pki/ca.crt');
    expect(options.anonymousAuth).toBe(true);
    expect(options.etcdServers).toEqual(['https://127.0.0.1:2379']);
    expect(options.unknownFlags).toEqual([]);
    expect(enabledAdmissionPlugins(options.enableAdmissionPlugins, options.disableAdmissionPlugins)).toContain('NodeRestriction');
  });

  it('reads a systemd unit with continuations and quotes', () => {
    const args = flagsFromSystemdUnit(HARD_WAY_UNIT);
    expect(args[0]).toBe('/usr/local/bin/kube-apiserver');
    expect(args).toContain('--runtime-config=api/all=true');
    expect(args.at(-1)).toBe('--v=2');
    const options = parseApiServerFlags(args);
    expect(options.eventTtlSeconds).toBe(3600);
    expect(options.etcdServers).toEqual(['http://127.0.0.1:2379']);
    expect(options.enableAdmissionPlugins).toEqual(['NamespaceLifecycle', 'NodeRestriction', 'LimitRanger', 'ServiceAccount', 'DefaultStorageClass', 'ResourceQuota']);
    expect(options.flags['service-node-port-range']).toBe('30000-32767');
  });

  it('uses the real defaults and keeps unknown flags', () => {
    const options = parseApiServerFlags(['kube-apiserver', '--feature-gates=Foo=true', '--profiling']);
    expect(options.authorizationModes).toEqual(['AlwaysAllow']);
    expect(options.anonymousAuth).toBe(true);
    expect(options.eventTtlSeconds).toBe(3600);
    expect(options.unknownFlags).toEqual(['--feature-gates=Foo=true', '--profiling=true']);
  });

  it('accepts space-separated values and bare booleans', () => {
    const options = parseApiServerFlags(['--authorization-mode', 'RBAC', '--anonymous-auth=false', '--watch-cache', '--event-ttl', '90m']);
    expect(options.authorizationModes).toEqual(['RBAC']);
    expect(options.anonymousAuth).toBe(false);
    expect(options.watchCache).toBe(true);
    expect(options.eventTtlSeconds).toBe(5400);
  });

  it('refuses bad values with the real wording', () => {
    expect(() => parseApiServerFlags(['--anonymous-auth=maybe'])).toThrow(
      new FlagError('invalid argument "maybe" for "--anonymous-auth" flag: strconv.ParseBool: parsing "maybe": invalid syntax'),
    );
    expect(() => parseApiServerFlags(['--event-ttl=soon'])).toThrow('invalid argument "soon" for "--event-ttl" flag: time: invalid duration "soon"');
    expect(() => parseApiServerFlags(['--authorization-mode=Magic'])).toThrow('--authorization-mode: Unsupported value: "Magic"');
    expect(() => parseApiServerFlags(['--enable-admission-plugins=Nope'])).toThrow('enable-admission-plugins plugin "Nope" is unknown');
    expect(() => flagsFromSystemdUnit('[Service]\nType=simple\n')).toThrow('no ExecStart= line');
    expect(() => flagsFromStaticPodManifest('kind: Pod\nspec: {}\n')).toThrow('spec.containers[0] is missing');
  });
});
