/**
 * createCluster builds one control plane the way a kubeadm (or hand-made) cluster is laid out:
 * etcd; the control-plane node whose manifest or unit holds kube-apiserver's flags; kube-apiserver
 * started FROM that file, the only holder of an etcd client; kube-scheduler, the controller manager
 * and one kubelet per node, each holding nothing but an API client with its own identity. It runs
 * virtual time until every node is registered and Ready, so a reader's first `kubectl get nodes`
 * already shows Ready nodes, and starts the trace afresh from there.
 */
import { createApiClient, type ClientCredentials } from '../api/api-client';
import { LoopTransport } from '../api/transport';
import type { Node } from '../api/types';
import type { EtcdctlEnv } from '../clients/etcdctl';
import type { KubectlEnv } from '../clients/kubectl/env';
import { KubeControllerManager } from '../controllers/controller-manager';
import { EtcdServer } from '../etcd';
import { ControlPlaneHost } from '../host/control-plane-host';
import { defaultHostConfig } from '../host/host-config';
import { SUPER_ADMIN_IDENTITY } from '../host/node-files';
import { Kubelet } from '../kubelet/kubelet';
import { Scheduler } from '../scheduler/scheduler';
import type { SimContext } from '../sim/context';
import { SeededIds } from '../sim/ids';
import { EventLoop } from '../sim/loop';
import { APISERVER, CONTROLLER_MANAGER, SCHEDULER, Trace, kubeletOf } from '../sim/trace';
import { ApiServerProcess } from './apiserver-process';
import { Cluster } from './cluster';
import { createEtcdctlApi, createKubectlApi } from './command-apis';
import { Driver } from './driver';
import { createHttpApi } from './http';
import { ensureAdminClusterRoleBinding, KUBEADM } from './kubeadm-init';
import { registerNodeCommands } from './node-commands';
import { ADMIN_USER, resolveOptions, type ClusterOptions, type NodeSpec } from './options';

/** BOOT_TIMEOUT_MS bounds how long nodes may take to become Ready at creation (virtual time). */
const BOOT_TIMEOUT_MS = 60_000;

