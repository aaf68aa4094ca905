/**
 * Cluster is what createCluster returns to step code: one running control plane and the ways a
 * reader reaches it — kubectl, raw HTTP, typed promise clients, etcdctl and a shell on the
 * control-plane node — plus the simulation's controls (run, now, trace, etcdKeys) and its parts
 * (scheduler, controller manager, nodes). Every promise method drives virtual time until its own
 * answer arrives; nothing happens between awaits unless something is driving.
 */
import { createApiClient, type ClientCredentials } from '../api/api-client';
import type { ApiClient, Transport } from '../api/client';
import type { KubeControllerManager } from '../controllers/controller-manager';
import { startController, type Controller, type ControllerSpec } from '../controllers/controller';
import type { EtcdServer } from '../etcd';
import type { ControlPlaneHost } from '../host/control-plane-host';
import type { Kubelet } from '../kubelet/kubelet';
import type { Scheduler } from '../scheduler/scheduler';
import type { SimContext } from '../sim/context';
import type { Trace } from '../sim/trace';
import type { ApiServerProcess } from './apiserver-process';
import type { EtcdctlApi, KubectlApi } from './command-apis';
import type { Driver } from './driver';
import { formatDuration, parseDuration, type Duration } from './duration';
import type { HttpApi } from './http';
import { promiseClient, type PromiseApiClient } from './promise-client';

/** RunOptions say how long cluster.run drives the simulation. */
export interface RunOptions {
  /** Run for exactly this much virtual time ("30s", "2m", or ms), whatever happens. */
  for?: Duration;
  /** Run until this returns true (checked after every event). Fails after `timeout`. */
  until?: () => boolean;
  /** Limit for `until` (default "60s") or for running until quiet (default "10m"). */
  timeout?: Duration;
}

/** RunSummary says what a cluster.run did. */
export interface RunSummary {
  /** Simulated events processed. */
  events: number;
  /** Virtual time that passed, in ms. */
  elapsedMs: number;
  /** Virtual time now, in ms since the cluster started. */
  now: number;
  /** True when only background work (heartbeats, resyncs) is left. */
  quiet: boolean;
  /** One line for console.log: `ran 57 events over 2.95s of virtual time; the cluster is quiet`. */
  summary: string;
}

/** EtcdKeyEntry is one key of the etcd keyspace; `value` is the stored JSON, parsed (the text itself with `rawValues`). */
export interface EtcdKeyEntry {
  key: string;
  createRevision: number;
  modRevision: number;
  version: number;
  value: unknown;
}

/** ClientIdentity picks a client's credentials: a user name, a bearer token, or none at all. */
export type ClientIdentity = string | { token: string } | { anonymous: true };

/** NodeHandle controls one worker node's kubelet. */
export interface NodeHandle {
  readonly name: string;
  /** stop kills the kubelet: no more heartbeats (the node goes NotReady after 40 s), no pod work. */
  stop(): void;
  /** start brings the kubelet back; it registers its Node again (a Node deleted meanwhile comes back). */
  start(): void;
  /** running is false after stop(). */
  readonly running: boolean;
}

/** StartControllerSpec is startController's spec without the plumbing the cluster provides. */
export type StartControllerSpec = Omit<ControllerSpec, 'client' | 'ctx'> & {
  /** Whose credentials the controller uses. Default: the admin (kubernetes-admin). */
  user?: string;
};

/** ClusterParts are the running pieces createCluster wires together. */
export interface ClusterParts {
  ctx: SimContext;
  driver: Driver;
  transport: Transport;
  etcd: EtcdServer;
  apiServer: ApiServerProcess;
  host: ControlPlaneHost;
  scheduler: Scheduler;
  controllerManager: KubeControllerManager;
  kubelets: Map<string, Kubelet>;
  kubectl: KubectlApi;
  etcdctl: EtcdctlApi;
  http: HttpApi;
  credentialsFor(user: string): ClientCredentials;
  adminUser: string;
}

export class Cluster {
  /** kubectl runs a kubectl command line as the admin: `await cluster.kubectl('get pods -o wide')`. */
  readonly kubectl: KubectlApi;
  /** http sends raw requests: `await cluster.http.get('/api/v1/namespaces/default/pods')`. */
  readonly http: HttpApi;
  /** etcdctl runs etcdctl on the control-plane node, with the etcd client certificates already set. */
  readonly etcdctl: EtcdctlApi;
  /** host is the control-plane machine: `await cluster.host.sh('ps aux | grep kube-apiserver')`. */
  readonly host: ControlPlaneHost;
  /** scheduler is kube-scheduler; `cluster.scheduler.framework` holds its filter and score plugins. */
  readonly scheduler: Scheduler;
  /** controllerManager runs the ReplicaSet and node-lifecycle controllers. */
  readonly controllerManager: KubeControllerManager;
  /** trace records every hop (requests, etcd operations, watch events, component actions). */
  readonly trace: Trace;
  private readonly parts: ClusterParts;

  constructor(parts: ClusterParts) {
    this.parts = parts;
    this.kubectl = parts.kubectl;
    this.http = parts.http;
    this.etcdctl = parts.etcdctl;
    this.host = parts.host;
    this.scheduler = parts.scheduler;
    this.controllerManager = parts.controllerManager;
    this.trace = parts.ctx.trace;
  }

  /** now is the virtual time in ms since the cluster started (the clock starts at 2026-01-01T00:00:00Z). */
  now(): number {
    return this.parts.ctx.loop.now();
  }

