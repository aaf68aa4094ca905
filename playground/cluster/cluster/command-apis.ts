/**
 * The promise forms of the two command-line clients: `cluster.kubectl("get pods")` and
 * `cluster.etcdctl("get /registry/pods --prefix --keys-only")`. Each runs the callback-based client
 * from clients/ and drives the simulation until the command has printed its last line, then
 * resolves with what a terminal shows (stdout, then stderr). `.run(...)` gives the streams and the
 * exit code separately.
 */
import { kubectl as runKubectl } from '../clients/kubectl';
import type { KubectlEnv } from '../clients/kubectl/env';
import type { CommandResult } from '../clients/kubectl/result';
import { etcdctl as runEtcdctl, type EtcdctlEnv } from '../clients/etcdctl';
import { CONNECTION_REFUSED_REASON } from './apiserver-process';
import type { Driver } from './driver';

/** CommandOutput is a finished command: its two streams and exit code. */
export interface CommandOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** KubectlApi runs kubectl command lines (the leading `kubectl` is optional). */
export interface KubectlApi {
  /** Runs the command line; `stdin` feeds `-f -`. Resolves with stdout followed by stderr. */
  (commandLine: string, stdin?: string): Promise<string>;
  /** run resolves with stdout, stderr and the exit code separately. */
  run(commandLine: string, stdin?: string): Promise<CommandOutput>;
}

/** EtcdctlApi runs etcdctl command lines on the control-plane node (the leading `etcdctl` is optional). */
export interface EtcdctlApi {
  /** Runs the command line and resolves with stdout followed by stderr. */
  (commandLine: string): Promise<string>;
  /** run resolves with stdout, stderr and the exit code separately. */
  run(commandLine: string): Promise<CommandOutput>;
}

/** terminalText is what a terminal shows for a finished command. */
export function terminalText(result: CommandOutput): string {
  return result.stdout + result.stderr;
}

/**
 * refusedAsKubectlPrintsIt rewrites a refused connection the way kubectl words it: not as an
 * "Error from server", since no server answered.
 */
export function refusedAsKubectlPrintsIt(result: CommandResult): CommandResult {
  const prefix = `Error from server (${CONNECTION_REFUSED_REASON}): `;
  return result.stderr.includes(prefix) ? { ...result, stderr: result.stderr.split(prefix).join('') } : result;
}

function checkLine(what: string, commandLine: unknown): string {
  if (typeof commandLine !== 'string') throw new TypeError(`${what}: pass the command line as a string, like ${what}("get pods")`);
  return commandLine;
}

/** createKubectlApi binds kubectl to an environment (the admin's kubeconfig, by default). */
export function createKubectlApi(env: KubectlEnv, driver: Driver): KubectlApi {
  const run = (commandLine: string, stdin?: string): Promise<CommandOutput> => {
    let line: string;
    try {
      line = checkLine('kubectl', commandLine).trim();
    } catch (error) {
      return Promise.reject(error);
    }
    const label = line.startsWith('kubectl') ? line : `kubectl ${line}`;
    return driver.call<CommandResult>(label, (done) => runKubectl(env, line, done, stdin === undefined ? {} : { stdin })).then(refusedAsKubectlPrintsIt);
  };
  const api = ((commandLine: string, stdin?: string) => run(commandLine, stdin).then(terminalText)) as KubectlApi;
  api.run = run;
  return api;
}

/** createEtcdctlApi binds etcdctl to the node's etcd endpoint. */
export function createEtcdctlApi(env: EtcdctlEnv, driver: Driver): EtcdctlApi {
  const run = (commandLine: string): Promise<CommandOutput> => {
    let line: string;
    try {
      line = checkLine('etcdctl', commandLine).trim();
    } catch (error) {
      return Promise.reject(error);
    }
    const label = line.startsWith('etcdctl') ? line : `etcdctl ${line}`;
    return driver.call<CommandResult>(label, (done) => runEtcdctl(env, line, done));
  };
  const api = ((commandLine: string) => run(commandLine).then(terminalText)) as EtcdctlApi;
  api.run = run;
  return api;
}
