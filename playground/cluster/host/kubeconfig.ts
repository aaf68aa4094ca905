/**
 * kubeconfigText writes a kubeconfig file as kubeadm does for admin.conf, scheduler.conf,
 * controller-manager.conf and kubelet.conf: one cluster, one user with an embedded client
 * certificate, one context. The certificate data is a base64 PEM-shaped note, not a real key;
 * a comment at the top of the file says so.
 */
import { base64Ascii, pemNote } from './pki';

/** KubeconfigIdentity is the client certificate subject the kubeconfig's user presents. */
export interface KubeconfigIdentity {
  /** User name in the file (kubernetes-admin, system:kube-scheduler…). */
  userName: string;
  /** Certificate CN (the user Kubernetes sees). */
  commonName: string;
  /** Certificate O entries (the groups). */
  organizations: string[];
}

/** kubeconfigText renders the file for `identity` against the API server at `server`. */
export function kubeconfigText(server: string, identity: KubeconfigIdentity): string {
  const subject = [`CN=${identity.commonName}`, ...identity.organizations.map((o) => `O=${o}`)].join(', ');
  const cert = base64Ascii(pemNote({ path: '', kind: 'CERTIFICATE', subject }));
  const key = base64Ascii(pemNote({ path: '', kind: 'RSA PRIVATE KEY', subject }));
  const ca = base64Ascii(pemNote({ path: '', kind: 'CERTIFICATE', subject: 'CN=kubernetes' }));
  const context = `${identity.userName}@kubernetes`;
  return [
    '# Simulated kubeconfig: the certificate and key data below decode to notes, not real keys.',
    '# The playground identifies this user by its certificate subject: ' + subject,
    'apiVersion: v1',
    'clusters:',
    '- cluster:',
    `    certificate-authority-data: ${ca}`,
    `    server: ${server}`,
    '  name: kubernetes',
    'contexts:',
    '- context:',
    '    cluster: kubernetes',
    `    user: ${identity.userName}`,
    `  name: ${context}`,
    `current-context: ${context}`,
    'kind: Config',
    'preferences: {}',
    'users:',
    `- name: ${identity.userName}`,
    '  user:',
    `    client-certificate-data: ${cert}`,
    `    client-key-data: ${key}`,
    '',
  ].join('\n');
}
