/**
 * Test helpers for the local endpoint: start it on a free loopback port with its files in a fresh
 * temporary directory, and build client-node KubeConfigs for other users from certificates the
 * cluster CA signs (or a bare token, for the 401 case).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { startLocalServer, type LocalServer, type LocalServerOptions } from './serve';

/** TestServer is a running endpoint plus the temporary directory it writes to. */
export interface TestServer extends LocalServer {
  dir: string;
  /** stop closes the server and removes the directory. */
  stop(): Promise<void>;
}

/** startTestServer starts the endpoint on 127.0.0.1 with a free port. */
export async function startTestServer(options: Partial<LocalServerOptions> = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'kube-local-test-'));
  const server = await startLocalServer({ port: 0, kubeconfigPath: join(dir, 'kubeconfig'), ...options });
  return {
    ...server,
    dir,
    async stop() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** kubeConfigFor is a client-node KubeConfig for `user`: a CA-signed certificate, or a bearer token. */
export async function kubeConfigFor(server: LocalServer, user: { name: string; groups?: string[] } | { token: string }): Promise<KubeConfig> {
  const kc = new KubeConfig();
  const b64 = (text: string) => Buffer.from(text).toString('base64');
  const userEntry =
    'token' in user
      ? { name: 'token-user', token: user.token }
      : await server.issueClientCertificate(user.name, user.groups).then((pair) => ({ name: user.name, certData: b64(pair.cert), keyData: b64(pair.key) }));
  kc.loadFromOptions({
    clusters: [{ name: 'local', server: server.url, caData: b64(server.caPem), skipTLSVerify: false }],
    users: [userEntry],
    contexts: [{ name: 'ctx', cluster: 'local', user: userEntry.name }],
    currentContext: 'ctx',
  });
  return kc;
}
