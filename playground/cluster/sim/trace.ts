/**
 * The trace is the cluster's flight recorder: every hop between components, stamped with virtual
 * time. The page draws the live sequence diagram from it and tests compare it byte for byte, so
 * entries hold plain JSON data only (no functions, no class instances, no undefined values).
 */

/** Participant names a component, as drawn in the sequence diagram. */
export type Participant = string;

/** Well-known participant names; kubelets and runtimes are per node (`kubelet/node-1`). */
export const APISERVER: Participant = 'kube-apiserver';
export const ETCD: Participant = 'etcd';
export const SCHEDULER: Participant = 'kube-scheduler';
export const CONTROLLER_MANAGER: Participant = 'kube-controller-manager';
export const kubeletOf = (node: string): Participant => `kubelet/${node}`;
export const runtimeOf = (node: string): Participant => `containerd/${node}`;

interface EntryBase {
  /** Virtual time in ms since the cluster started. */
  t: number;
  from: Participant;
  to: Participant;
}

/** RequestEntry is a client's HTTP request arriving at kube-apiserver. */
export interface RequestEntry extends EntryBase {
  kind: 'request';
  /** Correlates the request with its response. */
  id: number;
  method: string;
  /** Path with query string, as a client would send it. */
  path: string;
  /** Kubernetes verb from request info: get, list, watch, create, update, patch, delete. */
  verb: string;
  /** Authenticated user name, filled in once authentication ran ("" before). */
  user: string;
}

/** ResponseEntry is kube-apiserver's answer to a request. */
export interface ResponseEntry extends EntryBase {
  kind: 'response';
  id: number;
  code: number;
  /** Status reason for errors (Forbidden, Invalid, …), "" on success. */
  reason: string;
  /** Short human summary, such as `pods "nginx" created` or the Status message. */
  summary: string;
}

/** EtcdEntry is one operation the API server sent to etcd. */
export interface EtcdEntry extends EntryBase {
  kind: 'etcd';
  op: 'range' | 'put' | 'delete' | 'txn' | 'watch' | 'compact' | 'lease-grant' | 'lease-revoke' | 'lease-keepalive' | 'lease-timetolive' | 'lease-leases' | 'status';
  key: string;
  /** Cluster revision after the operation. */
  revision: number;
  /** For txn: whether the compare succeeded; for range: number of keys. */
  detail: string;
}

/** WatchEntry is a watch event delivered to a watcher. */
export interface WatchEntry extends EntryBase {
  kind: 'watch';
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  resource: string;
  namespace: string;
  name: string;
  resourceVersion: string;
}

/** ActionEntry is a component doing something worth showing: a scheduling decision, a CRI call. */
export interface ActionEntry extends EntryBase {
  kind: 'action';
  /** Short verb phrase: "schedule", "RunPodSandbox", "PullImage", "lease expired". */
  action: string;
  summary: string;
  /** Structured detail (for the scheduler: per-node filter verdicts and scores). */
  data?: unknown;
}

/** TraceEntry is one line of the flight recorder. */
export type TraceEntry = RequestEntry | ResponseEntry | EtcdEntry | WatchEntry | ActionEntry;

/** Distributes Omit over the union so each entry kind keeps its own fields. */
export type TraceInput = TraceEntry extends infer E ? (E extends TraceEntry ? Omit<E, 't'> : never) : never;

/** Trace records entries against a clock; `enabled = false` turns it into a no-op (benchmarks). */
export class Trace {
  readonly entries: TraceEntry[] = [];
  enabled = true;
  /** Entries beyond this are counted but not stored, so a runaway loop cannot exhaust memory. */
  maxEntries = 50_000;
  dropped = 0;

  constructor(private readonly now: () => number) {}

  /** record stamps the entry with the current virtual time and stores it. */
  record(entry: TraceInput): void {
    if (!this.enabled) return;
    if (this.entries.length >= this.maxEntries) {
      this.dropped++;
      return;
    }
    this.entries.push({ t: this.now(), ...entry } as TraceEntry);
  }

  /** since returns the entries recorded after the given index (for "what did this step do"). */
  since(index: number): TraceEntry[] {
    return this.entries.slice(index);
  }

  /** mark is the index to pass to since() later. */
  mark(): number {
    return this.entries.length;
  }
}
