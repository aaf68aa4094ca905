/**
 * startTestCluster wires the real pieces — etcd, kube-apiserver, the LoopTransport — with this
 * folder's components (scheduler, kubelets, controller manager), each holding only an ApiClient
 * with its own identity. For integration tests of the scheduler, kubelet and controllers; the
 * cluster step code uses is createCluster() in playground/cluster/index.ts.
 */
import { createApiClient } from '../api/api-client';
import type { ApiClient } from '../api/client';
import { LoopTransport } from '../api/transport';
import type { KubeObject, List } from '../api/types';
import { defaultApiServerOptions, type ApiServerOptions } from '../apiserver/options';
import { KubeApiServer } from '../apiserver/server';
import { EtcdServer } from '../etcd';
import { Kubelet, type KubeletOptions } from '../kubelet/kubelet';
import { Scheduler } from '../scheduler/scheduler';
import type { SimContext } from '../sim/context';
import { SeededIds } from '../sim/ids';
import { EventLoop } from '../sim/loop';
import { CONTROLLER_MANAGER, SCHEDULER, Trace, kubeletOf } from '../sim/trace';
import { KubeControllerManager } from './controller-manager';

export interface TestCluster {
  ctx: SimContext;
  admin: ApiClient;
  scheduler: Scheduler;
  kubelets: Map<string, Kubelet>;
  controllerManager: KubeControllerManager;
  /** run drives the simulation until only background work is left, or `ms` (default 30 s) more virtual time passed. */
  run(ms?: number): void;
  /** advance moves virtual time forward by `ms`, running everything due. */
  advance(ms: number): void;
  /** get / list read through the admin client, synchronously (driving the loop until the answer arrives). */
  get<T extends KubeObject>(resource: string, namespace: string | undefined, name: string): T | undefined;
  list<T extends KubeObject>(resource: string, namespace?: string): T[];
  /** apply creates an object as admin and waits for the answer; throws on failure. */
  create<T extends KubeObject>(resource: string, namespace: string | undefined, object: KubeObject): T;
  addNode(options: KubeletOptions): Kubelet;
}

/** startTestCluster starts a cluster with the given worker nodes (default: node-1..node-3). */
export function startTestCluster(options: { nodes?: KubeletOptions[]; seed?: number; apiServer?: Partial<ApiServerOptions> } = {}): TestCluster {
  const loop = new EventLoop();
  const ctx: SimContext = { loop, trace: new Trace(() => loop.now()), ids: new SeededIds(options.seed ?? 1) };
  const etcd = new EtcdServer(ctx);
  const server = new KubeApiServer(ctx, etcd.client('kube-apiserver'), { ...defaultApiServerOptions(), ...options.apiServer });
  server.bootstrap();
  const transport = new LoopTransport(ctx, server);
  const clientFor = (participant: string, user: string, groups: string[] = []) =>
    createApiClient(transport, participant, { clientCertificate: { commonName: user, organizations: groups } });
  const admin = clientFor('kubectl', 'kubernetes-admin', ['system:masters']);
  const scheduler = new Scheduler(clientFor(SCHEDULER, 'system:kube-scheduler'), ctx);
  const controllerManager = new KubeControllerManager(clientFor(CONTROLLER_MANAGER, 'system:kube-controller-manager'), ctx);
  const kubelets = new Map<string, Kubelet>();

  const waitFor = <T>(start: (done: (value: T) => void) => void): T => {
    let answer: { value: T } | undefined;
    start((value) => (answer = { value }));
    loop.runUntil(() => answer !== undefined);
    if (!answer) throw new Error('no answer from the API server');
    return answer.value;
  };

  const cluster: TestCluster = {
    ctx,
    admin,
    scheduler,
    kubelets,
    controllerManager,
    run: (ms = 30_000) => void loop.runUntilQuiet(loop.now() + ms),
    advance: (ms) => void loop.advanceTo(loop.now() + ms),
    get: <T extends KubeObject>(resource: string, namespace: string | undefined, name: string) =>
      waitFor<T | undefined>((done) => admin.get<T>({ resource, ...(namespace ? { namespace } : {}), name }, (r) => done(r.ok ? r.value : undefined))),
    list: <T extends KubeObject>(resource: string, namespace?: string) =>
      waitFor<T[]>((done) =>
        admin.list<T>({ resource, ...(namespace ? { namespace } : {}) }, {}, (r) => {
          if (!r.ok) throw new Error(`list ${resource}: ${r.status.message}`);
          done((r.value as List<T>).items);
        }),
      ),
    create: <T extends KubeObject>(resource: string, namespace: string | undefined, object: KubeObject) =>
      waitFor<T>((done) =>
        admin.create<T>({ resource, ...(namespace ? { namespace } : {}) }, object, (r) => {
          if (!r.ok) throw new Error(`create ${resource}: ${r.status.message}`);
          done(r.value);
        }),
      ),
    addNode(nodeOptions) {
      const kubelet = new Kubelet(clientFor(kubeletOf(nodeOptions.nodeName), `system:node:${nodeOptions.nodeName}`, ['system:nodes']), ctx, nodeOptions);
      kubelets.set(nodeOptions.nodeName, kubelet);
      kubelet.start();
      return kubelet;
    },
  };

  const nodes = options.nodes ?? [1, 2, 3].map((i) => ({ nodeName: `node-${i}`, index: i }));
  for (const node of nodes) cluster.addNode(node);
  scheduler.start();
  controllerManager.start();
  cluster.run(5_000);
  return cluster;
}