  /** nodeNames lists the registered worker nodes (and control-plane, when registered). */
  get nodeNames(): string[] {
    return [...this.parts.kubelets.keys()];
  }

  /** client returns a promise-based API client for a user (default: the admin), a token, or no credentials. */
  client(identity: ClientIdentity = this.parts.adminUser, options: { participant?: string } = {}): PromiseApiClient {
    const { credentials, user } = this.resolveIdentity(identity);
    const participant = options.participant ?? 'client';
    return promiseClient(createApiClient(this.parts.transport, participant, credentials), this.parts.driver, user);
  }

  /**
   * run drives the simulation: until only background work is left (default), `for` a duration, or
   * `until` a condition holds. Resolves with a summary of what happened.
   */
  async run(options: RunOptions = {}): Promise<RunSummary> {
    const loop = this.parts.ctx.loop;
    if (options.for !== undefined && options.until !== undefined) throw new TypeError('cluster.run: give either `for` or `until` (with an optional `timeout`), not both');
    if (options.until !== undefined && typeof options.until !== 'function') throw new TypeError('cluster.run: `until` must be a function returning true when done');
    const start = loop.now();
    let events: number;
    if (options.for !== undefined) {
      const ms = parseDuration(options.for, 'cluster.run `for`');
      events = await this.parts.driver.wait({ label: `run for ${formatDuration(ms)}`, done: () => false, timeoutMs: ms, atDeadline: 'resolve', failure: () => '' });
    } else if (options.until !== undefined) {
      const until = options.until;
      const ms = parseDuration(options.timeout ?? '60s', 'cluster.run `timeout`');
      events = await this.parts.driver.wait({
        label: 'run until',
        // The reader's function itself, asked once per simulated event: the driver tests its result
        // for truth and calls it without a `this`, as a wrapper arrow would, without the extra call.
        done: until,
        timeoutMs: ms,
        atDeadline: 'reject',
        failure: () => `cluster.run: the condition was still false after ${formatDuration(ms)} of virtual time`,
      });
    } else {
      const ms = parseDuration(options.timeout ?? '10m', 'cluster.run `timeout`');
      events = await this.parts.driver.wait({ label: 'run until quiet', done: () => !loop.hasForegroundWork(), timeoutMs: ms, atDeadline: 'resolve', failure: () => '' });
    }
    const quiet = !loop.hasForegroundWork();
    const elapsedMs = loop.now() - start;
    const summary = `ran ${events} event${events === 1 ? '' : 's'} over ${formatDuration(elapsedMs)} of virtual time; ${quiet ? 'the cluster is quiet' : 'work is still in progress'}`;
    return { events, elapsedMs, now: loop.now(), quiet, summary };
  }

  /** runUntilQuiet is run() with no options (the sandbox calls it after the last step). */
  runUntilQuiet(): Promise<RunSummary> {
    return this.run();
  }

  /**
   * etcdKeys returns the whole etcd keyspace, sorted by key, with values parsed from their stored
   * JSON — or, with `{ rawValues: true }`, as the stored text itself (cheaper for a big keyspace).
   */
  etcdKeys(options: { rawValues?: boolean } = {}): EtcdKeyEntry[] {
    // The admin's view of the data directory, as `etcdctl get "" --prefix` would show it (untraced).
    const { kvs } = this.parts.etcd.range({ key: '\0', rangeEnd: '\0' });
    const raw = options.rawValues === true;
    return kvs.map((kv) => ({ key: kv.key, createRevision: kv.createRevision, modRevision: kv.modRevision, version: kv.version, value: raw ? kv.value : parseValue(kv.value) }));
  }

  /** startController runs a controller (see controllers/controller.ts) with its own trace lifeline. */
  startController(spec: StartControllerSpec): Controller {
    if (!spec || typeof spec.name !== 'string' || !spec.name) throw new TypeError('cluster.startController: give the controller a name');
    const { credentials } = this.resolveIdentity(spec.user ?? this.parts.adminUser);
    const client: ApiClient = createApiClient(this.parts.transport, spec.name, credentials);
    return startController({ ...spec, client, ctx: this.parts.ctx });
  }

  /** node returns a handle on a worker node's kubelet. */
  node(name: string): NodeHandle {
    const kubelet = this.parts.kubelets.get(name);
    if (!kubelet) throw new Error(`cluster.node: no node named ${JSON.stringify(name)} (nodes: ${this.nodeNames.join(', ') || 'none'})`);
    return {
      name,
      stop: () => kubelet.stop(),
      start: () => kubelet.start(),
      get running() {
        return kubelet.isRunning;
      },
    };
  }

  /** apiServerFlags are the flags the running (or starting) kube-apiserver was started with. */
  get apiServerFlags(): string[] {
    return [...(this.parts.apiServer.options?.args ?? [])];
  }

  private resolveIdentity(identity: ClientIdentity): { credentials: ClientCredentials; user: string } {
    if (typeof identity === 'string') return { credentials: this.parts.credentialsFor(identity), user: identity };
    if (identity && 'token' in identity && typeof identity.token === 'string') return { credentials: { token: identity.token }, user: '(token)' };
    if (identity && 'anonymous' in identity && identity.anonymous) return { credentials: {}, user: 'system:anonymous' };
    throw new TypeError('cluster.client: pass a user name, { token: "…" } or { anonymous: true }');
  }
}

function parseValue(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