/** createCluster starts a cluster and returns it with every node Ready (see ClusterOptions for the knobs). */
export function createCluster(options: ClusterOptions = {}): Cluster {
  const resolved = resolveOptions(options);
  const loop = new EventLoop();
  const trace = new Trace(() => loop.now());
  // Boot is not recorded at all (the reader's trace starts once the cluster is Ready, below):
  // the ~160 entries it would make cost ~10 ms per Run in QuickJS only to be thrown away.
  trace.enabled = false;
  const ctx: SimContext = { loop, trace, ids: new SeededIds(resolved.seed) };
  const driver = new Driver(loop);
  const etcd = new EtcdServer(ctx);

  const tokenUsers = resolved.users.filter((u) => u.token).map((u) => ({ name: u.name, token: u.token, uid: u.name, groups: u.groups }));
  const hostConfig = defaultHostConfig({ setup: resolved.setup, apiServerArgs: resolved.apiServerArgs, tokenUsers });
  const address = `${hostConfig.advertiseAddress}:${hostConfig.securePort}`;
  let host: ControlPlaneHost | undefined;
  const readHostFile = (path: string) => (host && host.fs.exists(path) && !host.fs.isDirectory(path) ? host.fs.readFile(path) : undefined);
  const apiServer = new ApiServerProcess(ctx, etcd.client(APISERVER, { typedRequests: true }), { readFile: readHostFile }, address);
  host = new ControlPlaneHost({ config: hostConfig, loop, seed: resolved.seed, launchers: { 'kube-apiserver': apiServer.launch }, trace });
  host.boot();
  const transport = new LoopTransport(ctx, apiServer);

  const usersByName = new Map(resolved.users.map((u) => [u.name, u]));
  const credentialsFor = (name: string): ClientCredentials => {
    const user = usersByName.get(name);
    if (user?.token) return { token: user.token };
    // Anyone else presents a client certificate; node identities carry their group, as kubelet certs do.
    const groups = user?.groups ?? (name.startsWith('system:node:') ? ['system:nodes'] : []);
    return { clientCertificate: { commonName: name, organizations: groups } };
  };
  // The control plane's components never change what they receive (client-go's informer rule), so
  // they declare shared results and the API server hands them its cached objects without copies.
  const componentClient = (participant: string, user: string, groups: string[] = [], sharedResults = true) =>
    createApiClient(transport, participant, { clientCertificate: { commonName: user, organizations: groups } }, { sharedResults });
  // kubeadm init binds admin.conf's group kubeadm:cluster-admins to cluster-admin, as the super-admin.
  const adminBinding = resolved.setup === 'kubeadm' ? ensureAdminClusterRoleBinding(componentClient(KUBEADM, SUPER_ADMIN_IDENTITY.commonName, SUPER_ADMIN_IDENTITY.organizations, false), loop) : undefined;

  const kubectlEnv: KubectlEnv = {
    client: createApiClient(transport, 'kubectl', credentialsFor(ADMIN_USER.name)),
    clientFor: (user) => createApiClient(transport, 'kubectl', credentialsFor(user)),
    loop,
    readFile: readHostFile,
    defaultNamespace: 'default',
  };
  const etcdctlEnv: EtcdctlEnv = {
    etcd: etcd.client('etcdctl'),
    loop,
    member: { name: hostConfig.nodeName, peerUrl: `https://${hostConfig.advertiseAddress}:2380`, clientUrl: `https://${hostConfig.advertiseAddress}:2379`, version: '3.5.16' },
  };
  const kubectl = createKubectlApi(kubectlEnv, driver);
  // cluster.etcdctl is an admin who exported ETCDCTL_CACERT/CERT/KEY; on the node's shell they must be given.
  const etcdctl = createEtcdctlApi({ ...etcdctlEnv, requireClientCert: false }, driver);
  registerNodeCommands({ host, driver, transport, kubectlEnv, etcdctlEnv, kubeadm: resolved.setup === 'kubeadm' });

  const scheduler = new Scheduler(componentClient(SCHEDULER, 'system:kube-scheduler'), ctx);
  const controllerManager = new KubeControllerManager(componentClient(CONTROLLER_MANAGER, 'system:kube-controller-manager'), ctx);
  const kubelets = new Map<string, Kubelet>();
  // The control-plane machine is node 0 (10.0.0.10, pod CIDR 10.244.0.0/24); workers follow from 1.
  const nodeSpecs: (NodeSpec & { index: number; ip: string; controlPlane: boolean })[] = [
    ...(resolved.controlPlaneNode ? [{ name: hostConfig.nodeName, index: 0, ip: hostConfig.advertiseAddress, controlPlane: true }] : []),
    ...resolved.nodes.map((spec, i) => ({ ...spec, index: i + 1, ip: `10.0.${(11 + i) >> 8}.${(11 + i) & 255}`, controlPlane: false })),
  ];
  for (const spec of nodeSpecs) {
    const client = componentClient(kubeletOf(spec.name), `system:node:${spec.name}`, ['system:nodes']);
    const kubelet = new Kubelet(client, ctx, {
      nodeName: spec.name,
      index: spec.index,
      internalIP: spec.ip,
      controlPlane: spec.controlPlane,
      cpu: spec.cpu,
      memory: spec.memory,
      pods: spec.pods,
      labels: spec.labels,
      taints: spec.taints,
      images: spec.images,
    });
    kubelets.set(spec.name, kubelet);
  }
  for (const kubelet of kubelets.values()) kubelet.start();
  scheduler.start();
  controllerManager.start();

  // Synchronous driving is safe here: no reader code is waiting yet, and no task is running.
  const deadline = loop.now() + BOOT_TIMEOUT_MS;
  // Checked after every task: walk forward past the nodes already seen Ready (Ready nodes stay Ready
  // during boot; the check below looks at all of them once more), so boot stays O(nodes), not O(nodes²).
  const names = [...kubelets.keys()];
  let readyPrefix = 0;
  const allReady = () => {
    while (readyPrefix < names.length && nodeIsReady(etcd, names[readyPrefix])) readyPrefix++;
    return readyPrefix === names.length;
  };
  loop.runUntil(allReady, deadline);
  if (!names.every((name) => nodeIsReady(etcd, name))) {
    const waiting = names.filter((name) => !nodeIsReady(etcd, name));
    throw new Error(`createCluster: node${waiting.length > 1 ? 's' : ''} ${waiting.join(', ')} did not become Ready within ${BOOT_TIMEOUT_MS / 1000}s of virtual time`);
  }
  loop.runUntilQuiet(loop.now() + BOOT_TIMEOUT_MS);
  if (adminBinding && !adminBinding.done) throw new Error(`createCluster: kubeadm could not create the ClusterRoleBinding kubeadm:cluster-admins: ${adminBinding.lastError ?? 'no answer'}`);
  // The cluster was up before the reader's first step: its trace starts here.
  trace.entries.length = 0;
  trace.dropped = 0;
  trace.enabled = resolved.trace;

  const http = createHttpApi(transport, driver, credentialsFor(ADMIN_USER.name), credentialsFor);
  return new Cluster({ ctx, driver, transport, etcd, apiServer, host, scheduler, controllerManager, kubelets, kubectl, etcdctl, http, credentialsFor, adminUser: ADMIN_USER.name });
}

/** nodeIsReady reads the Node straight from etcd: the harness's view of the data, not a component's. */
function nodeIsReady(etcd: EtcdServer, name: string): boolean {
  const kv = etcd.range({ key: `/registry/minions/${name}` }).kvs[0];
  if (!kv) return false;
  const node = JSON.parse(kv.value) as Node;
  return node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}
