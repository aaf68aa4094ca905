/**
 * kubeconfigYaml writes the kubeconfig a reader exports as KUBECONFIG: one cluster (the local
 * endpoint, trusted through the generated CA, no insecure-skip-tls-verify), one user with an
 * embedded client certificate and key (kubeadm's admin.conf identity: CN=kubernetes-admin,
 * O=system:masters) and the context joining them.
 */
import { stringify } from 'yaml';

/** KubeconfigInput is what goes into the file. */
export interface KubeconfigInput {
  server: string;
  caPem: string;
  user: string;
  clientCertPem: string;
  clientKeyPem: string;
  /** Cluster name in the file (default kube-api-hands-on). */
  clusterName?: string;
}

const b64 = (pem: string) => Buffer.from(pem, 'utf8').toString('base64');

export function kubeconfigYaml(input: KubeconfigInput): string {
  const cluster = input.clusterName ?? 'kube-api-hands-on';
  const context = `${input.user}@${cluster}`;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: cluster, cluster: { server: input.server, 'certificate-authority-data': b64(input.caPem) } }],
    users: [{ name: input.user, user: { 'client-certificate-data': b64(input.clientCertPem), 'client-key-data': b64(input.clientKeyPem) } }],
    contexts: [{ name: context, context: { cluster, user: input.user, namespace: 'default' } }],
    'current-context': context,
    preferences: {},
  });
}
