/**
 * The certificate and key files a control-plane node keeps, by name only. The mini cluster has no
 * TLS: identities travel as a ClientCertificate record (CN, O) on each request. The files exist so
 * `ls /etc/kubernetes/pki` and the flags that name them read like a real node; their content is a
 * PEM-shaped note saying they are simulated, with the subject a real certificate would carry.
 */

/** PkiFile is one certificate, key or public key and the subject it stands for. */
export interface PkiFile {
  path: string;
  kind: 'CERTIFICATE' | 'RSA PRIVATE KEY' | 'PUBLIC KEY';
  /** Subject of a certificate (`CN=kube-apiserver`) or what a key belongs to. */
  subject: string;
}

function pair(base: string, subject: string): PkiFile[] {
  return [
    { path: `${base}.crt`, kind: 'CERTIFICATE', subject },
    { path: `${base}.key`, kind: 'RSA PRIVATE KEY', subject },
  ];
}

/** kubeadmPkiFiles are the files `kubeadm init` generates under /etc/kubernetes/pki. */
export function kubeadmPkiFiles(): PkiFile[] {
  const pki = '/etc/kubernetes/pki';
  return [
    ...pair(`${pki}/ca`, 'CN=kubernetes'),
    ...pair(`${pki}/apiserver`, 'CN=kube-apiserver'),
    ...pair(`${pki}/apiserver-kubelet-client`, 'CN=kube-apiserver-kubelet-client, O=kubeadm:cluster-admins'),
    ...pair(`${pki}/apiserver-etcd-client`, 'CN=kube-apiserver-etcd-client'),
    ...pair(`${pki}/front-proxy-ca`, 'CN=front-proxy-ca'),
    ...pair(`${pki}/front-proxy-client`, 'CN=front-proxy-client'),
    { path: `${pki}/sa.key`, kind: 'RSA PRIVATE KEY', subject: 'service account token signing key' },
    { path: `${pki}/sa.pub`, kind: 'PUBLIC KEY', subject: 'service account token verification key' },
    ...pair(`${pki}/etcd/ca`, 'CN=etcd-ca'),
    ...pair(`${pki}/etcd/server`, 'CN=control-plane'),
    ...pair(`${pki}/etcd/peer`, 'CN=control-plane'),
    ...pair(`${pki}/etcd/healthcheck-client`, 'CN=kube-etcd-healthcheck-client'),
  ];
}

/** hardWayPkiFiles are the files the hard way copies to /var/lib/kubernetes. */
export function hardWayPkiFiles(): PkiFile[] {
  const lib = '/var/lib/kubernetes';
  return [
    ...pair(`${lib}/ca`, 'CN=CA'),
    ...pair(`${lib}/kube-api-server`, 'CN=kubernetes'),
    ...pair(`${lib}/service-accounts`, 'CN=service-accounts'),
  ];
}

/** pemNote is the text of a simulated PEM file. */
export function pemNote(file: PkiFile): string {
  return [
    `-----BEGIN ${file.kind}-----`,
    'Simulated: this playground cluster has no real keys or certificates.',
    `Stands for: ${file.subject}`,
    `-----END ${file.kind}-----`,
    '',
  ].join('\n');
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** base64Ascii encodes ASCII text; written out because QuickJS has no btoa. */
export function base64Ascii(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i += 3) {
    const a = text.charCodeAt(i);
    const b = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
    const c = i + 2 < text.length ? text.charCodeAt(i + 2) : 0;
    const n = (a << 16) | (b << 8) | c;
    out += ALPHABET[(n >> 18) & 63] + ALPHABET[(n >> 12) & 63];
    out += i + 1 < text.length ? ALPHABET[(n >> 6) & 63] : '=';
    out += i + 2 < text.length ? ALPHABET[n & 63] : '=';
  }
  return out;
}
