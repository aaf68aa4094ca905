/**
 * The run registry remembers every cluster a run creates, so that the runner can collect what the
 * reader should see afterwards (trace, etcd keys, virtual time) without the step having to return
 * anything. It is bundled into the "kube" module (kube-entry.ts) and also used directly by Node
 * tests, which run steps outside the sandbox.
 *
 * It reads clusters duck-typed on purpose: `trace` (an array of entries, or an object with
 * `entries`), `etcdKeys()`, and for virtual time `now()`/`loop.now()`. That keeps the sandbox independent of the control plane's internals.
 */

/** RawEtcdKey is one key as the cluster reports it; `value` is an object or stored text. */
export interface RawEtcdKey {
  key: string;
  createRevision: number;
  modRevision: number;
  version: number;
  value: unknown;
}

/** storedText is a key's value as etcd holds it: the cluster's stored text, or a fixture's object as JSON. */
export function storedText(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
}

/** RunCollection is what one run produced, gathered from all its clusters (JSON-able). */
export interface RunCollection {
  trace: unknown[];
  traceStartOfLastStep: number;
  etcdKeys: RawEtcdKey[];
  virtualTimeMs: number;
}

/** RunHook is the guest global `__kubeRun` the runner calls between and after steps. */
export interface RunHook {
  markLastStep(): void;
  collect(): string;
}

interface ClusterLike {
  trace?: unknown;
  etcdKeys?: (options?: { rawValues?: boolean }) => unknown;
  now?: () => number;
  loop?: { now?: () => number };
}

const clusters: ClusterLike[] = [];
let traceMark = 0;

/** rememberCluster records a cluster created during this run and returns it unchanged. */
export function rememberCluster<T>(cluster: T): T {
  if (cluster !== null && typeof cluster === 'object') clusters.push(cluster as ClusterLike);
  return cluster;
}

/** resetRun forgets all clusters (Node tests reuse one process for many runs). */
export function resetRun(): void {
  clusters.length = 0;
  traceMark = 0;
}

function traceOf(cluster: ClusterLike): unknown[] {
  const trace = cluster.trace as { entries?: unknown } | unknown[] | undefined;
  if (Array.isArray(trace)) return trace;
  if (trace && Array.isArray((trace as { entries?: unknown }).entries)) return (trace as { entries: unknown[] }).entries;
  return [];
}

function virtualTimeOf(cluster: ClusterLike): number {
  if (typeof cluster.now === 'function') return cluster.now();
  if (cluster.loop && typeof cluster.loop.now === 'function') return cluster.loop.now();
  return 0;
}

/** markLastStep remembers where the trace stands when the last step starts. */
export function markLastStep(): void {
  traceMark = clusters.reduce((sum, cluster) => sum + traceOf(cluster).length, 0);
}

/** collectRunResults gathers the trace of all clusters and the keyspace of the newest one. */
export function collectRunResults(): RunCollection {
  const trace = clusters.flatMap(traceOf);
  const newest = clusters[clusters.length - 1];
  // Stored text, not parsed values: the host parses them (runner.ts), far cheaper than the guest.
  const keys = newest && typeof newest.etcdKeys === 'function' ? newest.etcdKeys({ rawValues: true }) : [];
  return {
    trace,
    traceStartOfLastStep: Math.min(traceMark, trace.length),
    etcdKeys: Array.isArray(keys) ? (keys as RawEtcdKey[]) : [],
    virtualTimeMs: clusters.reduce((max, cluster) => Math.max(max, virtualTimeOf(cluster)), 0),
  };
}

/** installRunHook exposes the registry to the runner as the hidden guest global `__kubeRun`. */
export function installRunHook(): void {
  const hook: RunHook = {
    markLastStep,
    collect: () => JSON.stringify(collectRunResults()),
  };
  Object.defineProperty(globalThis, '__kubeRun', { value: hook, enumerable: false, configurable: true });
}
