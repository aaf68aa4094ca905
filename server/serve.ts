/**
 * startLocalServer runs the mini control plane as a local Kubernetes API endpoint: HTTPS on a
 * loopback address with a generated CA, the control plane on a virtual clock that follows the wall
 * clock, a kubeconfig for the admin, and optionally the etcd keyspace saved to a --state file.
 * `npm run cluster` calls it (server/main.ts); tests and the bench start it on a free port.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import type { TokenUser } from '../playground/cluster/host/host-config';
import { createCertificateAuthority, type PemPair } from './certs';
import { RealTimeDriver } from './clock-driver';
import { createFrontEnd } from './front-end';
import { kubeconfigYaml } from './kubeconfig';
import { localCluster, type LocalCluster } from './local-cluster';
import { loadState, saveState } from './state-file';

/** LocalServerOptions configure startLocalServer. */
export interface LocalServerOptions {
  /** TCP port (default 6443; 0 picks a free one). */
  port?: number;
  /** Loopback address to listen on (default 127.0.0.1). */
  host?: string;
  /** Where to write the kubeconfig (required: the caller decides where files go). */
  kubeconfigPath: string;
  /** Save the etcd keyspace here on stop (and every `saveEveryMs`), and load it at start if present. */
  statePath?: string;
  /** How often to save the state while running (default 60 s). */
  saveEveryMs?: number;
  /** Worker node names (default node-1, node-2). */
  nodes?: string[];
  /** Users with bearer tokens (--token-auth-file). Default none. */
  tokenUsers?: TokenUser[];
  /** How long to wait for every node to be Ready (default 30 s of wall time). */
  readyTimeoutMs?: number;
}

/** LocalServer is a running endpoint. */
export interface LocalServer {
  /** `https://127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
  readonly kubeconfigPath: string;
  /** The cluster CA (PEM), for clients that configure trust themselves. */
  readonly caPem: string;
  readonly cluster: LocalCluster;
  /** issueClientCertificate signs a client certificate: CN = user, O = groups. */
  issueClientCertificate(user: string, groups?: string[]): Promise<PemPair>;
  /** close ends every watch and connection, stops the clock and saves the state (if any). */
  close(): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

async function waitForReadyNodes(cluster: LocalCluster, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (cluster.readyNodes().length < cluster.nodeNames.length) {
    if (Date.now() > deadline) {
      const waiting = cluster.nodeNames.filter((n) => !cluster.readyNodes().includes(n));
      throw new Error(`nodes ${waiting.join(', ')} did not become Ready within ${timeoutMs / 1000}s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function startLocalServer(options: LocalServerOptions): Promise<LocalServer> {
  const host = options.host ?? '127.0.0.1';
  const ca = await createCertificateAuthority();
  const serving = await ca.issueServing({ dns: ['localhost', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc'], ips: ['127.0.0.1', '::1'] });
  const admin = await ca.issueClient('kubernetes-admin', ['system:masters']);

  const saved = options.statePath ? loadState(options.statePath) : undefined;
  const cluster = localCluster({ nodes: options.nodes, tokenUsers: options.tokenUsers, restore: saved });
  const driver = new RealTimeDriver(cluster.loop);
  const frontEnd = createFrontEnd(cluster.endpoint, driver);
  // requestCert without rejectUnauthorized: a client may come without a certificate (token,
  // anonymous); one whose certificate the CA did not sign is answered 401 by the front end.
  const server = createServer({ key: serving.key, cert: serving.cert, ca: [ca.cert], requestCert: true, rejectUnauthorized: false }, frontEnd.listener);
  server.keepAliveTimeout = 30_000;

  driver.start();
  let port: number;
  try {
    port = await listen(server, options.port ?? 6443, host);
    await waitForReadyNodes(cluster, options.readyTimeoutMs ?? 30_000);
  } catch (error) {
    driver.stop();
    server.close();
    throw error;
  }
  const url = `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
  mkdirSync(dirname(options.kubeconfigPath), { recursive: true });
  writeFileSync(options.kubeconfigPath, kubeconfigYaml({ server: url, caPem: ca.cert, user: 'kubernetes-admin', clientCertPem: admin.cert, clientKeyPem: admin.key }), { mode: 0o600 });

  const save = () => options.statePath && saveState(options.statePath, cluster.dump());
  const saver = options.statePath ? setInterval(save, options.saveEveryMs ?? 60_000) : undefined;
  let closed: Promise<void> | undefined;
  return {
    url,
    port,
    kubeconfigPath: options.kubeconfigPath,
    caPem: ca.cert,
    cluster,
    issueClientCertificate: (user, groups) => ca.issueClient(user, groups),
    close() {
      closed ??= new Promise<void>((resolve) => {
        if (saver) clearInterval(saver);
        frontEnd.closeWatches();
        server.close(() => resolve());
        server.closeAllConnections();
        driver.stop();
        save();
      });
      return closed;
    },
  };
}
