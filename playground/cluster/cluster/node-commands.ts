/**
 * The client programs installed on the control-plane node: kubectl, which (like the real one) acts
 * as the user of the kubeconfig it reads — `--kubeconfig FILE`, else $KUBECONFIG, else
 * /root/.kube/config (kubeadm's admin.conf) — and etcdctl, which on a kubeadm node needs etcd's
 * client certificate from its flags or ETCDCTL_CACERT/CERT/KEY, as kubeadm's etcd only speaks TLS.
 */
import { parse } from 'yaml';
import { createApiClient, type ClientCredentials } from '../api/api-client';
import type { Transport } from '../api/client';
import { etcdctlArgs, type EtcdctlEnv } from '../clients/etcdctl';
import { kubectlArgs } from '../clients/kubectl';
import type { KubectlEnv } from '../clients/kubectl/env';
import type { CommandResult } from '../clients/kubectl/result';
import type { ControlPlaneHost } from '../host/control-plane-host';
import { refusedAsKubectlPrintsIt } from './command-apis';
import type { Driver } from './driver';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** fromBase64Ascii decodes base64 text written by host/pki.ts (ASCII only); QuickJS has no atob. */
function fromBase64Ascii(encoded: string): string {
  let bits = 0;
  let buffer = 0;
  let out = '';
  for (const ch of encoded.replace(/=+$/, '')) {
    const value = ALPHABET.indexOf(ch);
    if (value < 0) return '';
    buffer = (buffer << 6) | value;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += String.fromCharCode((buffer >> bits) & 255);
    }
  }
  return out;
}

/**
 * credentialsFromKubeconfig reads who a kubeconfig authenticates as: a bearer `token`, or the
 * subject of its (simulated) client certificate. Returns an error text kubectl would print otherwise.
 */
export function credentialsFromKubeconfig(text: string, path: string): ClientCredentials | { error: string } {
  let config: { users?: { user?: { token?: string; 'client-certificate-data'?: string } }[] } | null;
  try {
    config = parse(text) as typeof config;
  } catch (error) {
    return { error: `error: error loading config file "${path}": ${(error as Error).message.split('\n')[0]}` };
  }
  const user = config?.users?.[0]?.user;
  if (user?.token) return { token: user.token };
  const pem = user?.['client-certificate-data'] ? fromBase64Ascii(user['client-certificate-data']) : '';
  const subject = /^Stands for: (.*)$/m.exec(pem)?.[1];
  if (!subject) return {};
  const commonName = /CN=([^,]+)/.exec(subject)?.[1] ?? '';
  const organizations = [...subject.matchAll(/O=([^,]+)/g)].map((m) => m[1]);
  return { clientCertificate: { commonName, organizations } };
}

/** splitKubeconfigFlag removes `--kubeconfig[=]PATH` from kubectl's arguments and returns the path. */
function splitKubeconfigFlag(args: string[]): { path?: string; rest: string[] } {
  const rest: string[] = [];
  let path: string | undefined;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--kubeconfig') path = args[++i];
    else if (args[i].startsWith('--kubeconfig=')) path = args[i].slice('--kubeconfig='.length);
    else rest.push(args[i]);
  }
  return { path, rest };
}

/** registerNodeCommands installs kubectl and etcdctl on the control-plane node. */
export function registerNodeCommands(options: {
  host: ControlPlaneHost;
  driver: Driver;
  transport: Transport;
  kubectlEnv: KubectlEnv;
  etcdctlEnv: EtcdctlEnv;
  kubeadm: boolean;
}): void {
  const { host, driver, transport, kubectlEnv, etcdctlEnv, kubeadm } = options;
  host.register('kubectl', (args, io) => {
    const { path: flagPath, rest } = splitKubeconfigFlag(args);
    const path = flagPath ?? io.env.KUBECONFIG ?? '/root/.kube/config';
    if (!host.fs.exists(path)) {
      return { stdout: '', stderr: `error: stat ${path}: no such file or directory\n`, exitCode: 1 };
    }
    const credentials = credentialsFromKubeconfig(host.fs.readFile(path), path);
    if ('error' in credentials) return { stdout: '', stderr: `${credentials.error}\n`, exitCode: 1 };
    const env: KubectlEnv = { ...kubectlEnv, client: createApiClient(transport, 'kubectl', credentials) };
    return driver.call<CommandResult>(`kubectl ${rest.join(' ')}`, (done) => kubectlArgs(env, rest, done, { stdin: io.stdin })).then(refusedAsKubectlPrintsIt);
  });
  host.register('etcdctl', (args, io) => {
    const certsInEnv = Boolean(io.env.ETCDCTL_CACERT && io.env.ETCDCTL_CERT && io.env.ETCDCTL_KEY);
    const env = { ...etcdctlEnv, requireClientCert: kubeadm && !certsInEnv };
    return driver.call<CommandResult>(`etcdctl ${args.join(' ')}`, (done) => etcdctlArgs(env, args, done));
  });
}
