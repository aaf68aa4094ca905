/**
 * benchmarkScheduling measures kube-scheduler's hot path — scheduleOne's pop, filter, score,
 * select and assume — for many pods on many nodes, with tracing off and a stub API client, so
 * the number reflects the scheduler and not the API server.
 */
import { EventLoop } from '../sim/loop';
import { SeededIds } from '../sim/ids';
import { Trace } from '../sim/trace';
import type { SimContext } from '../sim/context';
import { Scheduler } from './scheduler';
import { StubApiClient } from './stub-client';
import { makeNode, makePod } from './testing';

/** BenchmarkResult reports how fast scheduling went and whether every pod found a node. */
export interface BenchmarkResult {
  pods: number;
  nodes: number;
  scheduled: number;
  elapsedMs: number;
  podsPerSecond: number;
}

/** benchmarkScheduling schedules `pods` pods (varied requests) onto `nodes` nodes. `clock` is a real-time ms clock. */
export function benchmarkScheduling(options: { pods: number; nodes: number; clock: () => number }): BenchmarkResult {
  const loop = new EventLoop();
  const trace = new Trace(() => loop.now());
  trace.enabled = false;
  const ctx: SimContext = { loop, trace, ids: new SeededIds(1) };
  const client = new StubApiClient(ctx);
  const scheduler = new Scheduler(client, ctx);
  for (let i = 0; i < options.nodes; i++) {
    scheduler.cache.setNode(makeNode(`node-${i}`, { cpu: '32', memory: '128Gi', pods: '110', labels: { zone: `zone-${i % 3}` } }));
  }
  const pods = [];
  for (let i = 0; i < options.pods; i++) {
    const pod = makePod(`pod-${i}`, { cpu: `${100 + (i % 5) * 100}m`, memory: `${128 * (1 + (i % 4))}Mi` });
    if (i % 10 === 0) pod.spec.nodeSelector = { zone: `zone-${i % 3}` };
    pods.push(pod);
  }
  const started = options.clock();
  for (const pod of pods) scheduler.queue.add(pod);
  let scheduled = 0;
  while (scheduler.scheduleOne()) scheduled++;
  const elapsedMs = Math.max(1e-3, options.clock() - started);
  return {
    pods: options.pods,
    nodes: options.nodes,
    scheduled: client.bindings.length,
    elapsedMs,
    podsPerSecond: Math.round((scheduled / elapsedMs) * 1000),
  };
}
