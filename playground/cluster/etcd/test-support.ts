/**
 * Test helpers for the etcd package: a fresh simulated cluster context with an EtcdServer, and a
 * watch that records every response it receives.
 */
import { EventLoop } from '../sim/loop';
import { SeededIds } from '../sim/ids';
import { Trace } from '../sim/trace';
import type { SimContext } from '../sim/context';
import { EtcdServer } from './server';
import type { EtcdServerOptions } from './server';
import type { EtcdClient, WatchRequest, WatchResponse, Watcher } from './types';

/** TestEtcd bundles a server with its loop, trace and an apiserver client. */
export interface TestEtcd {
  ctx: SimContext;
  loop: EventLoop;
  trace: Trace;
  server: EtcdServer;
  client: EtcdClient;
}

/** newTestEtcd makes a fresh server on a fresh virtual clock (seed fixes the lease ids). */
export function newTestEtcd(options?: EtcdServerOptions, seed = 1): TestEtcd {
  const loop = new EventLoop();
  const trace = new Trace(() => loop.now());
  const ctx: SimContext = { loop, trace, ids: new SeededIds(seed) };
  const server = new EtcdServer(ctx, options);
  return { ctx, loop, trace, server, client: server.client('kube-apiserver') };
}

/** RecordedWatch is a watch plus every response it has received so far. */
export interface RecordedWatch {
  watcher: Watcher;
  responses: WatchResponse[];
}

/** recordWatch opens a watch that stores its responses. */
export function recordWatch(client: EtcdClient, req: WatchRequest): RecordedWatch {
  const responses: WatchResponse[] = [];
  const watcher = client.watch(req, (res) => responses.push(res));
  return { watcher, responses };
}

/** drain runs the event loop until nothing is left, but never past `deadlineMs`. */
export function drain(loop: EventLoop, deadlineMs = loop.now() + 1_000): void {
  loop.runUntil(() => false, deadlineMs);
}
