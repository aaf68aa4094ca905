/**
 * Domain verbs for tests and step checks, in the spirit of eliben/raft's test harness: say what
 * should be true of the cluster (`expectPodRunning(cluster, 'nginx')`), not how to dig it out.
 * They use only the cluster's public API, drive virtual time when they wait, and throw plain
 * Errors whose messages explain the state they found, so they work in Vitest and in the sandbox.
 */
import type { Cluster } from '../cluster/cluster';
import type { Pod, Node } from '../api/types';
import type { TraceEntry } from '../sim/trace';

/** getPod reads a pod as the admin, or undefined when it does not exist. */
export async function getPod(cluster: Cluster, name: string, namespace = 'default'): Promise<Pod | undefined> {
  try {
    return await cluster.client().get<Pod>({ resource: 'pods', namespace, name });
  } catch (error) {
    if ((error as { code?: number }).code === 404) return undefined;
    throw error;
  }
}

/** describePodState summarises why a pod is where it is, for failure messages. */
export function describePodState(pod: Pod | undefined): string {
  if (!pod) return 'it does not exist';
  const status = pod.status ?? {};
  const waiting = (status.containerStatuses ?? []).map((c) => c.state.waiting?.reason).filter(Boolean);
  const scheduled = status.conditions?.find((c) => c.type === 'PodScheduled');
  const parts = [`phase ${status.phase ?? '(none)'}`, `node ${pod.spec.nodeName || '(unscheduled)'}`];
  if (scheduled?.status === 'False') parts.push(`PodScheduled=False: ${scheduled.message ?? scheduled.reason ?? ''}`);
  if (waiting.length) parts.push(`waiting: ${waiting.join(', ')}`);
  return parts.join(', ');
}

/**
 * expectPodRunning waits (up to `timeout`, default 60 s of virtual time) for the pod to be Running
 * on a node with an IP, and returns it; otherwise it throws saying what state the pod is in.
 */
export async function expectPodRunning(cluster: Cluster, name: string, options: { namespace?: string; timeout?: string | number } = {}): Promise<Pod> {
  const namespace = options.namespace ?? 'default';
  let pod: Pod | undefined;
  const deadline = cluster.now() + (typeof options.timeout === 'number' ? options.timeout : parseSeconds(options.timeout ?? '60s'));
  for (;;) {
    pod = await getPod(cluster, name, namespace);
    if (pod?.status?.phase === 'Running' && pod.spec.nodeName && pod.status.podIP) return pod;
    if (cluster.now() >= deadline) break;
    await cluster.run({ for: Math.min(1_000, deadline - cluster.now()) });
  }
  throw new Error(`expected pod ${namespace}/${name} to be Running on a node with an IP, but ${describePodState(pod)}`);
}

function parseSeconds(text: string): number {
  const match = /^(\d+)(ms|s|m)$/.exec(text);
  if (!match) throw new Error(`timeout ${JSON.stringify(text)}: use "500ms", "30s" or "2m"`);
  return Number(match[1]) * (match[2] === 'ms' ? 1 : match[2] === 's' ? 1_000 : 60_000);
}

/** podsOnNode lists the names of the pods bound to `node` (all namespaces, as `namespace/name` outside default). */
export async function podsOnNode(cluster: Cluster, node: string): Promise<string[]> {
  const list = await cluster.client().list<Pod>({ resource: 'pods' }, { fieldSelector: `spec.nodeName=${node}` });
  return list.items.map((p) => (p.metadata.namespace === 'default' ? p.metadata.name! : `${p.metadata.namespace}/${p.metadata.name}`)).sort();
}

/** nodeReady tells whether the node's Ready condition is True. */
export async function nodeReady(cluster: Cluster, node: string): Promise<boolean> {
  const object = await cluster.client().get<Node>({ resource: 'nodes', name: node });
  return object.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/** cordon marks a node unschedulable, as `kubectl cordon` does. */
export async function cordon(cluster: Cluster, node: string): Promise<void> {
  await cluster.client().patch({ resource: 'nodes', name: node }, { spec: { unschedulable: true } });
}

/** TraceMatcher matches one trace entry by any of its fields (strings match exactly, RegExps search). */
export type TraceMatcher = Partial<Record<string, string | number | RegExp>> & { kind: TraceEntry['kind'] };

function matches(entry: TraceEntry, matcher: TraceMatcher): boolean {
  return Object.entries(matcher).every(([field, expected]) => {
    const actual = (entry as unknown as Record<string, unknown>)[field];
    if (expected instanceof RegExp) return typeof actual === 'string' && expected.test(actual);
    return actual === expected;
  });
}

/**
 * expectTraceOrder checks that entries matching each matcher appear in this order (other entries
 * may come between), and returns the matched entries; it throws naming the first one not found.
 */
export function expectTraceOrder(entries: readonly TraceEntry[], matchers: TraceMatcher[]): TraceEntry[] {
  const found: TraceEntry[] = [];
  let from = 0;
  for (const [i, matcher] of matchers.entries()) {
    const at = entries.findIndex((entry, index) => index >= from && matches(entry, matcher));
    if (at < 0) {
      const describe = (m: TraceMatcher) => JSON.stringify(m, (_key, value: unknown) => (value instanceof RegExp ? String(value) : value));
      throw new Error(`trace: step ${i + 1} ${describe(matcher)} not found after ${found.length ? describe(matchers[i - 1]) : 'the start'}`);
    }
    found.push(entries[at]);
    from = at + 1;
  }
  return found;
}

/** snapshot is the run's observable result as JSON text: the trace and the etcd keyspace (for determinism checks). */
export function snapshot(cluster: Cluster): string {
  return JSON.stringify({ trace: cluster.trace.entries, keys: cluster.etcdKeys() });
}
