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

/** Strings as ES2024 has them (QuickJS and Node do; the project's lib is ES2022). */
interface WellFormedString {
  isWellFormed(): boolean;
  toWellFormed(): string;
}

/**
 * packRunCollection is what `collect` hands the host: the collection as JSON with each etcd value
 * replaced by its length, a newline, then the values back to back. Stored values are JSON text
 * already: escaping tens of thousands of them into one JSON string, and parsing them back out,
 * took the guest about a second for a 10,000-pod keyspace, where joining them is a copy. A lone
 * surrogate, which UTF-8 cannot carry to the host, becomes U+FFFD first, so lengths stay true.
 * JSON.stringify never writes a raw newline, so the first one ends the head.
 */
export function packRunCollection(collection: RunCollection): string {
  const values: string[] = [];
  const etcdKeys = collection.etcdKeys.map((kv) => {
    const text = storedText(kv.value) as unknown as WellFormedString;
    const value = text.isWellFormed() ? (text as unknown as string) : text.toWellFormed();
    values.push(value);
    return { key: kv.key, createRevision: kv.createRevision, modRevision: kv.modRevision, version: kv.version, value: value.length };
  });
  return `${JSON.stringify({ ...collection, etcdKeys })}\n${values.join('')}`;
}

/** unpackRunCollection reverses packRunCollection: each etcd value comes back as its stored text. */
export function unpackRunCollection(packed: string): RunCollection {
  const headEnd = packed.indexOf('\n');
  if (headEnd < 0) throw new Error('run results: the etcd values are missing');
  const collection = JSON.parse(packed.slice(0, headEnd)) as RunCollection;
  let at = headEnd + 1;
  for (const kv of collection.etcdKeys) {
    const length = kv.value as number;
    kv.value = packed.slice(at, at + length);
    at += length;
  }
  if (at !== packed.length) throw new Error(`run results: the etcd values hold ${packed.length - headEnd - 1} characters, the keys ${at - headEnd - 1}`);
  return collection;
}

/** RunHook is the guest global `__kubeRun` the runner calls between and after steps. */
export interface RunHook {
  markLastStep(): void;
  /** The run's results, packed by packRunCollection. */
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
    collect: () => packRunCollection(collectRunResults()),
  };
  Object.defineProperty(globalThis, '__kubeRun', { value: hook, enumerable: false, configurable: true });
}
