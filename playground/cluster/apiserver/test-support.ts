/**
 * Test harness for the API server: a fresh simulated cluster (loop, trace, ids, etcd), a bootstrapped
 * KubeApiServer behind a LoopTransport, and domain verbs that send a call and run the loop until
 * its answer arrives.
 */
import { createApiClient, type ClientCredentials } from '../api/api-client';
import type { ApiClient, Result } from '../api/client';
import { LoopTransport } from '../api/transport';
import type { ApiWatchEvent, KubeObject } from '../api/types';
import { EtcdServer } from '../etcd';
import type { SimContext } from '../sim/context';
import { SeededIds } from '../sim/ids';
import { EventLoop } from '../sim/loop';
import { Trace } from '../sim/trace';
import type { ApiServerHost } from './config';
import { defaultApiServerOptions, parseApiServerFlags, type ApiServerOptions } from './options';
import { KubeApiServer } from './server';

export interface TestApiServer {
  ctx: SimContext;
  loop: EventLoop;
  trace: Trace;
  etcdServer: EtcdServer;
  server: KubeApiServer;
  transport: LoopTransport;
  /** client makes an ApiClient for a participant with the given credentials. */
  client(participant?: string, credentials?: ClientCredentials): ApiClient;
}

/** newTestApiServer starts a bootstrapped server; `flags` are kube-apiserver arguments. */
export function newTestApiServer(flags: string[] | ApiServerOptions = [], files: Record<string, string> = {}): TestApiServer {
  const loop = new EventLoop();
  const trace = new Trace(() => loop.now());
  const ctx: SimContext = { loop, trace, ids: new SeededIds(1) };
  const etcdServer = new EtcdServer(ctx);
  const host: ApiServerHost = { readFile: (path) => files[path] };
  const options = Array.isArray(flags) ? (flags.length ? parseApiServerFlags(flags) : defaultApiServerOptions()) : flags;
  const server = new KubeApiServer(ctx, etcdServer.client('kube-apiserver'), options, host);
  server.bootstrap();
  loop.runUntilQuiet();
  const transport = new LoopTransport(ctx, server);
  return { ctx, loop, trace, etcdServer, server, transport, client: (participant = 'kubectl', credentials = {}) => createApiClient(transport, participant, credentials) };
}

/** call sends one typed call and runs the loop until its callback fires. */
export function call<T>(loop: EventLoop, send: (cb: (result: Result<T>) => void) => void): Result<T> {
  let result: Result<T> | undefined;
  send((r) => (result = r));
  loop.runUntil(() => result !== undefined);
  if (!result) throw new Error('the call never got an answer');
  return result;
}

/**
 * newSharedResultsServer is a test API server with a reader's client (it gets copies), a component's
 * client that declared shared results (it gets the watch cache's own objects), and `send`, which
 * runs one call to its result: the setting of every test of what components are handed.
 */
export function newSharedResultsServer(component = 'kube-scheduler') {
  const t = newTestApiServer();
  return {
    t,
    reader: t.client(),
    component: createApiClient(t.transport, component, {}, { sharedResults: true }),
    send: <T>(go: (cb: (result: Result<T>) => void) => void) => call<T>(t.loop, go),
  };
}

/** expectOk unwraps a successful result or fails with the Status message. */
export function expectOk<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected success, got ${result.code}: ${result.status.message}`);
  return result.value;
}

/** collectWatch opens a watch and returns the array its events land in, plus the handle. */
export function collectWatch(client: ApiClient, ref: Parameters<ApiClient['watch']>[0], options: Parameters<ApiClient['watch']>[1] = {}) {
  const events: ApiWatchEvent[] = [];
  let closed = false;
  const handle = client.watch(ref, options, (e) => events.push(e), () => (closed = true));
  return { events, handle, isClosed: () => closed };
}

/** pod builds a minimal pod manifest. */
export function pod(name: string, extra: Partial<KubeObject> & { spec?: Record<string, unknown> } = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] }, ...extra };
}
