/**
 * localCluster assembles the tutorial's control plane for the local endpoint from the same parts
 * createCluster uses: etcd, kube-apiserver started with kubeadm's flags (Node,RBAC authorization,
 * --client-ca-file, NodeRestriction, a static token file), kube-scheduler, the controller manager
 * and one kubelet per worker node, each component holding only an API client with its own
 * identity. It differs where a long-lived server must: the clock starts at the wall-clock time
 * (so timestamps are real and kubectl's ages right), no trace is kept, etcd compacts old history,
 * and the keyspace can be restored from a saved dump.
 */
import { createApiClient } from '../playground/cluster/api/api-client';
import { LoopTransport, type ApiServerEndpoint } from '../playground/cluster/api/transport';
import type { Node } from '../playground/cluster/api/types';
import { parseApiServerFlags } from '../playground/cluster/apiserver/options';
import { KubeApiServer } from '../playground/cluster/apiserver/server';
import { KubeControllerManager } from '../playground/cluster/controllers/controller-manager';
import { EtcdServer, type EtcdDump } from '../playground/cluster/etcd';
import { defaultHostConfig, KUBEADM_TOKEN_FILE, tokenFileText, type TokenUser } from '../playground/cluster/host/host-config';
import { kubeadmApiServerFlags } from '../playground/cluster/host/kubeadm-manifests';
import { Kubelet } from '../playground/cluster/kubelet/kubelet';
import { Scheduler } from '../playground/cluster/scheduler/scheduler';
import type { SimContext } from '../playground/cluster/sim/context';
import { SeededIds } from '../playground/cluster/sim/ids';
import { EventLoop } from '../playground/cluster/sim/loop';
import { EPOCH_MS } from '../playground/cluster/sim/time';
import { APISERVER, CONTROLLER_MANAGER, SCHEDULER, Trace, kubeletOf } from '../playground/cluster/sim/trace';

/** LocalClusterOptions configure localCluster. */
export interface LocalClusterOptions {
  /** Worker node names (default node-1, node-2, as createCluster). */
  nodes?: string[];
  /** Users authenticated by bearer token (--token-auth-file). Default none. */
  tokenUsers?: TokenUser[];
  /** A saved etcd keyspace to start from (EtcdServer.dump()). Default: a fresh cluster. */
  restore?: EtcdDump | string;
  /** Wall clock now in ms; the virtual clock starts there (default Date.now()). */
  wallNowMs?: number;
  /** Seed of generated ids (default: derived from the start time, so restarts do not reuse uids). */
  seed?: number;
  /** Revisions of etcd history kept before compaction (default 10,000). */
  historyRetention?: number;
}

/** LocalCluster is what the front end and the CLI need from the running control plane. */
export interface LocalCluster {
  readonly loop: EventLoop;
  /** The simulation context (loop, trace, ids) every component shares. */
  readonly ctx: SimContext;
  /** The kube-apiserver every request is handed to. */
  readonly endpoint: ApiServerEndpoint;
  readonly apiServer: KubeApiServer;
  readonly nodeNames: string[];
  /** dump saves the etcd keyspace (for --state). */
  dump(): EtcdDump;
  /** readyNodes lists the nodes whose Ready condition is True, read straight from etcd. */
  readyNodes(): string[];
}

export function localCluster(options: LocalClusterOptions = {}): LocalCluster {
  const loop = new EventLoop();
  // The virtual clock is "ms since EPOCH": starting it at the wall clock makes every timestamp real.
  loop.advanceTo(Math.max(0, (options.wallNowMs ?? Date.now()) - EPOCH_MS));
  const trace = new Trace(() => loop.now());
  trace.enabled = false; // a server runs for hours; nothing reads the trace here
  const ctx: SimContext = { loop, trace, ids: new SeededIds(options.seed ?? (loop.now() >>> 0)) };
  const etcd = new EtcdServer(ctx, { historyRetention: options.historyRetention ?? 10_000 });
  if (options.restore) etcd.restore(options.restore);

  const tokenUsers = options.tokenUsers ?? [];
  const hostConfig = defaultHostConfig({ tokenUsers });
  const flags = kubeadmApiServerFlags(hostConfig);
  const apiServerOptions = parseApiServerFlags(['kube-apiserver', ...Object.entries(flags).map(([name, value]) => `--${name}=${value}`)]);
  const files: Record<string, string> = { [KUBEADM_TOKEN_FILE]: tokenFileText(tokenUsers) };
  const apiServer = new KubeApiServer(ctx, etcd.client(APISERVER), apiServerOptions, { readFile: (path) => files[path] });
  apiServer.bootstrap();

  const transport = new LoopTransport(ctx, apiServer);
  // The components treat what they receive as read-only, so they declare shared results (as in createCluster).
  const clientFor = (participant: string, user: string, groups: string[] = []) =>
    createApiClient(transport, participant, { clientCertificate: { commonName: user, organizations: groups } }, { sharedResults: true });
  const nodeNames = options.nodes ?? ['node-1', 'node-2'];
  const kubelets = nodeNames.map(
    (name, i) => new Kubelet(clientFor(kubeletOf(name), `system:node:${name}`, ['system:nodes']), ctx, { nodeName: name, index: i + 1, internalIP: `10.0.0.${11 + i}` }),
  );
  const scheduler = new Scheduler(clientFor(SCHEDULER, 'system:kube-scheduler'), ctx);
  const controllerManager = new KubeControllerManager(clientFor(CONTROLLER_MANAGER, 'system:kube-controller-manager'), ctx);
  for (const kubelet of kubelets) kubelet.start();
  scheduler.start();
  controllerManager.start();

  const isReady = (name: string) => {
    const kv = etcd.range({ key: `/registry/minions/${name}` }).kvs[0];
    const node = kv ? (JSON.parse(kv.value) as Node) : undefined;
    return node?.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
  };
  return {
    loop,
    ctx,
    endpoint: apiServer,
    apiServer,
    nodeNames,
    dump: () => etcd.dump(),
    readyNodes: () => nodeNames.filter(isReady),
  };
}
